package dev.baton.model;

import java.time.Instant;
import java.util.Optional;

/**
 * Beside the status of a promotion that is executing: who executes it, how far it got and what it
 * wrote. Its presence is what makes a target "in progress" for other promotions.
 *
 * @param owner the engine instance that executes
 * @param step the last step completed
 * @param since when the claim was taken
 * @param written the revision the write produced, once step is WRITTEN or later
 */
public record ExecutionClaim(
    String owner, ExecutionStep step, Instant since, Optional<Revision> written) {
  /** Validates. */
  public ExecutionClaim {
    Checks.id(owner, "claim owner");
    Checks.notNull(step, "claim step");
    Checks.notNull(since, "claim time");
    Checks.notNull(written, "written revision");
  }

  /** This claim advanced to a later step. */
  public ExecutionClaim at(ExecutionStep next, Optional<Revision> revision) {
    return new ExecutionClaim(owner, next, since, revision);
  }
}
