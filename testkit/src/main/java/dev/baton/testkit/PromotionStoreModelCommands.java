package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.CasResult;
import dev.baton.model.Decision;
import dev.baton.model.DecisionKind;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ExecutionStep;
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
import dev.baton.model.PromotionStatus;
import dev.baton.model.Revision;
import dev.baton.model.UserId;
import dev.baton.spi.PromotionStore;
import dev.baton.testkit.random.Command;
import dev.baton.testkit.random.Gen;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The commands of {@link PromotionStoreModelContract}: each calls one {@link PromotionStore}
 * method, asks the {@link PromotionStoreModel} what the answer must be, and asserts that they
 * agree. Commands carry small indexes, not ids, and resolve them against the model when they run
 * (see {@link Command}), so that every shrunk sequence still makes sense.
 *
 * <p>Stateless; the commands are immutable records, so all of it is thread-safe.
 */
final class PromotionStoreModelCommands {
  /** Limit of the outbox reads that should see every due notification. */
  static final int ALL = 10_000;

  private static final List<Duration> STEPS = List.of(Duration.ofMinutes(1),
      Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofNanos(1),
      Duration.ofHours(1));
  private static final List<String> ERRORS =
      List.of("smtp down", "Ünïcode error\nsecond line", "timeout after 30 s");

  private PromotionStoreModelCommands() {}

  /** Every command, weighted so that a history writes about twice as often as it reads. */
  static Gen<Command<PromotionStore, PromotionStoreModel>> all() {
    Gen<List<Integer>> notices = Gen.listOf(Gen.choose(0, 2), 0, 2);
    Gen<Integer> rarelyReuse = Gen.frequency(
        Gen.weighted(8, Gen.constant(0)), Gen.weighted(1, Gen.choose(1, 20)));
    Gen<Integer> versionDelta = Gen.frequency(Gen.weighted(8, Gen.constant(0)),
        Gen.weighted(1, Gen.constant(-1)), Gen.weighted(1, Gen.constant(1)));
    // Mostly no key, so that promotions pile up; sometimes a key of the pool, sometimes a
    // stored promotion's key.
    Gen<Integer> keyChoice = Gen.frequency(Gen.weighted(4, Gen.constant(0)),
        Gen.weighted(2, Gen.choose(1, 3)), Gen.weighted(1, Gen.choose(4, 7)));
    Gen<Integer> mostlyPending = Gen.frequency(
        Gen.weighted(6, Gen.constant(0)), Gen.weighted(1, Gen.choose(1, 2)));

    Gen<Command<PromotionStore, PromotionStoreModel>> insert =
        fields(rarelyReuse, Gen.choose(0, 1), Gen.choose(0, 1), Gen.choose(0, 2), keyChoice,
            Gen.choose(0, 3), Gen.choose(0, 2))
            .flatMap(f -> notices.map(n -> new Insert(f.get(0), f.get(1), f.get(2), f.get(3),
                f.get(4), f.get(5), f.get(6), n)));
    Gen<Command<PromotionStore, PromotionStoreModel>> cas =
        fields(Gen.choose(0, 40), versionDelta, Gen.choose(0, 12))
            .flatMap(f -> notices.map(n -> new Cas(f.get(0), f.get(1), f.get(2), n)));
    Gen<Command<PromotionStore, PromotionStoreModel>> casUnknown = notices.map(CasUnknown::new);
    Gen<Command<PromotionStore, PromotionStoreModel>> claim =
        fields(Gen.choose(0, 1), Gen.choose(0, 2), Gen.choose(0, 4), Gen.choose(0, 3))
            .map(f -> new Claim(f.get(0), f.get(1), f.get(2), f.get(3)));
    Gen<Command<PromotionStore, PromotionStoreModel>> deliver =
        fields(mostlyPending, Gen.choose(0, 40)).map(f -> new Deliver(f.get(0), f.get(1)));
    Gen<Command<PromotionStore, PromotionStoreModel>> fail =
        fields(mostlyPending, Gen.choose(0, 40), Gen.choose(-2, 10), Gen.choose(0, 2))
            .map(f -> new Fail(f.get(0), f.get(1), f.get(2), f.get(3)));
    Gen<Command<PromotionStore, PromotionStoreModel>> advance =
        Gen.choose(0, STEPS.size() - 1).map(Advance::new);
    Gen<Command<PromotionStore, PromotionStoreModel>> query =
        fields(sometimes(1, 2), sometimes(1, 3), sometimes(1, 15), sometimes(1, 3),
            sometimes(1, 6), sometimes(1, 6), sometimes(1, 1), sometimes(1, 4),
            Gen.choose(1, 5))
            .map(f -> new Query(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5),
                f.get(6) == 1, f.get(7), f.get(8)));
    Gen<Command<PromotionStore, PromotionStoreModel>> outbox =
        Gen.choose(0, 4).map(Outbox::new);
    Gen<Command<PromotionStore, PromotionStoreModel>> idsByPrefix =
        fields(Gen.choose(0, 40), Gen.choose(1, 5), Gen.choose(1, 4))
            .map(f -> new IdsByPrefix(f.get(0), f.get(1), f.get(2)));

    return Gen.frequency(
        Gen.weighted(6, insert),
        Gen.weighted(6, cas),
        Gen.weighted(1, casUnknown),
        Gen.weighted(3, claim),
        Gen.weighted(2, deliver),
        Gen.weighted(2, fail),
        Gen.weighted(2, advance),
        Gen.weighted(3, query),
        Gen.weighted(1, outbox),
        Gen.weighted(1, idsByPrefix));
  }

  /**
   * Checks one answer of {@code pendingNotifications(now, limit)} against the due list: as many
   * as the limit allows, each one due and as stored, oldest first by creation time, and none
   * older left out. Which of several notifications created at the same instant come first the
   * port does not say, so ties may come in any order.
   */
  static void assertOutboxAnswer(List<PendingNotification> actual,
      List<PendingNotification> due, int limit, String what) {
    assertThat(actual).as("%s: how many", what).hasSize(Math.min(limit, due.size()));
    assertThat(actual).as("%s: each due and as stored", what)
        .doesNotHaveDuplicates()
        .isSubsetOf(due);
    for (int i = 1; i < actual.size(); i++) {
      assertThat(actual.get(i).notification().createdAt())
          .as("%s: oldest first, but %s comes after %s", what,
              actual.get(i).notification().id(), actual.get(i - 1).notification().id())
          .isAfterOrEqualTo(actual.get(i - 1).notification().createdAt());
    }
    if (!actual.isEmpty()) {
      Instant newestGiven = actual.get(actual.size() - 1).notification().createdAt();
      Set<PendingNotification> given = new HashSet<>(actual);
      for (PendingNotification left : due) {
        if (!given.contains(left)) {
          assertThat(left.notification().createdAt())
              .as("%s: %s is older than one answered but left out", what,
                  left.notification().id())
              .isAfterOrEqualTo(newestGiven);
        }
      }
    }
  }

  /**
   * Inserts a new promotion with 0-2 notifications. {@code reuse > 0} takes the id of a stored
   * promotion (DUPLICATE_ID); {@code key} 0 means no key, 1-3 a key of the pool, 4-7 the key of
   * a stored promotion of that project (DUPLICATE_KEY). The promotion is requested
   * {@code minutesAgo} before now, by one of three people, into staging or production, in any
   * status (the store decides nothing).
   */
  record Insert(int reuse, int project, int target, int requester, int key, int status,
      int minutesAgo, List<Integer> notices)
      implements Command<PromotionStore, PromotionStoreModel> {
    @Override
    public void run(PromotionStore store, PromotionStoreModel model) {
      List<PromotionId> ids = model.ids();
      PromotionId id = reuse > 0 && !ids.isEmpty()
          ? ids.get((reuse - 1) % ids.size()) : model.newPromotionId();
      ProjectId inProject = PromotionStoreModel.PROJECTS.get(project);
      Optional<String> idempotencyKey = Optional.empty();
      if (key >= 1 && key <= 3) {
        idempotencyKey = Optional.of(PromotionStoreModel.KEYS.get(key - 1));
      } else if (key >= 4) {
        List<Promotion> keyed = ids.stream().map(i -> model.find(i).orElseThrow())
            .filter(p -> p.idempotencyKey().isPresent()).toList();
        if (!keyed.isEmpty()) {
          Promotion owner = keyed.get((key - 4) % keyed.size());
          inProject = owner.project();
          idempotencyKey = owner.idempotencyKey();
        }
      }
      EnvironmentName into = target == 0 ? SamplePromotions.PRODUCTION : SamplePromotions.STAGING;
      Promotion p = SamplePromotions.builder(id.value())
          .project(inProject)
          .source(target == 0 ? SamplePromotions.STAGING : SamplePromotions.DEV)
          .target(into)
          .requester(PromotionStoreModel.PEOPLE.get(requester))
          .idempotencyKey(idempotencyKey)
          .requestedAt(model.now().minus(Duration.ofMinutes(minutesAgo)))
          .status(PromotionStatus.values()[status])
          .build();
      List<Notification> sent = model.newNotifications(p, NotificationKind.SUBMITTED, notices);

      InsertResult actual = store.insert(p, sent);

      if (model.idTaken(p) && model.keyTaken(p)) {
        // The port names both refusals but not which wins when both apply.
        assertThat(actual).as("insert of %s (id and key both taken)", p.id())
            .isIn(InsertResult.DUPLICATE_ID, InsertResult.DUPLICATE_KEY);
      } else {
        assertThat(actual).as("insert of %s", p.id()).isEqualTo(model.expectedInsert(p));
      }
      if (actual == InsertResult.INSERTED) {
        model.inserted(p, sent);
      }
    }
  }

  /**
   * Compare-and-set on the {@code k}-th stored promotion, expecting its stored version plus
   * {@code delta} (VERSION_MISMATCH unless 0), with one changed field ({@code change}: 0-3
   * notes, 4-7 status, 8 claim on or off, 9 claim a step further, 10 an approval, 11 another
   * requester and target, 12 requested again now) and 0-2 notifications.
   */
  record Cas(int k, int delta, int change, List<Integer> notices)
      implements Command<PromotionStore, PromotionStoreModel> {
    @Override
    public void run(PromotionStore store, PromotionStoreModel model) {
      List<PromotionId> ids = model.ids();
      if (ids.isEmpty()) {
        return;
      }
      Promotion current = model.find(ids.get(k % ids.size())).orElseThrow();
      long expected = current.version() + delta;
      Promotion next = changed(current, model).toBuilder().version(expected + 1).build();
      List<Notification> sent = model.newNotifications(next, NotificationKind.APPROVED, notices);

      CasResult actual = store.compareAndSet(expected, next, sent);

      assertThat(actual).as("compareAndSet(%d, %s v%d) with %s stored at v%d", expected,
          next.id(), next.version(), current.id(), current.version())
          .isEqualTo(model.compareAndSet(expected, next, sent));
    }

    private Promotion changed(Promotion p, PromotionStoreModel model) {
      Instant now = model.now();
      if (change <= 3) {
        return SamplePromotions.next(p, PromotionStoreModel.NOTES.get(change));
      }
      if (change <= 7) {
        return SamplePromotions.next(p, PromotionStatus.values()[change - 4]);
      }
      Promotion.Builder b = p.toBuilder();
      switch (change) {
        case 8 -> b.claim(p.claim().isPresent()
            ? Optional.empty() : Optional.of(SamplePromotions.claim("engine-a", now)));
        case 9 -> b.claim(Optional.of(p.claim()
            .map(c -> c.at(ExecutionStep.WRITTEN, Optional.of(Revision.of("rev-" + now))))
            .orElse(SamplePromotions.claim("engine-b", now))));
        case 10 -> b.decision(new Decision(SamplePromotions.CAROL, DecisionKind.APPROVE,
            "lgtm", now));
        case 11 -> {
          List<UserId> people = PromotionStoreModel.PEOPLE;
          boolean toProduction = !p.target().equals(SamplePromotions.PRODUCTION);
          b.requester(people.get((people.indexOf(p.requester()) + 1) % people.size()))
              .source(toProduction ? SamplePromotions.STAGING : SamplePromotions.DEV)
              .target(toProduction ? SamplePromotions.PRODUCTION : SamplePromotions.STAGING);
        }
        default -> b.requestedAt(now);
      }
      return b.build();
    }
  }

  /** Compare-and-set of a promotion never stored: NOT_FOUND, and nothing stored. */
  record CasUnknown(List<Integer> notices) implements Command<PromotionStore, PromotionStoreModel> {
    @Override
    public void run(PromotionStore store, PromotionStoreModel model) {
      Promotion ghost = SamplePromotions.builder(model.ghostId().value())
          .requestedAt(model.now()).version(2).build();
      List<Notification> sent = model.newNotifications(ghost, NotificationKind.APPROVED, notices);

      CasResult actual = store.compareAndSet(1, ghost, sent);

      assertThat(actual).as("compareAndSet of unknown %s", ghost.id())
          .isEqualTo(model.compareAndSet(1, ghost, sent));
      assertThat(store.find(ghost.id())).as("find(%s) after a NOT_FOUND", ghost.id()).isEmpty();
    }
  }

  /**
   * Claim compare-and-set on one of the six (project, environment) targets. {@code expected} 0
   * is the current holder (so it wins), 1 unclaimed, 2-4 one of three ids; {@code next} 0
   * releases, 1-3 names one of three ids.
   */
  record Claim(int project, int target, int expected, int next)
      implements Command<PromotionStore, PromotionStoreModel> {
    @Override
    public void run(PromotionStore store, PromotionStoreModel model) {
      ProjectId inProject = PromotionStoreModel.PROJECTS.get(project);
      EnvironmentName at = PromotionStoreModel.ENVIRONMENTS.get(target);
      Optional<PromotionId> expectedHolder = switch (expected) {
        case 0 -> model.targetClaim(inProject, at);
        case 1 -> Optional.empty();
        default -> Optional.of(PromotionStoreModel.CLAIM_HOLDERS.get(expected - 2));
      };
      Optional<PromotionId> nextHolder = next == 0
          ? Optional.empty() : Optional.of(PromotionStoreModel.CLAIM_HOLDERS.get(next - 1));

      boolean actual = store.compareAndSetTargetClaim(inProject, at, expectedHolder, nextHolder);

      assertThat(actual).as("compareAndSetTargetClaim(%s, %s, %s -> %s) with %s holding it",
          inProject, at, expectedHolder, nextHolder, model.targetClaim(inProject, at))
          .isEqualTo(model.compareAndSetTargetClaim(inProject, at, expectedHolder, nextHolder));
    }
  }

  /**
   * Marks a notification delivered: {@code which} 0 the {@code k}-th in the outbox, 1 one
   * delivered before, 2 an id never stored (both ignored).
   */
  record Deliver(int which, int k) implements Command<PromotionStore, PromotionStoreModel> {
    @Override
    public void run(PromotionStore store, PromotionStoreModel model) {
      NotificationId id = pick(model, which, k);
      store.markDelivered(id);
      model.markDelivered(id);
    }
  }

  /**
   * Records a failed delivery: {@code which} and {@code k} pick the notification as for
   * {@link Deliver}; it is due again {@code retryInMinutes} from now (which may be in the past),
   * with one of three errors.
   */
  record Fail(int which, int k, int retryInMinutes, int error)
      implements Command<PromotionStore, PromotionStoreModel> {
    @Override
    public void run(PromotionStore store, PromotionStoreModel model) {
      NotificationId id = pick(model, which, k);
      Instant retryAt = model.now().plus(Duration.ofMinutes(retryInMinutes));
      store.markFailed(id, ERRORS.get(error), retryAt);
      model.markFailed(id, ERRORS.get(error), retryAt);
    }
  }

  /** Moves the clock on by one of six steps, from a nanosecond to an hour. */
  record Advance(int step) implements Command<PromotionStore, PromotionStoreModel> {
    @Override
    public void run(PromotionStore store, PromotionStoreModel model) {
      model.clock.advance(STEPS.get(step));
    }
  }

  /**
   * A query with filters picked by index (0 = no filter): project, target environment, statuses
   * as a bit set, requester, requested from / until the request time of the k-th stored
   * promotion (so boundaries are hit exactly), executing only; then a page.
   */
  record Query(int project, int target, int statuses, int requester, int from, int until,
      boolean executingOnly, int offset, int limit)
      implements Command<PromotionStore, PromotionStoreModel> {
    @Override
    public void run(PromotionStore store, PromotionStoreModel model) {
      Set<PromotionStatus> wanted = EnumSet.noneOf(PromotionStatus.class);
      for (PromotionStatus s : PromotionStatus.values()) {
        if ((statuses & (1 << s.ordinal())) != 0) {
          wanted.add(s);
        }
      }
      PromotionQuery q = new PromotionQuery(
          project == 0 ? Optional.empty() : Optional.of(PromotionStoreModel.PROJECTS.get(
              project - 1)),
          target == 0 ? Optional.empty() : Optional.of(PromotionStoreModel.ENVIRONMENTS.get(
              target - 1)),
          wanted,
          requester == 0 ? Optional.empty() : Optional.of(PromotionStoreModel.PEOPLE.get(
              requester - 1)),
          requestedAt(model, from), requestedAt(model, until), executingOnly, offset, limit);

      Page<Promotion> actual = store.query(q);

      Page<Promotion> expected = model.query(q);
      assertThat(ids(actual.items())).as("query %s: ids on the page", q)
          .isEqualTo(ids(expected.items()));
      assertThat(actual).as("query %s", q).isEqualTo(expected);
    }

    private static Optional<Instant> requestedAt(PromotionStoreModel model, int k) {
      List<PromotionId> ids = model.ids();
      if (k == 0 || ids.isEmpty()) {
        return Optional.empty();
      }
      return model.find(ids.get((k - 1) % ids.size())).map(Promotion::requestedAt);
    }
  }

  /** Reads the outbox with a small limit (0-4), which may cut through notifications of a tie. */
  record Outbox(int limit) implements Command<PromotionStore, PromotionStoreModel> {
    @Override
    public void run(PromotionStore store, PromotionStoreModel model) {
      Instant now = model.now();
      assertOutboxAnswer(store.pendingNotifications(now, limit), model.due(now), limit,
          "pendingNotifications(" + now + ", " + limit + ")");
    }
  }

  /**
   * Asks for the ids starting with the first {@code length} characters of the {@code k}-th
   * stored promotion's id ({@code k} 0: a prefix no stored id has), at most {@code limit}.
   * The model's ids are {@code p-1}, {@code p-2}, ..., so {@code p-1} also starts {@code p-10}
   * to {@code p-19} and {@code p} starts every one: answers cut by the limit come often.
   */
  record IdsByPrefix(int k, int length, int limit)
      implements Command<PromotionStore, PromotionStoreModel> {
    @Override
    public void run(PromotionStore store, PromotionStoreModel model) {
      List<PromotionId> ids = model.ids();
      String prefix = "q-none";
      if (k > 0 && !ids.isEmpty()) {
        String id = ids.get((k - 1) % ids.size()).value();
        prefix = id.substring(0, Math.min(length, id.length()));
      }
      String start = prefix;
      List<PromotionId> expected = ids.stream().filter(id -> id.value().startsWith(start))
          .sorted().limit(limit).toList();

      assertThat(store.findIdsByPrefix(prefix, limit))
          .as("findIdsByPrefix(%s, %d)", prefix, limit).isEqualTo(expected);
    }
  }

  /** 0 (no filter, no offset) two times in three, else a value in {@code [min, max]}. */
  private static Gen<Integer> sometimes(int min, int max) {
    return Gen.frequency(Gen.weighted(2, Gen.constant(0)), Gen.weighted(1, Gen.choose(min, max)));
  }

  static List<String> ids(List<Promotion> promotions) {
    return promotions.stream().map(p -> p.id().value()).toList();
  }

  private static NotificationId pick(PromotionStoreModel model, int which, int k) {
    List<NotificationId> from = which == 0 ? model.pendingIds()
        : which == 1 ? model.deliveredIds() : List.of();
    return from.isEmpty() ? NotificationId.of("n-never-stored") : from.get(k % from.size());
  }

  /** Independent ints, each from its own generator, shrinking one after the other. */
  @SafeVarargs
  private static Gen<List<Integer>> fields(Gen<Integer>... each) {
    Gen<List<Integer>> tail = Gen.constant(List.of());
    for (int i = each.length - 1; i >= 0; i--) {
      Gen<List<Integer>> rest = tail;
      tail = each[i].flatMap(head -> rest.map(more -> {
        List<Integer> all = new ArrayList<>(more.size() + 1);
        all.add(head);
        all.addAll(more);
        return List.copyOf(all);
      }));
    }
    return tail;
  }
}
