package dev.baton.model;

import java.time.Instant;
import java.util.Optional;

/**
 * A freeze of an environment: deployments into it are held while it is in force. Requests and
 * approvals still work.
 *
 * @param project the project
 * @param environment the frozen environment
 * @param reason why, required
 * @param by who froze it
 * @param from when the freeze starts
 * @param until when it ends by itself, or empty for "until lifted"
 */
public record Freeze(
    ProjectId project, EnvironmentName environment, String reason, UserId by, Instant from,
    Optional<Instant> until) {
  /** Validates. */
  public Freeze {
    Checks.notNull(project, "project");
    Checks.notNull(environment, "environment");
    Checks.id(reason, "freeze reason");
    Checks.notNull(by, "freeze author");
    Checks.notNull(from, "freeze start");
    Checks.notNull(until, "freeze end");
    if (until.isPresent() && !until.get().isAfter(from)) {
      throw new dev.baton.error.BatonException(dev.baton.error.ErrorCode.INVALID_ARGUMENT,
          "a freeze window must end after it starts");
    }
  }

  /** Whether the freeze is in force at the given instant. */
  public boolean activeAt(Instant now) {
    return !now.isBefore(from) && until.map(now::isBefore).orElse(true);
  }
}
