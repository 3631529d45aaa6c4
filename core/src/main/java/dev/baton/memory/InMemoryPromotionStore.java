package dev.baton.memory;

import dev.baton.error.Arguments;
import dev.baton.model.CasResult;
import dev.baton.model.EnvironmentName;
import dev.baton.model.InsertResult;
import dev.baton.model.Notification;
import dev.baton.model.NotificationId;
import dev.baton.model.Page;
import dev.baton.model.PendingNotification;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.spi.PromotionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The in-memory {@link PromotionStore}: promotions, idempotency keys per project, target claims
 * and the notification outbox in one JVM. The default store of {@code Baton.inMemory()} and of
 * tests; it passes {@code PromotionStoreContract}.
 *
 * <p>Thread-safe: every operation holds one lock, so each compare-and-set and the notifications
 * it stores happen as one atomic step. Beyond the port it refuses, as
 * {@code INVALID_ARGUMENT} and before any change, the caller bugs the port rules out: an insert
 * that is not version 1, a compare-and-set whose new version is not {@code expectedVersion + 1},
 * and a compare-and-set that changes a promotion's project or idempotency key.
 *
 * <p>The outbox answers oldest first by creation time, then in the order stored.
 *
 * <p>Promotions not written for a while are kept packed, one byte array each (about 260 bytes
 * for a deployed promotion, against about 1,450 as objects), and unpacked when read; what a
 * read returns is equal to what was stored, not necessarily the same instance.
 *
 * @since 0.1
 */
public final class InMemoryPromotionStore implements PromotionStore {
  private static final Set<PromotionStatus> RELEASED =
      Set.copyOf(EnumSet.of(PromotionStatus.COMPLETED, PromotionStatus.PENDING_RELEASE));
  private final Object lock = new Object();
  private final PromotionIndex index;
  // every stored id in order, for findIdsByPrefix (ids are never removed)
  private final SortedIds ids = new SortedIds();
  private final Map<KeyOf, PromotionId> keys = new HashMap<>();
  private final Map<TargetOf, PromotionId> claims = new HashMap<>();
  private final Map<NotificationId, Entry> outbox = new LinkedHashMap<>();
  private long stored;

  /**
   * An empty store.
   *
   * @since 0.1
   */
  public InMemoryPromotionStore() {
    this(PromotionIndex.UNPACKED_WRITES);
  }

  /** A store that packs a promotion once it is not among the latest {@code unpackedWrites}. */
  InMemoryPromotionStore(int unpackedWrites) {
    index = new PromotionIndex(unpackedWrites);
  }

  @Override
  public InsertResult insert(Promotion promotion, List<Notification> notifications) {
    Arguments.notNull(promotion, "promotion");
    List<Notification> copy = copyOf(notifications);
    if (promotion.version() != 1) {
      throw Arguments.invalid("a new promotion has version 1, was " + promotion.version());
    }
    synchronized (lock) {
      if (index.contains(promotion.id())) {
        return InsertResult.DUPLICATE_ID;
      }
      Optional<KeyOf> key = keyOf(promotion);
      if (key.isPresent() && keys.containsKey(key.get())) {
        return InsertResult.DUPLICATE_KEY;
      }
      index.add(promotion);
      ids.add(promotion.id());
      key.ifPresent(k -> keys.put(k, promotion.id()));
      enqueue(copy);
      return InsertResult.INSERTED;
    }
  }

  @Override
  public Optional<Promotion> find(PromotionId id) {
    Arguments.notNull(id, "promotion id");
    synchronized (lock) {
      return Optional.ofNullable(index.get(id));
    }
  }

  @Override
  public Optional<Promotion> findByIdempotencyKey(ProjectId project, String key) {
    Arguments.notNull(project, "project");
    Arguments.notNull(key, "idempotency key");
    synchronized (lock) {
      return Optional.ofNullable(keys.get(new KeyOf(project, key))).map(index::get);
    }
  }

  @Override
  public CasResult compareAndSet(long expectedVersion, Promotion next,
      List<Notification> notifications) {
    Arguments.notNull(next, "promotion");
    List<Notification> copy = copyOf(notifications);
    if (next.version() != expectedVersion + 1) {
      throw Arguments.invalid("the next version of a promotion is expectedVersion + 1 = "
          + (expectedVersion + 1) + ", was " + next.version());
    }
    synchronized (lock) {
      Promotion current = index.get(next.id());
      if (current == null) {
        return CasResult.NOT_FOUND;
      }
      if (current.version() != expectedVersion) {
        return CasResult.VERSION_MISMATCH;
      }
      if (!current.project().equals(next.project())
          || !current.idempotencyKey().equals(next.idempotencyKey())) {
        throw Arguments.invalid("a promotion's project and idempotency key never change: "
            + next.id());
      }
      index.replace(current, next);
      enqueue(copy);
      return CasResult.APPLIED;
    }
  }

  @Override
  public Page<Promotion> query(PromotionQuery query) {
    Arguments.notNull(query, "query");
    synchronized (lock) {
      return index.query(query);
    }
  }

  /**
   * {@inheritDoc} Answered from the ids kept in order, in a few sorted runs: a binary search and
   * at most {@code limit} steps in each, after the ids stored since the last answer (fewer than
   * {@value SortedIds#BATCH}) are sorted into a run.
   */
  @Override
  public List<PromotionId> findIdsByPrefix(String prefix, int limit) {
    PromotionStore.checkIdPrefix(prefix, limit);
    synchronized (lock) {
      return ids.firstByPrefix(prefix, limit);
    }
  }

  /**
   * {@inheritDoc} Answered from the target's newest-first index: the window, nothing more, with
   * the rule applied as it is walked.
   */
  @Override
  public Optional<Release> lastRelease(ProjectId project, EnvironmentName target) {
    Arguments.notNull(project, "project");
    Arguments.notNull(target, "target");
    synchronized (lock) {
      return index.lastReleaseInto(project, target, RELEASED, LAST_RELEASE_WINDOW);
    }
  }

  @Override
  public Optional<PromotionId> targetClaim(ProjectId project, EnvironmentName target) {
    TargetOf key = new TargetOf(Arguments.notNull(project, "project"),
        Arguments.notNull(target, "target"));
    synchronized (lock) {
      return Optional.ofNullable(claims.get(key));
    }
  }

  @Override
  public boolean compareAndSetTargetClaim(ProjectId project, EnvironmentName target,
      Optional<PromotionId> expected, Optional<PromotionId> next) {
    TargetOf key = new TargetOf(Arguments.notNull(project, "project"),
        Arguments.notNull(target, "target"));
    Arguments.notNull(expected, "expected claim");
    Arguments.notNull(next, "next claim");
    synchronized (lock) {
      // as Optional.ofNullable(held).equals(expected), without an Optional and two lambdas per
      // call: every execution and manual deploy takes and gives back its target
      PromotionId held = claims.get(key);
      if (expected.isPresent() ? !expected.get().equals(held) : held != null) {
        return false;
      }
      if (next.isPresent()) {
        claims.put(key, next.get());
      } else {
        claims.remove(key);
      }
      return true;
    }
  }

  @Override
  public List<PendingNotification> pendingNotifications(Instant now, int limit) {
    Arguments.notNull(now, "now");
    checkLimit(limit);
    synchronized (lock) {
      List<Entry> due = due(now, limit);
      if (due.isEmpty()) {
        return List.of();
      }
      List<PendingNotification> page = new ArrayList<>(due.size());
      for (int i = 0; i < due.size(); i++) {
        page.add(due.get(i).pending());
      }
      return Collections.unmodifiableList(page);
    }
  }

  /** {@inheritDoc} Yes: a batch is taken, and a take given back, under the store's lock. */
  @Override
  public boolean takesDueInBatches() {
    return true;
  }

  /**
   * {@inheritDoc} The entries {@link #pendingNotifications} would answer, each held until
   * {@code until} under the same lock: one step, so no other caller can take them meanwhile.
   */
  @Override
  public List<PendingNotification> takeDueNotifications(Instant now, Instant until, int limit) {
    Arguments.notNull(now, "now");
    Arguments.notNull(until, "until");
    checkLimit(limit);
    synchronized (lock) {
      List<Entry> due = due(now, limit);
      if (due.isEmpty()) {
        return List.of();
      }
      PendingNotification[] taken = new PendingNotification[due.size()];
      for (int i = 0; i < taken.length; i++) {
        Entry e = due.get(i);
        // as it was before this take (an earlier hold that ran out is its due time), then held
        taken[i] = e.pending();
        e.heldUntil = until;
      }
      return List.of(taken);
    }
  }

  /**
   * {@inheritDoc} Still held by that take means due exactly at {@code until} with the attempt
   * count it was taken with, as the PostgreSQL store checks it: a later take, a failure or a
   * delivery since leaves the entry as it is.
   */
  @Override
  public void releaseDelivery(PendingNotification pending, Instant until) {
    Arguments.notNull(pending, "pending notification");
    Arguments.notNull(until, "until");
    synchronized (lock) {
      Entry e = outbox.get(pending.notification().id());
      if (e == null || !e.nextAttemptAt().equals(until)
          || e.pending.attempts() != pending.attempts()) {
        return;
      }
      e.heldUntil = null;
      if (!e.pending.nextAttemptAt().equals(pending.nextAttemptAt())) {
        e.pending = new PendingNotification(e.pending.notification(), e.pending.attempts(),
            pending.nextAttemptAt(), e.pending.lastError());
      }
    }
  }

  @Override
  public void markDelivered(NotificationId id) {
    Arguments.notNull(id, "notification id");
    synchronized (lock) {
      outbox.remove(id);
    }
  }

  @Override
  public boolean takeDelivery(NotificationId id, Instant now, Instant until) {
    Arguments.notNull(id, "notification id");
    Arguments.notNull(now, "now");
    Arguments.notNull(until, "until");
    synchronized (lock) {
      Entry e = outbox.get(id);
      if (e == null || e.nextAttemptAt().isAfter(now)) {
        return false;
      }
      e.heldUntil = until;
      return true;
    }
  }

  /** {@inheritDoc} Unknown ids (for example delivered meanwhile) are ignored. */
  @Override
  public void markFailed(NotificationId id, String error, Instant retryAt) {
    Arguments.notNull(id, "notification id");
    Arguments.notNull(error, "error");
    Arguments.notNull(retryAt, "retry time");
    synchronized (lock) {
      Entry e = outbox.get(id);
      if (e != null) {
        // the failure ends any hold: the next attempt is retryAt alone
        e.pending = new PendingNotification(e.pending.notification(), e.pending.attempts() + 1,
            retryAt, Optional.of(error));
        e.heldUntil = null;
      }
    }
  }

  /**
   * Called with the lock held: the entries due at {@code now}, oldest first by creation time
   * (then in the order stored), at most {@code limit}. The outbox iterates in the order stored;
   * that is creation order too unless a notification was created before one stored earlier, and
   * only then is it sorted.
   */
  private List<Entry> due(Instant now, int limit) {
    if (outbox.isEmpty() || limit == 0) {
      return List.of();
    }
    List<Entry> page = new ArrayList<>(Math.min(limit, outbox.size()));
    Instant last = null;
    for (Entry e : outbox.values()) {
      if (!e.nextAttemptAt().isAfter(now)) {
        if (last != null && createdAt(e).isBefore(last)) {
          return sortedDue(now, limit);
        }
        last = createdAt(e);
        if (page.size() < limit) {
          page.add(e);
        }
      }
    }
    return page;
  }

  /** Called with the lock held: {@link #due} when the outbox is out of creation order. */
  private List<Entry> sortedDue(Instant now, int limit) {
    List<Entry> due = new ArrayList<>();
    for (Entry e : outbox.values()) {
      if (!e.nextAttemptAt().isAfter(now)) {
        due.add(e);
      }
    }
    due.sort(Comparator.comparing(InMemoryPromotionStore::createdAt)
        .thenComparingLong(e -> e.order));
    return due.size() > limit ? due.subList(0, limit) : due;
  }

  private static void checkLimit(int limit) {
    if (limit < 0) {
      throw Arguments.invalid("limit must be >= 0, was " + limit);
    }
  }

  /**
   * Called with the lock held (with a copy made by {@link #copyOf}, indexed without an iterator).
   * A notification id already waiting keeps its first entry.
   */
  private void enqueue(List<Notification> notifications) {
    for (int i = 0; i < notifications.size(); i++) {
      Notification n = notifications.get(i);
      outbox.putIfAbsent(n.id(), new Entry(PendingNotification.fresh(n), stored++));
    }
  }

  private static Instant createdAt(Entry e) {
    return e.pending.notification().createdAt();
  }

  private static List<Notification> copyOf(List<Notification> notifications) {
    Arguments.notNull(notifications, "notifications");
    try {
      // an immutable list (what the engine passes) is its own copy and holds no null
      return List.copyOf(notifications);
    } catch (NullPointerException e) {
      throw Arguments.invalid("notifications must not contain null");
    }
  }

  private static Optional<KeyOf> keyOf(Promotion p) {
    return p.idempotencyKey().map(k -> new KeyOf(p.project(), k));
  }

  private record KeyOf(ProjectId project, String key) {}

  private record TargetOf(ProjectId project, EnvironmentName target) {}

  /**
   * A notification waiting in the outbox. Taking it for delivery only notes until when it is
   * held: most are delivered and dropped next, and a new {@link PendingNotification} (and a new
   * entry) per take cost more than the rest of the outbox's bookkeeping. Changed under the lock.
   */
  private static final class Entry {
    private final long order;
    // as stored, last failed or given back; its nextAttemptAt is out of date while heldUntil
    // is set, and only a failure or a give-back brings it up to date (a read leaves it)
    private PendingNotification pending;
    private Instant heldUntil;

    Entry(PendingNotification pending, long order) {
      this.pending = pending;
      this.order = order;
    }

    Instant nextAttemptAt() {
      return heldUntil != null ? heldUntil : pending.nextAttemptAt();
    }

    /**
     * The notification as waiting now: a taken one's next attempt is the end of its hold. Only
     * builds the answer and leaves the entry as it is, so a read never changes what is stored,
     * as a SELECT on the PostgreSQL outbox does not.
     */
    PendingNotification pending() {
      if (heldUntil == null) {
        return pending;
      }
      return new PendingNotification(pending.notification(), pending.attempts(), heldUntil,
          pending.lastError());
    }
  }
}
