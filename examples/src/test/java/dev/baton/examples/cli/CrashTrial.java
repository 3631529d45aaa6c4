package dev.baton.examples.cli;

import dev.baton.examples.cli.CrashPlan.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One crash trial: a copy of the right sample, the planned operation started as a real
 * {@code baton} process and killed with SIGKILL ({@link Process#destroyForcibly} on Linux) after
 * the planned delay, then {@code baton recover --older-than 0s} once or twice, then
 * {@link CrashChecks}. Only the JVM is killed: a deploy command it started keeps running, as it
 * would after a real crash, and the checks wait for it to end. Not thread-safe.
 */
final class CrashTrial {

  /** What a trial did and found. */
  record Outcome(CrashPlan plan, List<Kill> kills, List<String> violations, long millis) {
    boolean failed() {
      return !violations.isEmpty();
    }
  }

  /**
   * One kill: the operation, when, whether it was still running then (a kill after the process
   * ended kills nothing), and how the process failed if it ended by itself with an error (empty
   * otherwise).
   */
  record Kill(Operation operation, String when, boolean landed, String failure) {
    @Override
    public String toString() {
      return operation + (landed ? " killed " : " ended before its kill ") + when;
    }
  }

  private final CliProcess cli;
  private final CrashRepos repos;

  CrashTrial(CliProcess cli, CrashRepos repos) {
    this.cli = cli;
    this.repos = repos;
  }

  /** Runs the plan in {@code folder} (which must not exist yet). */
  Outcome run(CrashPlan plan, Path folder) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Operation setUp = plan.operation() == Operation.RECOVER ? plan.first() : plan.operation();
    Path trial = repos.trial(setUp, folder, plan.deploySleepMillis());
    Path repo = trial.resolve("shop");
    List<Kill> kills = new ArrayList<>();
    List<ProcessHandle> orphans = new ArrayList<>();
    kills.add(startAndKill(repo, setUp, plan.operation() == Operation.RECOVER
        ? plan.firstKill() : plan.kill(), plan, orphans));
    if (plan.operation() == Operation.RECOVER) {
      kills.add(startAndKill(repo, Operation.RECOVER, plan.kill(), plan, orphans));
    }
    StringBuilder recoverErrors = new StringBuilder();
    List<String> violations = new ArrayList<>();
    kills.stream().map(Kill::failure).filter(f -> !f.isEmpty()).forEach(violations::add);
    for (int i = 0; i < plan.recoverRuns(); i++) {
      CliProcess.Result recovered = cli.baton(repo, "recover", "--older-than", "0s");
      recoverErrors.append(recovered.err());
      if (recovered.exit() != 0) {
        violations.add("recover run " + (i + 1) + " exits " + recovered.exit() + ":\n"
            + recovered.out() + recovered.err());
      }
    }
    // The deploy commands of killed processes: let them finish writing their log.
    for (ProcessHandle orphan : orphans) {
      try {
        orphan.onExit().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        violations.add("a deploy command left by a killed baton did not end: " + orphan);
        orphan.destroyForcibly();
      }
    }
    violations.addAll(CrashChecks.violations(cli, trial, recoverErrors.toString()));
    if (!violations.isEmpty()) {
      violations.add("deploy log:\n" + deployLog(trial) + "recover said:\n" + recoverErrors);
    }
    return new Outcome(plan, kills, violations, (System.nanoTime() - start) / 1_000_000);
  }

  private Kill startAndKill(Path repo, Operation operation, CrashPlan.KillPoint point,
      CrashPlan plan, List<ProcessHandle> orphans) throws IOException, InterruptedException {
    Path log = repo.resolveSibling("deploys.log");
    long startsBefore = starts(log);
    CliProcess.Running process = cli.start(repo,
        repos.arguments(operation).toArray(String[]::new));
    long started = System.nanoTime();
    long delay;
    String when;
    if (point.afterDeployStart() && !CrashPlan.deploys(operation)) {
      // An approve into the manual stage never deploys: kill it while it works instead.
      point = new CrashPlan.KillPoint(false, 0.35 + 0.70 * point.share());
    }
    if (point.afterDeployStart()) {
      // Polled with bounded waits on the process, which end early when the process does.
      while (starts(log) == startsBefore
          && !process.process().waitFor(10, TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(120)) {
          throw new AssertionError(operation + " hangs\n" + process.printed());
        }
      }
      delay = Math.round(point.share() * plan.deploySleepMillis());
      when = delay + " ms after the deploy command started";
    } else {
      long running = repos.runningMillis(operation)
          + (CrashPlan.deploys(operation) ? plan.deploySleepMillis() : 0);
      delay = CrashPlan.delayMillis(point.share(), running);
      when = delay + " ms after its start";
    }
    boolean ended = process.process().waitFor(delay, TimeUnit.MILLISECONDS);
    if (ended) {
      int exit = process.process().exitValue();
      return new Kill(operation, when, false, exit == 0 ? ""
          : operation + " ended by itself with exit " + exit + "\n" + process.printed());
    }
    orphans.addAll(process.process().descendants().toList());
    process.process().destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally
    process.process().waitFor();
    return new Kill(operation, when, true, "");
  }

  private static long starts(Path log) {
    return CrashChecks.deployLog(log).stream().filter(d -> d.kind().equals("start")).count();
  }

  private static String deployLog(Path trial) {
    try {
      Path log = trial.resolve("deploys.log");
      return Files.exists(log) ? Files.readString(log) : "(none)\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
