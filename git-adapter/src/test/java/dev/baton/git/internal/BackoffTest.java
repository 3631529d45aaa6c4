package dev.baton.git.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void delaysGrowExponentiallyWithJitterAndStayUnderTheCap() {
    long seed = 7;
    Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), new Random(seed),
        duration -> { });
    Set<Duration> seen = new HashSet<>();
    for (int round = 0; round < 50; round++) {
      for (int failed = 1; failed <= 8; failed++) {
        long base = Math.min(100, 10L << (failed - 1));
        Duration delay = backoff.delay(failed);
        assertThat(delay).as("seed %s, failed %s", seed, failed)
            .isBetween(Duration.ofMillis(base / 2), Duration.ofMillis(base));
        seen.add(delay);
      }
    }
    assertThat(seen).as("jitter varies the delays").hasSizeGreaterThan(100);
  }

  @Test
  void aHugeAttemptCountDoesNotOverflow() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10), new Random(1),
        duration -> { });
    assertThat(backoff.delay(Integer.MAX_VALUE))
        .isBetween(Duration.ofMinutes(5), Duration.ofMinutes(10));
  }

  @Test
  void zeroBackoffNeverWaits() {
    Backoff backoff = new Backoff(Duration.ZERO, Duration.ZERO, new Random(1), duration -> { });
    assertThat(backoff.delay(3)).isZero();
  }

  @Test
  void anInterruptedWaitIsABackendFailureAndKeepsTheFlag() {
    Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), new Random(1),
        duration -> {
          throw new InterruptedException("stop");
        });
    try {
      assertThatThrownBy(() -> backoff.pause(1)).isInstanceOfSatisfying(BatonException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
