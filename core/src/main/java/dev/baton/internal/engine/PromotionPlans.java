package dev.baton.internal.engine;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.manifests.Difference;
import dev.baton.manifests.PromotionPlan;
import dev.baton.model.EnvironmentName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The refusals that keep a promotion honest: it must change something, it must not move
 * versions backwards unless it is a rollback, and at execution it must still write what was
 * approved. Each lists what it found, one problem per line, sensitive values masked (the
 * problems reach people, logs and the stored decision).
 */
final class PromotionPlans {
  private static final int SHOWN = 10;

  private PromotionPlans() {}

  /** NOTHING_TO_PROMOTE when the promotion would write nothing. */
  static void requireSomething(PromotionPlan plan, EnvironmentName source,
      EnvironmentName target) {
    if (!plan.isEmpty()) {
      return;
    }
    List<String> problems = new ArrayList<>();
    problems.add("promoting " + source + " to " + target + " would change nothing in " + target);
    plan.differences().stream().limit(SHOWN)
        .forEach(d -> problems.add(d.where() + " differs and " + d.reason()));
    if (plan.differences().size() > SHOWN) {
      problems.add("and " + (plan.differences().size() - SHOWN) + " more differences");
    }
    throw new BatonException(ErrorCode.NOTHING_TO_PROMOTE, problems.get(0)
        + (plan.differences().isEmpty() ? ": the environments are the same"
            : ": every difference stays (see the preview)"), problems, null);
  }

  /** STALE_PROMOTION when versions would move backwards and this is not a rollback. */
  static void requireForward(PromotionPlan plan, boolean rollback, EnvironmentName source,
      EnvironmentName target) {
    if (rollback || plan.backwards().isEmpty()) {
      return;
    }
    List<String> problems = new ArrayList<>();
    for (Difference shown : plan.backwards()) {
      Difference d = shown.masked();
      problems.add(d.where() + ": " + target + " runs " + d.target().orElse("") + ", newer than "
          + source + "'s " + d.source().orElse(""));
    }
    throw new BatonException(ErrorCode.STALE_PROMOTION, "promoting " + source + " to " + target
        + " would move " + problems.size() + " version(s) backwards; request it as a rollback"
        + " if that is meant", problems, null);
  }

  /**
   * TARGET_CHANGED when what execution would move differs from what was approved: the target
   * changed, since the request, in something that moves.
   */
  static void requireApproved(PromotionPlan approved, PromotionPlan now,
      EnvironmentName target) {
    Set<Difference> was = new LinkedHashSet<>(approved.moves());
    Set<Difference> is = new LinkedHashSet<>(now.moves());
    if (was.equals(is)) {
      return;
    }
    List<String> problems = new ArrayList<>();
    for (Difference real : was) {
      Difference d = real.masked();
      if (!is.contains(real)) {
        problems.add("approved: " + d.where() + " " + d.target().orElse("(absent)") + " -> "
            + d.source().orElse("(absent)") + "; no longer what " + target + " holds");
      }
    }
    for (Difference real : is) {
      Difference d = real.masked();
      if (!was.contains(real)) {
        problems.add("now: " + d.where() + " " + d.target().orElse("(absent)") + " -> "
            + d.source().orElse("(absent)") + " was not approved");
      }
    }
    throw new BatonException(ErrorCode.TARGET_CHANGED, target + " changed since the promotion"
        + " was requested in what it moves; nothing was written, request it again",
        problems, null);
  }
}
