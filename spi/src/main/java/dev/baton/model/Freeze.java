package dev.baton.model;

import dev.baton.error.Arguments;
import java.time.Instant;
import java.util.Optional;

/**
 * A freeze of an environment: while it is in force, what {@code holds} says is held (the Git
 * write into the environment's folder and the deploy, or the deploy alone). Requests and
 * approvals still work; an open {@link BreakGlass} session lets held work through.
 *
 * <p>Immutable and thread-safe.
 *
 * @param project the project
 * @param environment the frozen environment
 * @param reason why, required
 * @param by who froze it
 * @param from when the freeze starts
 * @param until when it ends by itself, or empty for "until lifted"
 * @param holds what the freeze holds
 * @since 0.1
 */
public record Freeze(
    ProjectId project, EnvironmentName environment, String reason, UserId by, Instant from,
    Optional<Instant> until, FreezeHolds holds) {
  /**
   * Validates.
   *
   * @param project the project
   * @param environment the frozen environment
   * @param reason why, required
   * @param by who froze it
   * @param from when the freeze starts
   * @param until when it ends by itself, or empty for "until lifted"
   * @param holds what the freeze holds
   * @since 0.1
   */
  public Freeze {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    Checks.id(reason, "freeze reason");
    Arguments.notNull(by, "freeze author");
    Arguments.notNull(from, "freeze start");
    Arguments.notNull(until, "freeze end");
    Arguments.notNull(holds, "what the freeze holds");
    if (until.isPresent() && !until.get().isAfter(from)) {
      throw new dev.baton.error.BatonException(dev.baton.error.ErrorCode.INVALID_ARGUMENT,
          "a freeze window must end after it starts");
    }
  }

  /**
   * A freeze that holds the write and the deploy ({@link FreezeHolds#WRITE_AND_DEPLOY}).
   *
   * @param project the project
   * @param environment the frozen environment
   * @param reason why
   * @param by who froze it
   * @param from when it starts
   * @param until when it ends by itself, or empty for until lifted
   * @since 0.1
   */
  public Freeze(ProjectId project, EnvironmentName environment, String reason, UserId by,
      Instant from, Optional<Instant> until) {
    this(project, environment, reason, by, from, until, FreezeHolds.WRITE_AND_DEPLOY);
  }

  /**
   * Whether the freeze holds the Git write as well as the deploy.
   *
   * @return {@code true} for {@link FreezeHolds#WRITE_AND_DEPLOY}
   * @since 0.1
   */
  public boolean holdsWrite() {
    return holds == FreezeHolds.WRITE_AND_DEPLOY;
  }

  /**
   * Whether the freeze is in force at the given instant.
   *
   * @param now the instant to ask about
   * @return {@code true} from its start until its end (exclusive), or for ever when it has none
   * @since 0.1
   */
  public boolean activeAt(Instant now) {
    return !now.isBefore(from) && until.map(now::isBefore).orElse(true);
  }
}
