package dev.baton.git.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.state.internal.StateJson;
import dev.baton.model.ExecutionClaim;
import dev.baton.model.Promotion;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Execution claims keep their fencing token and renewal, and old claims without them read. */
class StateJsonClaimTest {
  private final Promotion rich = Fixtures.richPromotion("p-7");

  private String json() {
    return new String(StateJson.write(rich), StandardCharsets.UTF_8);
  }

  private static Promotion read(String json) {
    return StateJson.read("promotions/p-7.json", json.getBytes(StandardCharsets.UTF_8),
        Promotion.class);
  }

  @Test
  void theTokenAndTheRenewalAreWrittenAndReadBack() {
    ExecutionClaim claim = rich.claim().orElseThrow();
    assertThat(claim.renewedAt()).isAfter(claim.since());

    assertThat(json()).contains("\"token\" : " + claim.token())
        .contains("\"renewedAt\" : \"" + claim.renewedAt() + "\"");
    assertThat(read(json())).isEqualTo(rich);
  }

  @Test
  void aClaimWrittenBeforeTokensExistedHasTokenZeroAndWasRenewedWhenTaken() {
    String old = json().replaceAll("\\s*\"token\" : \\d+,", "")
        .replaceAll("\\s*\"renewedAt\" : \"[^\"]+\",", "");
    assertThat(old).doesNotContain("token").doesNotContain("renewedAt");

    ExecutionClaim claim = read(old).claim().orElseThrow();

    assertThat(claim.token()).isZero();
    assertThat(claim.renewedAt()).isEqualTo(claim.since());
    assertThat(claim.owner()).isEqualTo(rich.claim().get().owner());
    assertThat(claim.written()).isEqualTo(rich.claim().get().written());
  }

  @Test
  void aClaimIsStillReadStrictly() {
    assertCorrupt(json().replaceFirst("\"token\" : \\d+", "\"token\" : -1"), "token");
    assertCorrupt(json().replaceFirst("\"token\" : \\d+", "\"token\" : \"one\""), "token");
    assertCorrupt(json().replaceFirst("\"token\" : ", "\"tokens\" : 1, \"token\" : "),
        "tokens");
    assertCorrupt(json().replaceFirst("\"renewedAt\" : \"[^\"]+\"", "\"renewedAt\" : \"soon\""),
        "renewedAt");
  }

  @Test
  void aPromotionWithoutClaimStillReads() {
    Promotion idle = rich.toBuilder().claim(Optional.empty()).build();
    assertThat(StateJson.read("p.json", StateJson.write(idle), Promotion.class)).isEqualTo(idle);
  }

  private static void assertCorrupt(String json, String mentions) {
    assertThatThrownBy(() -> read(json)).isInstanceOfSatisfying(BatonException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.STORE_CORRUPT);
      assertThat(e.getMessage()).contains("promotions/p-7.json").contains(mentions);
    });
  }
}
