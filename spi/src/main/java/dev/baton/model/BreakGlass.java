package dev.baton.model;

import dev.baton.error.Arguments;
import java.time.Instant;

/**
 * An emergency session that lets deployments into a frozen environment through. It is recorded on
 * every promotion it let through.
 *
 * <p>Immutable and thread-safe.
 *
 * @param project the project
 * @param environment the frozen environment it opens
 * @param by who opened it
 * @param reason why, required
 * @param startedAt when it was opened
 * @param until when it closes by itself
 * @since 0.1
 */
public record BreakGlass(
    ProjectId project, EnvironmentName environment, UserId by, String reason, Instant startedAt,
    Instant until) {
  /**
   * Validates.
   *
   * @param project the project
   * @param environment the frozen environment it opens
   * @param by who opened it
   * @param reason why, required
   * @param startedAt when it was opened
   * @param until when it closes by itself
   * @since 0.1
   */
  public BreakGlass {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    Arguments.notNull(by, "break-glass author");
    Checks.id(reason, "break-glass reason");
    Arguments.notNull(startedAt, "start");
    Arguments.notNull(until, "end");
    if (!until.isAfter(startedAt)) {
      throw new dev.baton.error.BatonException(dev.baton.error.ErrorCode.INVALID_ARGUMENT,
          "break-glass must end after it starts");
    }
  }

  /**
   * Whether the session is open at the given instant.
   *
   * @param now the instant to ask about
   * @return {@code true} from its start until its end (exclusive)
   * @since 0.1
   */
  public boolean activeAt(Instant now) {
    return !now.isBefore(startedAt) && now.isBefore(until);
  }
}
