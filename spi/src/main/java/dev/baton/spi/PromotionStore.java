package dev.baton.spi;

import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Storage port for promotions (with their releases), the per-target execution claim, and the
 * notification outbox.
 *
 * <p>The store decides nothing: it never checks a quorum or a status. It offers narrow atomic
 * primitives, and the engine builds exactly-once execution on them: every change is a
 * compare-and-set on the promotion's version, and the notifications a change causes are stored in
 * the same atomic step. Implementations must be thread-safe; when several engine instances share
 * a store, the primitives must be atomic across them. Run {@code PromotionStoreContract} from
 * {@code baton-testkit} against an implementation.
 *
 * <h2>What the engine does with it</h2>
 * Every state change is read, decide, write: the engine {@link #find finds} the promotion, applies
 * the lifecycle to it, and stores the result with {@link #compareAndSet} on the version it read.
 * A lost race ({@link CasResult#VERSION_MISMATCH}) makes it read again and decide again, so the
 * store never merges anything. The engine calls the store from the threads of its callers, from
 * its claim heartbeat thread (which renews the claim of an execution in progress every third of
 * the claim lease) and from its notification delivery; several of these may work on the same
 * promotion at once (two approvers racing, a heartbeat racing the step it keeps alive), and
 * several engines may share one store. Per promotion the store must therefore be linearizable:
 * of any number of compare-and-sets on the same version, exactly one is {@link CasResult#APPLIED},
 * and every read after it sees it.
 *
 * <h2>Failures</h2>
 * Expected outcomes are values ({@link CasResult}, {@link InsertResult}, {@code boolean}); an
 * exception means the store could not answer. Throw a {@link dev.baton.error.BatonException} with
 * {@code BACKEND_FAILURE} when the backend is unavailable (the operation may be retried) and
 * {@code STORE_CORRUPT} when stored state cannot be read safely; the operation that called the
 * store fails with it (recovery logs it and goes on to the next promotion). An exception must
 * leave the store as it was, or as if the call had succeeded: never half of a change and its
 * notifications. The engine never passes null; a store may refuse null arguments with
 * {@code INVALID_ARGUMENT}. Calls may block on I/O.
 *
 * @since 0.1
 */
public interface PromotionStore {

  /**
   * Stores a new promotion (version 1) and its notifications atomically. Refuses an id that
   * exists, or an idempotency key that exists in the same project.
   *
   * <p>The same idempotency key in another project, and any number of promotions without a key,
   * never clash. When several callers insert the same key at once, exactly one is
   * {@link InsertResult#INSERTED}; the others answer {@link InsertResult#DUPLICATE_KEY} and the
   * engine returns the promotion stored first. The engine treats {@link InsertResult#DUPLICATE_ID}
   * as a broken id generator and fails the request with {@code BACKEND_FAILURE}.
   *
   * @param promotion the new promotion, at version 1
   * @param notifications what the request causes (the approvers told), stored in the outbox only
   *     when the promotion is stored; may be empty
   * @return {@link InsertResult#INSERTED}, or why nothing was written
   * @since 0.1
   */
  InsertResult insert(Promotion promotion, List<Notification> notifications);

  /**
   * The promotion with this id, at its latest stored version.
   *
   * @param id the promotion's id
   * @return the promotion, or empty when no promotion has this id
   * @since 0.1
   */
  Optional<Promotion> find(PromotionId id);

  /**
   * The promotion of a project that was requested with this idempotency key, at its latest stored
   * version. Keys are compared exactly (case-sensitive) and only within the project.
   *
   * @param project the project the key belongs to
   * @param key the caller's idempotency key
   * @return the promotion, or empty when the key was never used in the project
   * @since 0.1
   */
  Optional<Promotion> findByIdempotencyKey(ProjectId project, String key);

  /**
   * Replaces the stored promotion with {@code next} if, and only if, its stored version is
   * {@code expectedVersion}; {@code next.version()} is {@code expectedVersion + 1}. The
   * notifications are stored in the same atomic step, or not at all.
   *
   * <p>A promotion's id, project and idempotency key never change; the in-memory store refuses a
   * caller that breaks this, or the version rule, with {@code INVALID_ARGUMENT}. The engine
   * retries a {@link CasResult#VERSION_MISMATCH} after reading again, a bounded number of times.
   *
   * @param expectedVersion the version the caller read and decided on
   * @param next the promotion to store, identified by {@code next.id()}
   * @param notifications what the change causes; stored only when the result is
   *     {@link CasResult#APPLIED}; may be empty
   * @return {@link CasResult#APPLIED} when stored; {@link CasResult#VERSION_MISMATCH} when
   *     another version is stored; {@link CasResult#NOT_FOUND} when no promotion has the id.
   *     Nothing is written unless APPLIED
   * @since 0.1
   */
  CasResult compareAndSet(long expectedVersion, Promotion next, List<Notification> notifications);

  /**
   * Promotions matching the query, newest first (request time, then id, both descending).
   *
   * <p>Filters match the latest stored version of each promotion. The page holds at most
   * {@code query.limit()} promotions after skipping {@code query.offset()} matches, and
   * {@link Page#total()} counts every match, so that paging through with a growing offset sees
   * each promotion once while nothing changes. Paging is not a snapshot: a promotion requested or
   * changed between two pages may be seen twice or not at all, which the engine tolerates.
   *
   * <p>A page must reflect every {@link #compareAndSet} that returned before the query began,
   * in this process or another one sharing the store (no lagging index or replica): the engine
   * keeps two executions out of one target by storing a promotion's execution claim and then
   * querying for the target's other {@code executing} promotions, which is safe only if the
   * second of two such queries sees the first promotion's claim.
   *
   * @param query the filters and the page
   * @return one page of matches with the total number of matches
   * @since 0.1
   */
  Page<Promotion> query(PromotionQuery query);

  /**
   * How many of the newest released promotions into a target {@link #lastRelease} looks at.
   *
   * @since 0.1
   */
  int LAST_RELEASE_WINDOW = 20;

  /**
   * The release that the engine takes as the target's last known state: the base of a preview's
   * conflict indicators (what changed in the target since the last promotion into it). It is read
   * on every request and preview into the target, so a store should answer it without reading the
   * target's whole history.
   *
   * <p>Exactly: of the promotions of {@code project} into {@code target} whose status is
   * {@link PromotionStatus#COMPLETED COMPLETED} or {@link PromotionStatus#PENDING_RELEASE
   * PENDING_RELEASE}, the first {@value #LAST_RELEASE_WINDOW} in {@link #query}'s order (request
   * time, then id, both descending) are looked at; of those that have a release, the answer is
   * the release created last ({@link Release#createdAt}), and of releases created at the same
   * instant the one of the promotion that comes first in that order. A promotion of those
   * statuses without a release takes its place in the window and is skipped. The answer is
   * {@link #lastReleaseOf} applied to that page. It reads the latest stored version of each
   * promotion and, like {@link #query}, is not a snapshot across concurrent changes.
   *
   * <p>The default reads that page through {@link #query}, which is correct for any store and
   * costs one page of {@value #LAST_RELEASE_WINDOW} promotions. A store may override it to read
   * less (the PostgreSQL store reads only the release of each promotion in the window, never its
   * whole document); an override answers exactly what the default answers, which
   * {@code PromotionStoreContract} checks.
   *
   * @param project the project
   * @param target the target environment
   * @return the last release into the target as described, or empty when none of the window's
   *     promotions has a release
   * @throws BatonException {@code INVALID_ARGUMENT} for a null argument
   * @since 0.1
   */
  default Optional<Release> lastRelease(ProjectId project, EnvironmentName target) {
    Arguments.notNull(project, "project");
    Arguments.notNull(target, "target");
    PromotionQuery window = new PromotionQuery(Optional.of(project), Optional.of(target),
        EnumSet.of(PromotionStatus.COMPLETED, PromotionStatus.PENDING_RELEASE), Optional.empty(),
        Optional.empty(), Optional.empty(), false, 0, LAST_RELEASE_WINDOW);
    return lastReleaseOf(query(window).items());
  }

  /**
   * The rule of {@link #lastRelease} over a window a store has read: the release created last
   * among the promotions' releases, the first in the list of those created at the same instant.
   *
   * @param newestFirst the window's promotions in {@link #query}'s order
   * @return that release, or empty when no promotion of the list has one
   * @since 0.1
   */
  static Optional<Release> lastReleaseOf(List<Promotion> newestFirst) {
    Release last = null;
    for (Promotion p : newestFirst) {
      Release release = p.release().orElse(null);
      // strictly later only: of equally late releases the first in the list stays
      if (release != null && (last == null || release.createdAt().isAfter(last.createdAt()))) {
        last = release;
      }
    }
    return Optional.ofNullable(last);
  }

  /**
   * The ids of stored promotions that start with {@code prefix}, in id order
   * ({@link PromotionId#compareTo}), at most {@code limit} of them: what resolves the short id a
   * person typed ({@code 3f2a} for {@code p-3f2a9c...}). Asking for two tells the three answers
   * a caller needs apart: no promotion, exactly one, or an ambiguous prefix.
   *
   * <p>A prefix matches the text of an id exactly (case-sensitive, character by character), in
   * every project; a prefix that is a whole id finds that id and every longer one that starts
   * with it. A prefix is text that could start an id, which is exactly text that is itself a
   * valid {@link PromotionId}; anything else is a caller's error (see {@link #checkIdPrefix}),
   * never an empty answer. Like {@link #query}, the answer is not a snapshot: a promotion
   * inserted during the call may be in it or not.
   *
   * <p>The default pages through {@link #query} without a filter and keeps the first matches,
   * so it reads every stored promotion: correct for any store, but its cost grows with the
   * store. A store that keeps its ids in order (a sorted map, a B-tree index) should override
   * it to answer from that order, at the cost of finding the prefix and reading at most
   * {@code limit} ids, as the in-memory, Git and PostgreSQL stores do. The CLI calls it for
   * every command that takes a promotion id the store does not hold as typed.
   *
   * @param prefix the start of the ids wanted: a letter or digit, then letters, digits,
   *     {@code '.'}, {@code '_'} or {@code '-'}, at most 63 characters, without {@code ".."}
   * @param limit the most ids to answer, 1 to 1000
   * @return the first matching ids in id order, at most {@code limit}; empty when none
   * @throws BatonException {@code INVALID_ARGUMENT} for a null or invalid prefix or a limit out
   *     of range, before the store is read
   * @since 0.1
   */
  default List<PromotionId> findIdsByPrefix(String prefix, int limit) {
    checkIdPrefix(prefix, limit);
    // the first `limit` matches seen so far; a larger one falls out as a smaller one comes
    TreeSet<PromotionId> first = new TreeSet<>();
    PromotionQuery all = new PromotionQuery(Optional.empty(), Optional.empty(), Set.of(),
        Optional.empty(), Optional.empty(), Optional.empty(), false, 0, 1000);
    int offset = 0;
    Page<Promotion> page;
    do {
      page = query(all.withPage(offset, 1000));
      for (Promotion p : page.items()) {
        if (p.id().value().startsWith(prefix)) {
          first.add(p.id());
          if (first.size() > limit) {
            first.pollLast();
          }
        }
      }
      offset += page.items().size();
    } while (page.hasMore() && !page.items().isEmpty());
    return List.copyOf(first);
  }

  /**
   * What {@link #findIdsByPrefix} answers from ids a store keeps in order: the ids from the prefix
   * on, which start with it until the first that does not, at most {@code limit} of them. For a
   * store's override, after {@link #checkIdPrefix}; the caller holds whatever guards the set.
   *
   * @param sorted the stored ids in id order
   * @param prefix a checked prefix
   * @param limit a checked limit
   * @return the first matching ids in id order, at most {@code limit}; a new unmodifiable list
   * @since 0.1
   */
  static List<PromotionId> firstIdsByPrefix(NavigableSet<PromotionId> sorted, String prefix,
      int limit) {
    List<PromotionId> first = new ArrayList<>(Math.min(limit, 16));
    for (PromotionId id : sorted.tailSet(PromotionId.of(prefix), true)) {
      if (first.size() == limit || !id.value().startsWith(prefix)) {
        break;
      }
      first.add(id);
    }
    return Collections.unmodifiableList(first);
  }

  /**
   * Checks the arguments of {@link #findIdsByPrefix} as every store must, so that all of them
   * refuse the same input the same way; an implementation calls it first.
   *
   * @param prefix the prefix: valid when {@link PromotionId#of} accepts it as an id (a non-empty
   *     prefix of a valid id is one, and so is every id)
   * @param limit the most ids wanted, 1 to 1000
   * @return {@code prefix}
   * @throws BatonException {@code INVALID_ARGUMENT} naming what is wrong
   * @since 0.1
   */
  static String checkIdPrefix(String prefix, int limit) {
    Arguments.notNull(prefix, "promotion id prefix");
    try {
      PromotionId.of(prefix);
    } catch (BatonException e) {
      throw Arguments.invalid("a promotion id prefix must be the start of an id: a letter or"
          + " digit, then letters, digits, '.', '_' or '-', at most 63 characters, no '..': '"
          + prefix + "'");
    }
    Arguments.check(limit >= 1 && limit <= 1000,
        "limit must be between 1 and 1000, was " + limit);
    return prefix;
  }

  /**
   * The promotion that holds the execution claim on a target environment, if any.
   *
   * <p>The store keeps the claim as a bare promotion id per project and target. Whether the claim
   * is live is the engine's call: it counts only while the named promotion holds an execution
   * claim of its own, so a claim left behind by a crash is taken over, never waited for.
   *
   * @param project the project
   * @param target the target environment
   * @return the promotion named by the claim, or empty when the target is unclaimed
   * @since 0.1
   */
  Optional<PromotionId> targetClaim(ProjectId project, EnvironmentName target);

  /**
   * Sets the execution claim on a target environment to {@code next} if, and only if, it is
   * currently {@code expected} (empty meaning unclaimed). Returns whether it was set.
   *
   * <p>All four moves are allowed: take an unclaimed target, release it, hand it straight from one
   * promotion to another, or set it to what it already is. Claims of the same target name in two
   * projects are independent. Of several callers racing with the same expectation exactly one
   * gets {@code true}. The engine takes the claim before it stores a promotion's execution claim,
   * and releases it when the execution ends.
   *
   * @param project the project
   * @param target the target environment
   * @param expected the claim the caller read
   * @param next the claim to set; empty releases the target
   * @return {@code true} when the claim was {@code expected} and is now {@code next};
   *     {@code false}, changing nothing, otherwise
   * @since 0.1
   */
  boolean compareAndSetTargetClaim(ProjectId project, EnvironmentName target,
      Optional<PromotionId> expected, Optional<PromotionId> next);

  /**
   * Undelivered notifications due at {@code now} (their next attempt is at or before it), oldest
   * first by creation time, at most {@code limit}. Notifications created at the same instant may
   * come in any order. Notification ids are unique; storing an id that is already in the outbox
   * is a caller's error that a store may refuse with INVALID_ARGUMENT.
   *
   * <p>A new notification is due from its creation time. Reading the outbox does not consume it:
   * a notification stays until {@link #markDelivered}. The engine reads it in batches of 100 after
   * each change that stores notifications, and on {@code Notifications.deliverDue()} (a store
   * that {@link #takesDueInBatches} is taken from with {@link #takeDueNotifications} instead).
   *
   * @param now the engine's clock reading
   * @param limit the most entries to answer, zero or more
   * @return the due entries, with their attempt count and last error
   * @since 0.1
   */
  List<PendingNotification> pendingNotifications(Instant now, int limit);

  /**
   * Takes the delivery of a notification until {@code until}, atomically: it succeeds only if the
   * notification is still in the outbox and due at {@code now}, and makes it not due before
   * {@code until}, so of several engines (or processes) that read it as due, one calls the
   * notifier and the others skip it. A deliverer that dies holding it leaves it due again at
   * {@code until}. The default takes every delivery (at-least-once delivery with concurrent
   * deliverers); {@code PromotionStoreContract} expects the exclusive behaviour, so a store that
   * keeps the default does not pass those of its tests.
   *
   * <p>Taking a delivery changes neither the attempt count nor the last error. The engine holds a
   * delivery for twice the notification timeout, longer than one notifier call may take.
   *
   * @param id the notification
   * @param now the engine's clock reading
   * @param until when the notification is due again unless delivered or failed before
   * @return whether this caller took the delivery; {@code false} for an unknown id
   * @since 0.1
   */
  default boolean takeDelivery(NotificationId id, Instant now, Instant until) {
    return true;
  }

  /**
   * Whether {@link #takeDueNotifications} takes a whole batch in one step and
   * {@link #releaseDelivery} gives a taken delivery back. The engine then takes due notifications
   * in batches and gives back those it took and did not try (a pass that stops at a failure);
   * otherwise it reads them with {@link #pendingNotifications} and takes each with
   * {@link #takeDelivery} right before calling the notifier. The default is {@code false}; a store
   * that answers {@code true} overrides both methods.
   *
   * @return whether the store takes due notifications in batches
   * @since 0.1
   */
  default boolean takesDueInBatches() {
    return false;
  }

  /**
   * Takes the delivery of up to {@code limit} notifications due at {@code now}, oldest first by
   * creation time, until {@code until}, as {@link #takeDelivery} takes one: each answered entry
   * was due at {@code now} and is not due again before {@code until}, and of several callers
   * (engines or processes) at once no two answer the same notification. The entries are as
   * {@link #pendingNotifications} answered them before the take (attempt count, last error, and
   * the due time before the take as {@link PendingNotification#nextAttemptAt()}).
   *
   * <p>The default reads {@link #pendingNotifications} and takes each entry with
   * {@link #takeDelivery}, keeping those it took: correct for any store, one step per
   * notification. A store that does it in one step overrides it and {@link #takesDueInBatches}.
   *
   * @param now the engine's clock reading
   * @param until when each taken notification is due again unless delivered, failed or given back
   * @param limit the most entries to take, zero or more
   * @return the entries this caller took, oldest first
   * @since 0.1
   */
  default List<PendingNotification> takeDueNotifications(Instant now, Instant until, int limit) {
    List<PendingNotification> due = pendingNotifications(now, limit);
    List<PendingNotification> taken = new ArrayList<>(due.size());
    for (PendingNotification pending : due) {
      if (takeDelivery(pending.notification().id(), now, until)) {
        taken.add(pending);
      }
    }
    return List.copyOf(taken);
  }

  /**
   * Gives back a delivery taken until {@code until} and not tried: if the notification is still
   * in the outbox and still held by that take (not due before {@code until}, no attempt recorded
   * since), it is due again at {@code pending.nextAttemptAt()}, the time it was due before the
   * take, with its attempt count and last error unchanged. Otherwise nothing changes.
   *
   * <p>The default does nothing: the notification comes due when the hold ends (delivery stays
   * at least once, only later). A store that answers {@code true} to {@link #takesDueInBatches}
   * overrides it.
   *
   * @param pending the entry as {@link #takeDueNotifications} answered it
   * @param until the end of the hold of that take
   * @since 0.1
   */
  default void releaseDelivery(PendingNotification pending, Instant until) {
  }

  /**
   * Removes a delivered notification from the outbox. Unknown ids are ignored.
   *
   * <p>Idempotent: a second call, or a call for a notification another deliverer already marked,
   * changes nothing.
   *
   * @param id the notification the notifier accepted
   * @since 0.1
   */
  void markDelivered(NotificationId id);

  /**
   * Records a failed delivery attempt; the notification is due again at {@code retryAt}.
   *
   * <p>It adds one to the attempt count and keeps {@code error} as the last error; the engine
   * computes {@code retryAt} with a growing delay (capped at one hour). An id no longer in the
   * outbox (delivered meanwhile) should be ignored, as the in-memory and Git stores do.
   *
   * @param id the notification
   * @param error why the attempt failed, for people
   * @param retryAt when the notification is due again
   * @since 0.1
   */
  void markFailed(NotificationId id, String error, Instant retryAt);
}
