package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.fail;

import dev.baton.examples.cli.CrashPlan.Operation;
import dev.baton.testkit.random.Seeds;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Real crashes: the CLI run as a process and killed with {@code kill -9} at random points of
 * request, approve, deploy and recover, over many seeded trials, then {@code baton recover
 * --older-than 0s} and the invariants of {@link CrashChecks}.
 *
 * <p>The trial seeds derive from a fixed base, so CI runs the same trials every time. Steer a run
 * with system properties (or the environment variables in brackets):
 *
 * <ul>
 *   <li>{@code -Dbaton.crash.seed=N} ({@code BATON_CRASH_SEED}): replay the one trial a failure
 *       names;
 *   <li>{@code -Dbaton.crash.trials=N} ({@code BATON_CRASH_TRIALS}): run N trials (a soak);
 *   <li>{@code -Dbaton.crash.baseSeed=N} ({@code BATON_CRASH_BASE_SEED}): other trials.
 * </ul>
 */
class CrashIT extends CliTestBase {
  /** The base of CI's trial seeds. */
  static final long BASE_SEED = 0x0BA7_0C4A_5E5EL;
  static final int DEFAULT_TRIALS = 24;

  @Test
  void killedOperationsAreRecoveredWithNothingLostOrDoubled() throws Exception {
    long started = System.nanoTime();
    CrashRepos repos = CrashRepos.make(cli, tmp.resolve("samples"));
    long made = System.nanoTime();
    CrashTrial trial = new CrashTrial(repos.cli(), repos);
    List<CrashTrial.Outcome> outcomes = new ArrayList<>();
    long[] seeds = seeds();
    for (int i = 0; i < seeds.length; i++) {
      CrashPlan plan = CrashPlan.of(seeds[i]);
      CrashTrial.Outcome outcome = trial.run(plan, tmp.resolve("trial-" + i));
      outcomes.add(outcome);
      System.out.printf("crash trial %d/%d seed %d: %s -> %s, %s (%d ms)%n", i + 1, seeds.length,
          plan.seed(), plan, outcome.kills(), outcome.failed()
              ? outcome.violations().size() + " violation(s)" : "ok", outcome.millis());
    }
    System.out.println(summary(repos, outcomes, (made - started) / 1_000_000,
        (System.nanoTime() - made) / 1_000_000));

    List<String> failures = outcomes.stream().filter(CrashTrial.Outcome::failed)
        .map(CrashIT::failure).toList();
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + outcomes.size() + " crash trial(s) broke an invariant:\n"
          + String.join("\n\n", failures));
    }
  }

  private static long[] seeds() {
    Optional<Long> one = setting("baton.crash.seed", "BATON_CRASH_SEED");
    if (one.isPresent()) {
      return new long[] {one.get()};
    }
    int trials = setting("baton.crash.trials", "BATON_CRASH_TRIALS").map(Long::intValue)
        .orElse(DEFAULT_TRIALS);
    long base = setting("baton.crash.baseSeed", "BATON_CRASH_BASE_SEED").orElse(BASE_SEED);
    long[] seeds = new long[trials];
    for (int i = 0; i < trials; i++) {
      seeds[i] = Seeds.caseSeed(base, i);
    }
    return seeds;
  }

  private static Optional<Long> setting(String property, String variable) {
    String text = Optional.ofNullable(System.getProperty(property))
        .or(() -> Optional.ofNullable(System.getenv(variable)))
        .filter(s -> !s.isBlank()).orElse(null);
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(property + " is not a whole number: " + text, e);
    }
  }

  private static String failure(CrashTrial.Outcome o) {
    return "seed " + o.plan().seed() + ": " + o.plan() + "; " + o.kills() + "\n  - "
        + String.join("\n  - ", o.violations()) + "\nreplay with -Dbaton.crash.seed="
        + o.plan().seed() + "  (mvn -B -o verify -pl examples -am -Dit.test=CrashIT -Dtest=none"
        + " -Dsurefire.failIfNoSpecifiedTests=false -Dbaton.crash.seed=" + o.plan().seed() + ")";
  }

  private static String summary(CrashRepos repos, List<CrashTrial.Outcome> outcomes,
      long setUpMillis, long trialMillis) {
    Map<Operation, int[]> byOperation = new EnumMap<>(Operation.class);
    for (CrashTrial.Outcome o : outcomes) {
      for (CrashTrial.Kill k : o.kills()) {
        int[] counts = byOperation.computeIfAbsent(k.operation(), x -> new int[3]);
        counts[0]++;
        counts[1] += k.landed() ? 1 : 0;
      }
      byOperation.computeIfAbsent(o.plan().operation(), x -> new int[3])[2] +=
          o.failed() ? 1 : 0;
    }
    String rows = byOperation.entrySet().stream().map(e -> "  " + e.getKey() + ": "
        + e.getValue()[0] + " started, " + e.getValue()[1] + " killed while running, "
        + e.getValue()[2] + " failed trial(s) (runs " + repos.runningMillis(e.getKey())
        + " ms unkilled)").collect(Collectors.joining("\n"));
    return "crash suite: " + outcomes.size() + " trial(s), "
        + outcomes.stream().filter(CrashTrial.Outcome::failed).count() + " failed; samples "
        + setUpMillis + " ms, trials " + trialMillis + " ms\n" + rows;
  }
}
