package dev.baton.internal.engine;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.Decision;
import dev.baton.model.Delivery;
import dev.baton.model.DeliveryStatus;
import dev.baton.model.Page;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.Revision;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a write of a promotion found standing in its target, never recorded, may be recorded
 * as the promotion's write.
 *
 * <p>Such a write is normally one a crash left between the write and its record: the promotion
 * kept the target to itself since, so nothing was released into the target after the write, and
 * recording it is right. But a claim is dropped when its write call fails and the look for the
 * write fails too, with the write possibly standing: another promotion may then take the target,
 * write on top and release. Recording the old write then would release an older state of the
 * target than that release, and deploying it would roll that release back without anyone asking.
 * So the write is refused (STALE_PROMOTION, which closes the promotion: no retry can make the
 * write newer) when a release of another promotion into the target was made after it.
 *
 * <p>"After" is asked of the environment repository ({@code isAncestor}: the release's revision
 * descends from the write, or from the commit the write landed as on the target when a pull
 * request was squashed or rebased), which orders revisions without any clock. Only when it
 * cannot tell does the store's clock decide, on the side of refusing: a release created after the
 * promotion's quorum was met counts as after its write, since no write is made before the quorum
 * (a release made between the request and the quorum, by a promotion approved first, does not).
 * Instances' clocks may disagree, which is why that is only the fallback. Every released
 * promotion into the target is looked at, page by page, not only the newest requests (the order
 * of requests is itself a clock's): this runs only when a write is found standing and the
 * target has moved past it (after a crash the target is usually still at the write, and then
 * nothing is looked at), and each revision is asked about once. Holds no state; thread-safe.
 */
final class StandingWrite {
  // released promotions read per page of the look; the look is rare (a standing write found)
  private static final int PAGE = 200;

  private final Wiring wiring;

  StandingWrite(Wiring wiring) {
    this.wiring = wiring;
  }

  /**
   * Throws STALE_PROMOTION when {@code standing}, the write of {@code p} found in its target,
   * is behind a release of another promotion into the target; returns when it may be recorded.
   * A failure of the store or the repository is thrown as it is: nothing is decided then.
   */
  void requireNotBehind(Promotion p, Revision standing) {
    List<Revision> mine = writeAndLanding(p, standing);
    if (mine.contains(wiring.environments().read(p.project(), p.target()).revision())) {
      // still the target's tip: nothing was made on top of it (the usual crash), so the history
      // of releases, whose look costs a walk per release, is not read
      return;
    }
    Map<Revision, Optional<Boolean>> answers = new HashMap<>();
    PromotionQuery released = new PromotionQuery(Optional.of(p.project()),
        Optional.of(p.target()),
        EnumSet.of(PromotionStatus.COMPLETED, PromotionStatus.PENDING_RELEASE), Optional.empty(),
        Optional.empty(), Optional.empty(), false, 0, PAGE);
    for (int offset = 0; ; ) {
      Page<Promotion> page = wiring.promotions().query(released.withPage(offset, PAGE));
      for (Promotion other : page.items()) {
        Optional<Release> theirs = other.release();
        if (other.id().equals(p.id()) || theirs.isEmpty()
            || mine.contains(theirs.get().revision())) {
          continue;
        }
        Release release = theirs.get();
        Optional<Boolean> behind = answers.computeIfAbsent(release.revision(),
            revision -> behind(p, mine, revision));
        if (behind.orElse(false)) {
          throw refusal(p, standing, other, release, "was made on top of it", "would");
        }
        if (behind.isEmpty() && release.createdAt().isAfter(quorumMetAt(p))) {
          throw refusal(p, standing, other, release, "was created at " + release.createdAt()
              + ", after the quorum of " + p.id() + " was met (" + quorumMetAt(p) + "), and"
              + " the environment repository cannot tell which revision came first",
              "could");
        }
      }
      if (!page.hasMore() || page.items().isEmpty()) {
        return;
      }
      offset += page.items().size();
    }
  }

  /**
   * The write and, when a pull request carrying it was squashed or rebased onto the target, the
   * commit it landed as: a release on top of either is on top of the write.
   */
  private List<Revision> writeAndLanding(Promotion p, Revision standing) {
    Delivery delivery = wiring.environments().delivery(p.project(), p.target(), p.id(),
        standing);
    if (delivery.status() == DeliveryStatus.ON_TARGET && delivery.landed().isPresent()
        && !delivery.landed().get().equals(standing)) {
      return List.of(standing, delivery.landed().get());
    }
    return List.of(standing);
  }

  // true when a release at theirs is on top of one of mine, empty when the repository cannot
  // tell for one of them and none is known to be under it
  private Optional<Boolean> behind(Promotion p, List<Revision> mine, Revision theirs) {
    boolean unknown = false;
    for (Revision revision : mine) {
      Optional<Boolean> answer = wiring.environments().isAncestor(p.project(), p.target(),
          revision, theirs);
      if (answer.orElse(false)) {
        return answer;
      }
      unknown |= answer.isEmpty();
    }
    return unknown ? Optional.empty() : Optional.of(false);
  }

  /**
   * The earliest time a write of {@code p} can have been made: when its quorum was met (the
   * approval that completed it, the earliest approvals counted), or its request when it needs
   * none. A promotion holding fewer approvals than it needs (none executes so) gives its request,
   * the earlier time, which refuses more.
   */
  private static Instant quorumMetAt(Promotion p) {
    int needed = p.requiredApprovals();
    if (needed > 0) {
      List<Instant> approvals = p.approvals().stream().map(Decision::at).sorted().toList();
      if (approvals.size() >= needed) {
        return approvals.get(needed - 1);
      }
    }
    return p.requestedAt();
  }

  private static BatonException refusal(Promotion p, Revision standing, Promotion other,
      Release release, String why, String rollsBack) {
    return new BatonException(ErrorCode.STALE_PROMOTION, "the write of promotion " + p.id()
        + " standing in " + p.target() + " as " + standing + " was not recorded: release "
        + release.id() + " of promotion " + other.id() + " (" + release.revision() + ") " + why
        + "; releasing " + standing + " " + rollsBack + " roll " + p.target()
        + " back over that release. Nothing was released or deployed; request again to promote"
        + " what the source holds now");
  }
}
