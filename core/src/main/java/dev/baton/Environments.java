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
import dev.baton.model.Stage;
import dev.baton.model.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Environment-level controls: what environments exist, freezes and break-glass sessions. A freeze
 * holds deployments (an executing promotion ends PENDING_RELEASE and manual deploys are refused
 * with ENVIRONMENT_FROZEN) and, by default, the Git write too (a promotion whose quorum is met
 * waits, PENDING_APPROVAL, until the freeze ends and it is recovered or resumed); requests and
 * approvals go on. Thread-safe.
 *
 * <pre>{@code
 * baton.environments().freeze(project, EnvironmentName.of("production"), "year-end freeze",
 *     UserId.of("ops"), Optional.of(Instant.parse("2027-01-04T08:00:00Z")));
 * }</pre>
 *
 * <p>A freeze is kept per project and environment, and a new one replaces the old. A break-glass
 * session lets deployments (and writes a freeze holds) through while it lasts, and is recorded on
 * every promotion it lets through; sessions are never removed. None of these verbs is gated by a
 * feature, and none tells anybody. The environment's files are read through the
 * {@link dev.baton.spi.EnvironmentRepository} port, not here.
 *
 * @since 0.1
 */
public final class Environments {
  private final Wiring wiring;
  private final Authorization authorization;

  Environments(Wiring wiring) {
    this.wiring = wiring;
    this.authorization = new Authorization(wiring);
  }

  /**
   * The environments the project has.
   *
   * <p>As the environment repository lists them (for Git: the folders that exist at the branch
   * tip); no permission is checked.
   *
   * @param project the project
   * @return the environments; possibly empty
   * @throws BatonException a failure of the environment repository
   * @since 0.1
   */
  public Set<EnvironmentName> list(ProjectId project) {
    return wiring.environments().environments(project);
  }

  /**
   * The environments the project has, in the order of its pipeline's stages, then those no
   * stage names (by name): the order people read a pipeline in, for listings.
   *
   * @param project the project
   * @return the environments of {@link #list}, ordered; possibly empty
   * @throws BatonException a failure of the environment repository or the pipeline store
   * @since 0.2
   */
  public List<EnvironmentName> listInPipelineOrder(ProjectId project) {
    List<EnvironmentName> order = wiring.pipelines().find(project)
        .map(p -> p.stages().stream().map(Stage::environment).toList()).orElse(List.of());
    List<EnvironmentName> environments = new ArrayList<>(list(project));
    environments.sort(Comparator.comparingInt((EnvironmentName e) -> order.contains(e)
        ? order.indexOf(e) : order.size()).thenComparing(EnvironmentName::value));
    return List.copyOf(environments);
  }

  /**
   * Freezes an environment from now, until lifted or until {@code until}, holding the write and the
   * deploy ({@link FreezeHolds#WRITE_AND_DEPLOY}); needs {@code project.environments.freeze}.
   *
   * @param project the project
   * @param environment the environment to freeze; it need not exist
   * @param reason why, shown to everyone the freeze holds up
   * @param by who freezes
   * @param until when the freeze ends by itself, or empty to hold until lifted
   * @return the stored freeze
   * @throws BatonException as
   *     {@link #freeze(ProjectId, EnvironmentName, String, UserId, Optional, FreezeHolds)}
   * @since 0.1
   */
  public Freeze freeze(ProjectId project, EnvironmentName environment, String reason, UserId by,
      Optional<Instant> until) {
    return freeze(project, environment, reason, by, until, FreezeHolds.WRITE_AND_DEPLOY);
  }

  /**
   * Freezes an environment from now, until lifted or until {@code until}, holding what
   * {@code holds} says; needs {@code project.environments.freeze}.
   *
   * <p>It replaces any freeze the environment had. Promotions already executing are not stopped:
   * the freeze is checked before each write and each deploy. Idempotent in effect, though each call
   * records a new start time.
   *
   * @param project the project
   * @param environment the environment to freeze; it need not exist
   * @param reason why, shown to everyone the freeze holds up
   * @param by who freezes
   * @param until when the freeze ends by itself, or empty to hold until lifted
   * @param holds whether the write is held as well as the deploy
   * @return the stored freeze
   * @throws BatonException {@code INVALID_ARGUMENT} for a null argument, a reason that is not 1 to
   *     200 printable characters without surrounding spaces, or an end that is not after now;
   *     {@code PERMISSION_DENIED} without {@code project.environments.freeze}
   * @since 0.1
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

  /**
   * Lifts the environment's freeze.
   *
   * <p>A no-op when it has none. Promotions the freeze held are not executed by this: call
   * {@code promotions().recover()} (or resume them) afterwards; releases it held wait for a manual
   * deploy.
   *
   * @param project the project
   * @param environment the environment
   * @param by who lifts the freeze
   * @throws BatonException {@code INVALID_ARGUMENT} for a null argument; {@code PERMISSION_DENIED}
   *     without {@code project.environments.freeze}
   * @since 0.1
   */
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
   *
   * <p>The session starts now and ends after {@code duration}; it may be opened whether or not the
   * environment is frozen, and cannot be closed early. It lets through writes a freeze holds, too.
   * Nothing held is executed by this: resume or deploy the promotions concerned.
   *
   * @param project the project
   * @param environment the environment
   * @param by who breaks the glass
   * @param reason why, recorded on every promotion it lets through
   * @param duration how long it lasts: more than zero and at most 7 days
   * @return the recorded session
   * @throws BatonException {@code INVALID_ARGUMENT} for a null argument, a reason that is not 1 to
   *     200 printable characters without surrounding spaces, or a duration out of bounds;
   *     {@code PERMISSION_DENIED} without {@code project.environments.break-glass}
   * @since 0.1
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

  /**
   * Whether deployments into the environment are held now.
   *
   * <p>Reads the freeze in force (one scheduled for later or already ended counts as none) and the
   * open break-glass session with the latest end; no permission is checked.
   *
   * @param project the project
   * @param environment the environment
   * @return the environment's freeze and break-glass state at the engine's clock
   * @since 0.1
   */
  public EnvironmentStatus status(ProjectId project, EnvironmentName environment) {
    FreezeCheck check = FreezeCheck.of(wiring.freezes(), project, environment,
        wiring.clock().instant());
    return new EnvironmentStatus(environment, check.freeze(), check.breakGlass());
  }
}
