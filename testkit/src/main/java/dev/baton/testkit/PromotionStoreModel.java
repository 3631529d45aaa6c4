package dev.baton.testkit;

import dev.baton.model.CasResult;
import dev.baton.model.EnvironmentName;
import dev.baton.model.InsertResult;
import dev.baton.model.Notification;
import dev.baton.model.NotificationId;
import dev.baton.model.NotificationKind;
import dev.baton.model.Page;
import dev.baton.model.PendingNotification;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link dev.baton.spi.PromotionStore} must hold after a history of calls, kept in plain
 * maps: promotions by id, idempotency keys per project, target claims and the outbox. The model
 * of {@link PromotionStoreModelContract}; it computes each expected answer from the port's
 * Javadoc, independently of any store.
 *
 * <p>Not thread-safe: one model serves one sequence of commands.
 */
final class PromotionStoreModel {
  /** The projects promotions, keys and claims are drawn from. */
  static final List<ProjectId> PROJECTS =
      List.of(SamplePromotions.PROJECT, SamplePromotions.OTHER_PROJECT);
  /** The environments claims are drawn from; promotions go into the last two. */
  static final List<EnvironmentName> ENVIRONMENTS = List.of(
      SamplePromotions.DEV, SamplePromotions.STAGING, SamplePromotions.PRODUCTION);
  /** The people who request promotions. */
  static final List<UserId> PEOPLE =
      List.of(SamplePromotions.ALICE, SamplePromotions.BOB, SamplePromotions.CAROL);
  /** Idempotency keys, one of them with characters a file-based store has to encode. */
  static final List<String> KEYS = List.of("key-1", "key-2", "Ünï key/3 #x");
  /** Free text, with characters an encoding has to keep. */
  static final List<String> NOTES = List.of(
      "", "first try", "Ünïcode notes\nover two lines", "quotes \" and \\ and {braces}");
  /** Ids that claims name; the first promotions get the same ids. */
  static final List<PromotionId> CLAIM_HOLDERS =
      List.of(PromotionId.of("p-1"), PromotionId.of("p-2"), PromotionId.of("p-3"));

  /** Newest first: request time, then id, both descending. */
  static final Comparator<Promotion> NEWEST_FIRST = Comparator
      .comparing(Promotion::requestedAt, Comparator.reverseOrder())
      .thenComparing(Promotion::id, Comparator.reverseOrder());

  /** The clock that dates requests, notifications and retries, and says what is due. */
  final MutableClock clock = MutableClock.create();

  private final Map<PromotionId, Promotion> promotions = new LinkedHashMap<>();
  private final Map<KeyOf, PromotionId> keys = new LinkedHashMap<>();
  private final Map<TargetOf, PromotionId> claims = new LinkedHashMap<>();
  private final Map<NotificationId, PendingNotification> outbox = new LinkedHashMap<>();
  private final List<NotificationId> delivered = new ArrayList<>();
  private int promotionCount;
  private int notificationCount;
  private int ghostCount;

  /** The current instant of {@link #clock}. */
  Instant now() {
    return clock.instant();
  }

  /** An id never used before in this sequence, for a new promotion. */
  PromotionId newPromotionId() {
    promotionCount++;
    return PromotionId.of("p-" + promotionCount);
  }

  /** An id that no promotion of this sequence ever gets. */
  PromotionId ghostId() {
    ghostCount++;
    return PromotionId.of("ghost-" + ghostCount);
  }

  /**
   * Notifications about a promotion, one per offset, each created that many minutes after now.
   * Their ids are never reused, and (from n-10 on) do not sort as they were made.
   */
  List<Notification> newNotifications(Promotion about, NotificationKind kind,
      List<Integer> minutesLater) {
    List<Notification> made = new ArrayList<>();
    for (int minutes : minutesLater) {
      notificationCount++;
      made.add(SamplePromotions.notification("n-" + notificationCount, kind, about,
          now().plus(Duration.ofMinutes(minutes))));
    }
    return made;
  }

  /** The ids of the stored promotions, in the order they were inserted. */
  List<PromotionId> ids() {
    return List.copyOf(promotions.keySet());
  }

  /** All stored promotions, newest first. */
  List<Promotion> all() {
    return promotions.values().stream().sorted(NEWEST_FIRST).toList();
  }

  Optional<Promotion> find(PromotionId id) {
    return Optional.ofNullable(promotions.get(id));
  }

  Optional<Promotion> findByIdempotencyKey(ProjectId project, String key) {
    return Optional.ofNullable(keys.get(new KeyOf(project, key))).map(promotions::get);
  }

  /** Whether an insert of {@code p} would clash on its id. */
  boolean idTaken(Promotion p) {
    return promotions.containsKey(p.id());
  }

  /** Whether an insert of {@code p} would clash on its idempotency key. */
  boolean keyTaken(Promotion p) {
    return p.idempotencyKey().map(k -> keys.containsKey(new KeyOf(p.project(), k)))
        .orElse(false);
  }

  /** Stores a promotion the store reported INSERTED, with its notifications. */
  void inserted(Promotion p, List<Notification> notifications) {
    promotions.put(p.id(), p);
    p.idempotencyKey().ifPresent(k -> keys.put(new KeyOf(p.project(), k), p.id()));
    enqueue(notifications);
  }

  /** The expected outcome of an insert, when only one of the two refusals applies. */
  InsertResult expectedInsert(Promotion p) {
    if (idTaken(p)) {
      return InsertResult.DUPLICATE_ID;
    }
    return keyTaken(p) ? InsertResult.DUPLICATE_KEY : InsertResult.INSERTED;
  }

  /** The expected outcome of a compare-and-set; applies it when it wins. */
  CasResult compareAndSet(long expectedVersion, Promotion next, List<Notification> sent) {
    Promotion current = promotions.get(next.id());
    if (current == null) {
      return CasResult.NOT_FOUND;
    }
    if (current.version() != expectedVersion) {
      return CasResult.VERSION_MISMATCH;
    }
    promotions.put(next.id(), next);
    enqueue(sent);
    return CasResult.APPLIED;
  }

  Optional<PromotionId> targetClaim(ProjectId project, EnvironmentName target) {
    return Optional.ofNullable(claims.get(new TargetOf(project, target)));
  }

  /** The expected outcome of a claim compare-and-set; applies it when it wins. */
  boolean compareAndSetTargetClaim(ProjectId project, EnvironmentName target,
      Optional<PromotionId> expected, Optional<PromotionId> next) {
    TargetOf at = new TargetOf(project, target);
    if (!Optional.ofNullable(claims.get(at)).equals(expected)) {
      return false;
    }
    next.ifPresentOrElse(id -> claims.put(at, id), () -> claims.remove(at));
    return true;
  }

  /** The ids in the outbox, in the order they were stored. */
  List<NotificationId> pendingIds() {
    return List.copyOf(outbox.keySet());
  }

  /** Ids that were delivered and left the outbox, in the order they left. */
  List<NotificationId> deliveredIds() {
    return List.copyOf(delivered);
  }

  void markDelivered(NotificationId id) {
    if (outbox.remove(id) != null) {
      delivered.add(id);
    }
  }

  void markFailed(NotificationId id, String error, Instant retryAt) {
    outbox.computeIfPresent(id, (key, p) -> new PendingNotification(
        p.notification(), p.attempts() + 1, retryAt, Optional.of(error)));
  }

  /**
   * The notifications due at {@code now}, oldest first by creation time; ties keep the order
   * stored, which a store need not follow (the port leaves ties open).
   */
  List<PendingNotification> due(Instant at) {
    return outbox.values().stream()
        .filter(p -> !p.nextAttemptAt().isAfter(at))
        .sorted(Comparator.comparing((PendingNotification p) -> p.notification().createdAt()))
        .toList();
  }

  /**
   * The page a query must answer. The filters are written out here from
   * {@link PromotionQuery}'s Javadoc rather than taken from {@link PromotionQuery#matches}, so
   * that the two are checked against each other too.
   */
  Page<Promotion> query(PromotionQuery q) {
    List<Promotion> hits = promotions.values().stream()
        .filter(p -> q.project().isEmpty() || q.project().get().equals(p.project()))
        .filter(p -> q.target().isEmpty() || q.target().get().equals(p.target()))
        .filter(p -> q.statuses().isEmpty()
            || EnumSet.copyOf(q.statuses()).contains(p.status()))
        .filter(p -> q.requester().isEmpty() || q.requester().get().equals(p.requester()))
        .filter(p -> q.requestedFrom().isEmpty()
            || p.requestedAt().compareTo(q.requestedFrom().get()) >= 0)
        .filter(p -> q.requestedUntil().isEmpty()
            || p.requestedAt().compareTo(q.requestedUntil().get()) < 0)
        .filter(p -> !q.executingOnly() || p.claim().isPresent())
        .sorted(NEWEST_FIRST)
        .toList();
    List<Promotion> page = hits.stream().skip(q.offset()).limit(q.limit()).toList();
    return new Page<>(page, q.offset(), hits.size());
  }

  private void enqueue(List<Notification> notifications) {
    for (Notification n : notifications) {
      outbox.put(n.id(), PendingNotification.fresh(n));
    }
  }

  private record KeyOf(ProjectId project, String key) {}

  private record TargetOf(ProjectId project, EnvironmentName target) {}
}
