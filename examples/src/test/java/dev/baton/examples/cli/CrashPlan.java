package dev.baton.examples.cli;

import dev.baton.testkit.random.Randomness;

/**
 * What one crash trial does, drawn from its seed alone: the operation killed, the point of the
 * kill, the deploy command's running time and how often {@code recover} runs afterwards. The same
 * seed gives the same plan; where the kill lands in the program still depends on the machine's
 * speed, since the kill point is a share of the operation's measured running time.
 *
 * @param seed the trial's seed
 * @param operation the operation started and killed
 * @param first for {@link Operation#RECOVER}: the operation killed before the killed recover
 * @param firstKill the kill point of {@code first}
 * @param kill the kill point of {@code operation}
 * @param deploySleepMillis how long the deploy command sleeps between its start and end lines
 * @param recoverRuns how many {@code recover --older-than 0s} run after the kills (1 or 2)
 */
record CrashPlan(long seed, Operation operation, Operation first, KillPoint firstKill,
    KillPoint kill, int deploySleepMillis, int recoverRuns) {

  /** The longest a trial waits before its kill, as the issue asks (0–3 s). */
  static final long MAX_KILL_MILLIS = 3000;

  /** The operations a trial kills. */
  enum Operation {
    /** {@code request --from dev --to staging}: no approvals, executes and deploys at once. */
    REQUEST,
    /** {@code approve ID} that meets the quorum of staging → production (manual deploy). */
    APPROVE,
    /** {@code deploy ID}: the manual deploy of a PENDING_RELEASE promotion. */
    DEPLOY,
    /** {@code recover --older-than 0s} after another operation was killed. */
    RECOVER
  }

  /**
   * When a kill comes: a share of the operation's running time after its start, or (for one
   * kill in three) a share of the deploy command's sleep after the command logged its start,
   * which is where a crash costs most and which a kill timed from the start alone hits rarely.
   * An operation that does not deploy is not killed at all under a deploy-anchored point.
   *
   * @param afterDeployStart whether the share counts from the deploy command's start
   * @param share the share of the running time (or of the sleep)
   */
  record KillPoint(boolean afterDeployStart, double share) {
    @Override
    public String toString() {
      return Math.round(share * 100) + "% of " + (afterDeployStart ? "the deploy's sleep"
          : "its run");
    }
  }

  /** The plan of the trial with this seed. */
  static CrashPlan of(long seed) {
    Randomness random = Randomness.seeded(seed);
    Operation operation = Operation.values()[random.nextInt(0, Operation.values().length - 1)];
    Operation first = Operation.values()[random.nextInt(0, 2)];
    KillPoint firstKill = killPoint(random);
    KillPoint kill = killPoint(random);
    int sleep = random.nextInt(100, 1000);
    int recoverRuns = random.nextInt(1, 2);
    return new CrashPlan(seed, operation, first, firstKill, kill, sleep, recoverRuns);
  }

  /**
   * Two in six during the deploy command; three in six inside the part of the run where the
   * JVM works on the repository (after its start, up to a little past the calibrated end); one
   * in six anywhere, including before the JVM has done anything and after the process ended.
   */
  private static KillPoint killPoint(Randomness random) {
    int kind = random.nextInt(1, 6);
    double share = random.nextDouble();
    return kind <= 2 ? new KillPoint(true, share)
        : kind <= 5 ? new KillPoint(false, 0.35 + 0.70 * share)
        : new KillPoint(false, 1.30 * share);
  }

  /** The delay before the kill for an operation that runs {@code runningMillis} unkilled. */
  static long delayMillis(double share, long runningMillis) {
    return Math.min(MAX_KILL_MILLIS, Math.round(share * runningMillis));
  }

  /** Whether the operation runs the deploy command (so its running time includes the sleep). */
  static boolean deploys(Operation operation) {
    return operation == Operation.REQUEST || operation == Operation.DEPLOY
        || operation == Operation.RECOVER;
  }

  @Override
  public String toString() {
    return (operation == Operation.RECOVER
        ? "kill " + first + " at " + firstKill + ", then kill RECOVER at "
        : "kill " + operation + " at ") + kill + ", deploy sleeps " + deploySleepMillis
        + " ms, recover runs " + recoverRuns + "x";
  }
}
