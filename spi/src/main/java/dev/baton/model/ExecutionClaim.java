package dev.baton.model;

import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Beside the status of a promotion that is executing: who executes it, how far it got and what it
 * wrote. Its presence is what makes a target "in progress" for other promotions.
 *
 * <p>The {@code token} is a fencing token: every claim of a promotion, including a take-over of a
 * stale one, gets a larger token than any claim before it. An executor records each of its steps
 * only while the stored claim still carries its own token, and a deployer receives it in
 * {@link DeployRequest#fencingToken()}, so an executor that was taken over can neither record nor
 * deploy again. While it runs, the executor renews {@code renewedAt} (a heartbeat); another
 * instance takes the claim over only once it has not been renewed for a claim lease.
 *
 * <p>Immutable and thread-safe.
 *
 * @param owner the engine instance that executes
 * @param step the last step completed
 * @param since when the claim was taken
 * @param written the revision the write produced, once step is WRITTEN or later
 * @param token the fencing token, strictly increasing across the claims of one promotion (0 for a
 *     claim stored before tokens existed)
 * @param renewedAt when the executor last showed it is alive (the claim time at first)
 * @since 0.1
 */
public record ExecutionClaim(
    String owner, ExecutionStep step, Instant since, Optional<Revision> written, long token,
    Instant renewedAt) {
  /**
   * Validates.
   *
   * @param owner the engine instance that executes
   * @param step the last step completed
   * @param since when the claim was taken
   * @param written the revision the write produced, once step is WRITTEN or later
   * @param token the fencing token, strictly increasing across the claims of one promotion (0 for a
   *     claim stored before tokens existed)
   * @param renewedAt when the executor last showed it is alive (the claim time at first)
   * @since 0.1
   */
  public ExecutionClaim {
    Checks.id(owner, "claim owner");
    Arguments.notNull(step, "claim step");
    Arguments.notNull(since, "claim time");
    Arguments.notNull(written, "written revision");
    if (token < 0) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "claim token must be >= 0, was " + token);
    }
    Arguments.notNull(renewedAt, "claim renewal time");
  }

  /**
   * A new claim at step CLAIMED, renewed when taken.
   *
   * @param owner the executing engine instance and attempt
   * @param token the fencing token (the engine uses the version the claim is stored at)
   * @param at when it is taken
   * @return the claim
   * @since 0.1
   */
  public static ExecutionClaim taken(String owner, long token, Instant at) {
    return new ExecutionClaim(owner, ExecutionStep.CLAIMED, at, Optional.empty(), token, at);
  }

  /**
   * This claim advanced to a later step (same owner, token and renewal).
   *
   * @param next the step reached
   * @param revision the revision written, once there is one
   * @return the advanced claim
   * @since 0.1
   */
  public ExecutionClaim at(ExecutionStep next, Optional<Revision> revision) {
    return new ExecutionClaim(owner, next, since, revision, token, renewedAt);
  }

  /**
   * This claim renewed by its executor at {@code at}.
   *
   * @param at when the executor showed it is alive
   * @return the renewed claim
   * @since 0.1
   */
  public ExecutionClaim renewed(Instant at) {
    return new ExecutionClaim(owner, step, since, written, token, at);
  }

  /**
   * When the claim counts as abandoned if its executor does not renew it again.
   *
   * @param lease the claim lease
   * @return the last renewal plus the lease
   * @since 0.1
   */
  public Instant staleFrom(Duration lease) {
    return renewedAt.plus(lease);
  }
}
