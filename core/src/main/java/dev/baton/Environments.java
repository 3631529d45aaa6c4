package dev.baton;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.internal.engine.Authorization;
import dev.baton.internal.engine.FreezeCheck;
import dev.baton.internal.engine.TextLimits;
import dev.baton.internal.engine.Wiring;
import dev.baton.model.BreakGlass;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Freeze;
import dev.baton.model.FreezeHolds;
import dev.baton.model.Permission;
import dev.baton.model.ProjectId;
import dev.baton.model.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Environment-level controls: what environments exist, their files, freezes and break-glass
 * sessions. A freeze holds deployments (an executing promotion ends PENDING_RELEASE and manual
 * deploys are refused with ENVIRONMENT_FROZEN) and, by default, the Git write too (a promotion
 * whose quorum is met waits, PENDING_APPROVAL, until the freeze ends and it is recovered or
 * resumed); requests and approvals go on. Thread-safe.
 */
public final class Environments {
  private final Wiring wiring;
  private final Authorization authorization;

  Environments(Wiring wiring) {
    this.wiring = wiring;
    this.authorization = new Authorization(wiring);
  }

  /** The environments the project has. */
  public Set<EnvironmentName> list(ProjectId project) {
    return wiring.environments().environments(project);
  }

  /**
   * Freezes an environment from now, until lifted or until {@code until}, holding the write and
   * the deploy ({@link FreezeHolds#WRITE_AND_DEPLOY}); needs
   * {@code project.environments.freeze}.
   */
  public Freeze freeze(ProjectId project, EnvironmentName environment, String reason, UserId by,
      Optional<Instant> until) {
    return freeze(project, environment, reason, by, until, FreezeHolds.WRITE_AND_DEPLOY);
  }

  /**
   * Freezes an environment from now, until lifted or until {@code until}, holding what
   * {@code holds} says; needs {@code project.environments.freeze}.
   */
  public Freeze freeze(ProjectId project, EnvironmentName environment, String reason, UserId by,
      Optional<Instant> until, FreezeHolds holds) {
    required(holds, "what the freeze holds");
    required(project, "project");
    required(environment, "environment");
    required(by, "who freezes");
    required(reason, "a freeze reason");
    required(until, "the freeze end (Optional.empty() for until lifted)");
    TextLimits.bounded(reason, "the freeze reason");
    authorization.require(by, project, Permission.FREEZE);
    Freeze freeze = new Freeze(project, environment, reason, by, wiring.clock().instant(), until,
        holds);
    wiring.freezes().putFreeze(freeze);
    return freeze;
  }

  /** Lifts the environment's freeze. */
  public void unfreeze(ProjectId project, EnvironmentName environment, UserId by) {
    required(project, "project");
    required(environment, "environment");
    required(by, "who lifts the freeze");
    authorization.require(by, project, Permission.FREEZE);
    wiring.freezes().removeFreeze(project, environment);
  }

  /**
   * Opens a break-glass session that lets deployments into a frozen environment through for a
   * while; it is recorded on every promotion it lets through. Needs
   * {@code project.environments.break-glass}.
   */
  public BreakGlass breakGlass(ProjectId project, EnvironmentName environment, UserId by,
      String reason, Duration duration) {
    required(project, "project");
    required(environment, "environment");
    required(by, "who breaks the glass");
    required(reason, "a break-glass reason");
    required(duration, "a break-glass duration (more than 0 and at most 7 days)");
    TextLimits.bounded(reason, "the break-glass reason");
    authorization.require(by, project, Permission.BREAK_GLASS);
    if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(7)) > 0) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "a break-glass session lasts more than 0 and at most 7 days, not " + duration);
    }
    Instant now = wiring.clock().instant();
    BreakGlass session = new BreakGlass(project, environment, by, reason, now, now.plus(duration));
    wiring.freezes().addBreakGlass(session);
    return session;
  }

  private static void required(Object value, String what) {
    if (value == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, what + " is required");
    }
  }

  /** Whether deployments into the environment are held now. */
  public EnvironmentStatus status(ProjectId project, EnvironmentName environment) {
    FreezeCheck check = FreezeCheck.of(wiring.freezes(), project, environment,
        wiring.clock().instant());
    return new EnvironmentStatus(environment, check.freeze(), check.breakGlass());
  }
}
