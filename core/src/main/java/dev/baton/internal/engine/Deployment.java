package dev.baton.internal.engine;

import dev.baton.lifecycle.PromotionEvent;
import dev.baton.model.BreakGlass;
import dev.baton.model.CommitState;
import dev.baton.model.Delivery;
import dev.baton.model.DeliveryStatus;
import dev.baton.model.DeployPolicy;
import dev.baton.model.DeployRequest;
import dev.baton.model.DeployResult;
import dev.baton.model.DeployState;
import dev.baton.model.ExecutionStep;
import dev.baton.model.NotificationKind;
import dev.baton.model.Pipeline;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.Stage;
import dev.baton.model.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a released promotion to its outcome: decides what follows the release (the merge wait,
 * a freeze, the deploy policy), calls the deployer at most once per claim token, and records the
 * outcome through the executor's {@link ClaimFence}. What follows is decided on reads alone, so
 * that the executor can record it in the same change as the write and its release (the events
 * not recorded yet, which every record here puts first). Thread-safe; holds no state.
 */
final class Deployment {
  private static final Logger LOG = LoggerFactory.getLogger(Deployment.class);

  private final Wiring wiring;
  private final NotificationFactory notifications;
  private final MergeWait merges;
  private final ClaimFence fence;

  Deployment(Wiring wiring, NotificationFactory notifications, MergeWait merges,
      ClaimFence fence) {
    this.wiring = wiring;
    this.notifications = notifications;
    this.merges = merges;
    this.fence = fence;
  }

  /** What follows a release into the target. */
  sealed interface Next permits Hold, Wait, Deploy { }

  /** The write is not on the target: its pull request waits for a merge, or was closed. */
  record Hold(Delivery delivery) implements Next { }

  /** The release waits as PENDING_RELEASE (a freeze, or a MANUAL policy) for a deploy by hand. */
  record Wait(Release release, String reason) implements Next { }

  /** The deployer is called, under the break-glass session that lets it through, if any. */
  record Deploy(Optional<BreakGlass> breakGlass) implements Next { }

  /**
   * What follows {@code release} of {@code p}, on the target and the stores as they are now;
   * reads only. Throws what a store that cannot answer throws.
   */
  Next decide(Promotion p, Release release, Supplier<Optional<Pipeline>> pipeline) {
    Delivery delivery = merges.delivery(p, release);
    if (delivery.status() != DeliveryStatus.ON_TARGET) {
      return new Hold(delivery);
    }
    FreezeCheck freeze = FreezeCheck.of(wiring.freezes(), p.project(), p.target(),
        wiring.clock().instant());
    if (freeze.held()) {
      String frozen = freeze.freeze().get().reason();
      return new Wait(release.withDeploy(DeployState.HELD_BY_FREEZE, frozen, Optional.empty(),
          Optional.empty()), "deployment held: " + p.target() + " is frozen (" + frozen + ")");
    }
    DeployPolicy declared = pipeline.get()
        .flatMap(read -> read.stage(p.target()))
        .map(Stage::deployPolicy)
        .orElse(DeployPolicy.MANUAL);
    DeployPolicy policy = Guard.call("deploy policy",
        () -> wiring.deployPolicies().resolve(p.project(), p.target(), declared),
        e -> DeployPolicy.MANUAL);
    if (policy == DeployPolicy.MANUAL) {
      return new Wait(release, "waiting for a manual deploy");
    }
    return new Deploy(freeze.breakGlass());
  }

  /**
   * Takes the step after a release: {@code p} as stored, {@code unrecorded} the events that come
   * before the step in the same change (the write and its release), or none when {@code p} is
   * stored at RELEASED. Empty when the claim was taken over.
   */
  Optional<Promotion> take(Promotion p, List<PromotionEvent> unrecorded, Next next) {
    UserId by = Execution.actor(p);
    if (next instanceof Hold hold) {
      // the merge wait records its own outcome on a released promotion
      Optional<Promotion> released = unrecorded.isEmpty() ? Optional.of(p)
          : fence.record(p, unrecorded);
      return released.flatMap(r -> merges.hold(r, hold.delivery(), by));
    }
    if (next instanceof Wait wait) {
      return finishAs(p, unrecorded, PromotionStatus.PENDING_RELEASE, wait.release(),
          Optional.empty(), wait.reason(), by);
    }
    return deployAndFinish(p, unrecorded, by, ((Deploy) next).breakGlass());
  }

  /**
   * Records DEPLOYING (after {@code unrecorded}, in the same change) unless {@code claimed} is
   * there already, calls the deployer and records the outcome. Empty when taken over.
   */
  Optional<Promotion> deployAndFinish(Promotion claimed, List<PromotionEvent> unrecorded,
      UserId by, Optional<BreakGlass> breakGlass) {
    // Recorded before the call: the deployer runs at most once under this claim's token.
    Optional<Promotion> deploying;
    if (claimed.claim().get().step() == ExecutionStep.DEPLOYING) {
      deploying = Optional.of(claimed);
    } else {
      List<PromotionEvent> start = then(unrecorded,
          new PromotionEvent.Deploying(by, wiring.clock().instant()));
      deploying = fence.record(claimed, start);
    }
    if (deploying.isEmpty()) {
      return deploying;
    }
    Promotion p = deploying.get();
    Release release = p.release().orElseThrow();
    DeployRequest request = new DeployRequest(p.project(), p.target(), p.id(), release.id(),
        release.revision(), by, ClaimFence.token(p));
    DeployResult result = Guard.call("deployer", () -> wiring.deployer().deploy(request),
        e -> DeployResult.failed(String.valueOf(e)));
    Instant now = wiring.clock().instant();
    if (result.succeeded()) {
      return finishAs(p, List.of(), PromotionStatus.COMPLETED, release.withDeploy(
          DeployState.DEPLOYED, result.message(), Optional.of(now), Optional.of(by)), breakGlass,
          breakGlass.map(b -> "deployed under break-glass by " + b.by() + ": " + b.reason())
              .orElse("deployed"), by);
    }
    return finishAs(p, List.of(), PromotionStatus.PENDING_RELEASE, release.withDeploy(
        DeployState.FAILED, result.message(), Optional.empty(), Optional.empty()),
        Optional.empty(), "deploy failed: " + result.message(), by);
  }

  /**
   * The executor of a deploy stopped before recording its outcome: the deploy may or may not have
   * happened. It is recorded as interrupted and left to an explicit deploy, never repeated here.
   */
  Optional<Promotion> interrupted(Promotion p) {
    Release release = p.release().orElseThrow();
    String reason = "deploy of " + release.id() + " interrupted: its executor stopped while"
        + " deploying, so it may or may not have happened; deploy again to retry";
    LOG.warn("promotion {}: {}", p.id(), reason);
    return finishAs(p, List.of(), PromotionStatus.PENDING_RELEASE, release.withDeploy(
        DeployState.INTERRUPTED, reason, Optional.empty(), Optional.empty()), Optional.empty(),
        reason, Execution.actor(p));
  }

  private Optional<Promotion> finishAs(Promotion p, List<PromotionEvent> unrecorded,
      PromotionStatus status, Release release, Optional<BreakGlass> breakGlass, String reason,
      UserId by) {
    Instant now = wiring.clock().instant();
    List<PromotionEvent> events = then(unrecorded, new PromotionEvent.Finish(status, release,
        breakGlass, reason, by, now));
    NotificationKind kind = status == PromotionStatus.COMPLETED
        ? NotificationKind.COMPLETED : NotificationKind.PENDING_RELEASE;
    Optional<Promotion> stored = fence.record(p,
        current -> ClaimFence.inOneChange(current, events),
        next -> notifications.outcome(next, kind, reason, now));
    stored.ifPresent(done -> Guard.run("commit status report", () -> wiring.commitStatus()
        .report(done.project(), done.target(), release.revision(), done.id(),
            status == PromotionStatus.COMPLETED ? CommitState.SUCCESS : CommitState.FAILURE,
            reason)));
    return stored;
  }

  private static List<PromotionEvent> then(List<PromotionEvent> unrecorded,
      PromotionEvent event) {
    if (unrecorded.isEmpty()) {
      return List.of(event);
    }
    List<PromotionEvent> events = new ArrayList<>(unrecorded);
    events.add(event);
    return events;
  }
}
