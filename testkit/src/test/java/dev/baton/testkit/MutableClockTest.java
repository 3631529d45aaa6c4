package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MutableClockTest {

  @Test
  void standsStillUntilMoved() {
    MutableClock clock = MutableClock.create();

    assertThat(clock.instant()).isEqualTo(MutableClock.DEFAULT_START);
    assertThat(clock.instant()).isEqualTo(MutableClock.DEFAULT_START);
    assertThat(clock.millis()).isEqualTo(MutableClock.DEFAULT_START.toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void setsAndAdvances() {
    Instant start = Instant.parse("2030-06-01T12:00:00Z");
    MutableClock clock = MutableClock.at(start);

    assertThat(clock.advance(Duration.ofMinutes(5))).isEqualTo(start.plusSeconds(300));
    clock.set(start.minusSeconds(10));

    assertThat(clock.instant()).isEqualTo(start.minusSeconds(10));
  }

  @Test
  void refusesToAdvanceBackwards() {
    MutableClock clock = MutableClock.create();

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(() -> clock.set(null)).isInstanceOf(BatonException.class);
    assertThat(clock.instant()).isEqualTo(MutableClock.DEFAULT_START);
  }

  @Test
  void zonedViewsShareTheInstant() {
    MutableClock clock = MutableClock.create();
    MutableClock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofHours(1));

    assertThat(paris.instant()).isEqualTo(clock.instant());
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris).isNotEqualTo(clock);
    assertThat(paris.withZone(ZoneOffset.UTC)).isEqualTo(clock);
    assertThat(MutableClock.create()).isNotEqualTo(clock);
  }

  @Test
  void concurrentAdvancesAreNotLost() throws InterruptedException {
    MutableClock clock = MutableClock.create();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          clock.advance(Duration.ofMillis(1));
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(clock.instant()).isEqualTo(MutableClock.DEFAULT_START.plusMillis(8000));
  }
}
