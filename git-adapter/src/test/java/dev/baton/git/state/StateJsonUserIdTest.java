package dev.baton.git.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.state.internal.StateJson;
import dev.baton.model.Decision;
import dev.baton.model.UserId;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Stored user ids are read through the same normalisation as new ones. */
class StateJsonUserIdTest {

  private static byte[] decisionBy(String by) {
    return ("{\"at\":\"2026-11-22T10:15:30Z\",\"by\":\"" + by
        + "\",\"comment\":\"\",\"kind\":\"APPROVE\"}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anIdStoredInAnotherSpellingReadsAsItsNormalFormAndIsWrittenSo() {
    Decision read = StateJson.read("d.json", decisionBy("ALICE@Example.COM."), Decision.class);
    assertThat(read.by()).isEqualTo(UserId.of("alice@example.com"));
    assertThat(new String(StateJson.write(read), StandardCharsets.UTF_8))
        .contains("\"alice@example.com\"").doesNotContain("ALICE");
    assertThat(StateJson.read("d.json", StateJson.write(read), Decision.class)).isEqualTo(read);
  }

  @Test
  void anIdWithAnInvisibleCharacterIsAStoreCorruptionThatNamesTheDocument() {
    assertThatThrownBy(() -> StateJson.read("promotions/p-1.json",
        decisionBy("alice\\u200b@example.com"), Decision.class))
        .isInstanceOfSatisfying(BatonException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.STORE_CORRUPT);
          assertThat(e.getMessage()).contains("promotions/p-1.json");
        });
  }
}
