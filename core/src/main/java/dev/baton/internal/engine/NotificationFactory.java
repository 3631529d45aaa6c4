package dev.baton.internal.engine;

import dev.baton.model.ChangeSummary;
import dev.baton.model.Notification;
import dev.baton.model.NotificationId;
import dev.baton.model.NotificationKind;
import dev.baton.model.Permission;
import dev.baton.model.Promotion;
import dev.baton.model.UserId;
import dev.baton.spi.Authorizer;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides who is told what about a promotion. Notification ids derive from the promotion, the
 * kind and the version that caused them, so a redelivery carries the same id.
 */
final class NotificationFactory {
  private final Authorizer authorizer;

  NotificationFactory(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  /** For a new request: everyone who may approve it. */
  List<Notification> submitted(Promotion p, Instant at) {
    Set<UserId> approvers = new HashSet<>(authorizer.holders(p.project(), Permission.APPROVE)
        .orElse(Set.of()));
    if (!p.requesterMayApprove()) {
      approvers.remove(p.requester());
    }
    return List.of(make(p, NotificationKind.SUBMITTED, approvers,
        p.source() + " -> " + p.target() + " requested by " + p.requester() + ": "
            + describe(p.changes()) + (p.notes().isEmpty() ? "" : ". Notes: " + p.notes()),
        at));
  }

  /** For the requester (and, on withdrawal, the people who had approved). */
  List<Notification> outcome(Promotion p, NotificationKind kind, String detail, Instant at) {
    Set<UserId> recipients = new HashSet<>();
    if (kind == NotificationKind.WITHDRAWN) {
      recipients.addAll(p.approvers());
    } else {
      recipients.add(p.requester());
    }
    return List.of(make(p, kind, recipients, p.source() + " -> " + p.target() + " "
        + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')
        + (detail.isEmpty() ? "" : ": " + detail), at));
  }

  private static Notification make(Promotion p, NotificationKind kind, Set<UserId> recipients,
      String summary, Instant at) {
    NotificationId id = NotificationId.of("n-" + p.id() + "-"
        + kind.name().toLowerCase(Locale.ROOT) + "-v" + p.version());
    return new Notification(id, kind, p.id(), p.project(), p.source(), p.target(), recipients,
        summary, at);
  }

  static String describe(ChangeSummary c) {
    if (c.total() == 0) {
      return "no changes";
    }
    return c.workloads() + " workload, " + c.values() + " value, " + c.bindings() + " binding, "
        + c.variables() + " variable change(s)"
        + (c.conflicts() > 0 ? ", " + c.conflicts() + " conflict(s) with target drift" : "");
  }
}
