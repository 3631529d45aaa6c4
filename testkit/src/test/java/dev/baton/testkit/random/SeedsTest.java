package dev.baton.testkit.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SeedsTest {
  @AfterEach
  void clearProperties() {
    System.clearProperty(Seeds.SEED_PROPERTY);
    System.clearProperty(Seeds.RUNS_PROPERTY);
    System.clearProperty(Seeds.BASE_SEED_PROPERTY);
  }

  @Test
  void caseSeedsArePureAndWellSpread() {
    Set<Long> seeds = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(Seeds.caseSeed(1, i)).isEqualTo(Seeds.caseSeed(1, i));
      seeds.add(Seeds.caseSeed(1, i));
      seeds.add(Seeds.caseSeed(2, i));
    }
    assertThat(seeds).hasSize(20_000);
  }

  @Test
  void withoutPropertiesThePlanDerivesTheRequestedNumberOfSeeds() {
    assertThat(Seeds.plan(OptionalLong.empty(), OptionalLong.of(9), 3))
        .containsExactly(Seeds.caseSeed(9, 0), Seeds.caseSeed(9, 1), Seeds.caseSeed(9, 2));
    long[] random = Seeds.plan(OptionalLong.empty(), OptionalLong.empty(), 4);
    assertThat(random).hasSize(4).doesNotHaveDuplicates();
  }

  @Test
  void systemPropertiesSteerThePlan() {
    System.setProperty(Seeds.BASE_SEED_PROPERTY, "9");
    System.setProperty(Seeds.RUNS_PROPERTY, "2");
    assertThat(Seeds.plan(OptionalLong.empty(), OptionalLong.empty(), 50))
        .containsExactly(Seeds.caseSeed(9, 0), Seeds.caseSeed(9, 1));

    System.setProperty(Seeds.SEED_PROPERTY, "-123");
    assertThat(Seeds.plan(OptionalLong.empty(), OptionalLong.empty(), 50)).containsExactly(-123L);
    assertThat(Seeds.plan(OptionalLong.of(5), OptionalLong.empty(), 50)).containsExactly(5L);
  }

  @Test
  void malformedPropertiesAreRefused() {
    System.setProperty(Seeds.SEED_PROPERTY, "12abc");
    assertThatThrownBy(Seeds::replaySeed)
        .isInstanceOfSatisfying(
            BatonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("baton.seed");
    System.setProperty(Seeds.RUNS_PROPERTY, "0");
    assertThatThrownBy(Seeds::runsOverride).isInstanceOf(BatonException.class);
  }

  @Test
  void theReplayCommandNamesTheModuleTheTestAndTheSeed() {
    assertThat(Seeds.replayCommand(77))
        .isEqualTo(
            "mvn -pl testkit -am test"
                + " -Dtest=SeedsTest#theReplayCommandNamesTheModuleTheTestAndTheSeed"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dbaton.seed=77");
  }

  @Test
  void theReplayCommandFindsTheTestFromInsideALambda() {
    AtomicReference<String> command = new AtomicReference<>();
    Runnable inner = () -> command.set(Seeds.replayCommand(-5));
    inner.run();
    assertThat(command.get())
        .contains("-Dtest=SeedsTest#theReplayCommandFindsTheTestFromInsideALambda ")
        .endsWith("-Dbaton.seed=-5");
  }
}
