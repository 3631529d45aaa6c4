package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void parsesShortAndIsoDurations() {
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(Durations.parse("PT1H")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse(" 1H ")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void zeroIsAcceptedOnlyWhereAskedFor() {
    assertThat(Durations.parseAllowingZero("0s")).isZero();
    assertThat(Durations.parseAllowingZero("PT0S")).isZero();
    assertThat(Durations.parseAllowingZero("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThatThrownBy(() -> Durations.parseAllowingZero("-1h"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesWhatIsNotAPositiveDuration() {
    for (String bad : new String[] {"", "soon", "1", "h", "1x", "1h 30m", "0m", "PT0S", "-1h",
        "PT-1H", "1h30", "999999999999999d", "106751991167300d1d", "9223372036854775807s1s",
        "99999999999999999999h"}) {
      assertThatThrownBy(() -> Durations.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void readsDatesAsMidnightUtcAndTimestampsWithOffset() {
    assertThat(Durations.instant("2026-11-22")).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
    assertThat(Durations.instant("2026-11-22T10:00:00+01:00"))
        .isEqualTo(Instant.parse("2026-11-22T09:00:00Z"));
    assertThat(Durations.endOf("2026-11-22")).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(Durations.endOf("2026-11-22T10:00:00Z"))
        .isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    assertThatThrownBy(() -> Durations.instant("yesterday"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2026-11-22");
    assertThatThrownBy(() -> Durations.instant("2026-11-22T10:00:00"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsForPeople() {
    assertThat(Durations.format(Duration.ofSeconds(40))).isEqualTo("40s");
    assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(Durations.format(Duration.ofDays(3).plusHours(4))).isEqualTo("3d");
    assertThat(Durations.format(Duration.ofSeconds(-5))).isEqualTo("0s");
  }
}
