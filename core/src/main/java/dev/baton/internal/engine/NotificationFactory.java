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
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides who is told what about a promotion. Notification ids derive from the promotion, the
 * kind and the version that caused them, so a redelivery carries the same id.
 *
 * <p>The texts concatenate the names' {@code value()}, which is what their {@code toString()}
 * gives: a concatenation of an object converts it with a {@code toString()} call made from one
 * place shared by every concatenation in the process, which the JIT cannot inline.
 */
final class NotificationFactory {
  // the kinds' names as ids and summaries spell them, made once rather than per notification
  private static final Map<NotificationKind, String> ID_PARTS = spelled(false);
  private static final Map<NotificationKind, String> WORDS = spelled(true);

  private final Authorizer authorizer;

  NotificationFactory(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  /** For a new request: everyone who may approve it. */
  List<Notification> submitted(Promotion p, Instant at) {
    Set<UserId> holders = authorizer.holders(p.project(), Permission.APPROVE).orElse(Set.of());
    Set<UserId> approvers = holders;
    if (!holders.isEmpty()) {
      approvers = new HashSet<>(holders);
      if (!p.requesterMayApprove()) {
        approvers.remove(p.requester());
      }
    }
    String requested = p.source().value() + " -> " + p.target().value() + " requested by "
        + p.requester().value() + ": " + describe(p.changes());
    return List.of(make(p, NotificationKind.SUBMITTED, approvers,
        p.notes().isEmpty() ? requested : requested + ". Notes: " + p.notes(), at));
  }

  /** For the requester (and, on withdrawal, the people who had approved). */
  List<Notification> outcome(Promotion p, NotificationKind kind, String detail, Instant at) {
    Set<UserId> recipients = kind == NotificationKind.WITHDRAWN
        ? new HashSet<>(p.approvers()) : Set.of(p.requester());
    // one concatenation per branch: the detail's branch used to build the text without the
    // detail and then again with it, two strings for one
    String word = WORDS.get(kind);
    String summary = detail.isEmpty()
        ? p.source().value() + " -> " + p.target().value() + " " + word
        : p.source().value() + " -> " + p.target().value() + " " + word + ": " + detail;
    return List.of(make(p, kind, recipients, summary, at));
  }

  private static Notification make(Promotion p, NotificationKind kind, Set<UserId> recipients,
      String summary, Instant at) {
    NotificationId id = NotificationId.of("n-" + p.id().value() + "-" + ID_PARTS.get(kind)
        + "-v" + p.version());
    return new Notification(id, kind, p.id(), p.project(), p.source(), p.target(), recipients,
        summary, at);
  }

  private static Map<NotificationKind, String> spelled(boolean words) {
    Map<NotificationKind, String> spelled = new EnumMap<>(NotificationKind.class);
    for (NotificationKind kind : NotificationKind.values()) {
      String lower = kind.name().toLowerCase(Locale.ROOT);
      spelled.put(kind, words ? lower.replace('_', ' ') : lower);
    }
    return spelled;
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
