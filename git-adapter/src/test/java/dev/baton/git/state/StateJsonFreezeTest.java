package dev.baton.git.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.state.internal.StateJson;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Freeze;
import dev.baton.model.FreezeHolds;
import dev.baton.model.ProjectId;
import dev.baton.model.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Freezes say what they hold; freezes stored before they did keep their meaning. */
class StateJsonFreezeTest {
  // the exact document StateJson wrote for a freeze before freezes had 'holds'
  private static final String OLD = """
      {
        "by" : "alice@example.com",
        "environment" : "production",
        "from" : "2026-11-22T10:15:30Z",
        "project" : "shop",
        "reason" : "release week",
        "until" : null
      }
      """;

  @Test
  void aFreezeStoredBeforeItSaidWhatItHoldsReadsAsHoldingTheDeployOnly() {
    Freeze read = StateJson.read("freezes/shop/production.json",
        OLD.getBytes(StandardCharsets.UTF_8), Freeze.class);
    assertThat(read.holds()).isEqualTo(FreezeHolds.DEPLOY);
    assertThat(read.reason()).isEqualTo("release week");
    assertThat(new String(StateJson.write(read), StandardCharsets.UTF_8))
        .contains("\"holds\" : \"DEPLOY\"");
  }

  @Test
  void aNewFreezeHoldsTheWriteByDefaultAndRoundTrips() {
    Freeze fresh = new Freeze(ProjectId.of("shop"), EnvironmentName.of("production"), "audit",
        UserId.of("alice@example.com"), Instant.parse("2026-11-22T10:15:30Z"), Optional.empty());
    assertThat(fresh.holds()).isEqualTo(FreezeHolds.WRITE_AND_DEPLOY);
    byte[] json = StateJson.write(fresh);
    assertThat(new String(json, StandardCharsets.UTF_8))
        .contains("\"holds\" : \"WRITE_AND_DEPLOY\"");
    assertThat(StateJson.read("f.json", json, Freeze.class)).isEqualTo(fresh);
  }

  @Test
  void anUnknownHoldsValueIsAStoreCorruption() {
    byte[] bad = OLD.replace("\"until\" : null", "\"until\" : null, \"holds\" : \"NOTHING\"")
        .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> StateJson.read("freezes/shop/production.json", bad, Freeze.class))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_CORRUPT));
  }
}
