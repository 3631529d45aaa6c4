package dev.baton.jdbc;

import static dev.baton.jdbc.Database.setInstant;

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
import dev.baton.model.Release;
import dev.baton.spi.PromotionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@link PromotionStore} on PostgreSQL: promotions as JSONB documents beside the columns every
 * query filter needs, idempotency keys as a unique index, target claims and the notification
 * outbox as tables. A compare-and-set is {@code UPDATE ... WHERE id = ? AND version = ?} in the
 * one statement that also stores its notifications, so it is atomic across every process sharing
 * the database. Every write is one statement in auto-commit (one round trip, one commit); a
 * second statement follows only to say why a write did not apply. {@link #find} fetches the
 * document only when the row changed since this store last wrote or read it (its {@code xmin},
 * version and the random {@code write_id} each write sets); every other read fetches every
 * document it answers, and parses one again only when its text differs from the text parsed
 * last for that promotion (up to 2,048 kept). Thread-safe. Obtain it from
 * {@link PostgresStores#promotions()}.
 *
 * @since 0.1
 */
public final class PostgresPromotionStore implements PromotionStore {
  /** What a stored promotion's document is called in errors, for the store and its history. */
  static final String STORED = "a stored promotion";
  /** Promotions kept by row version at most; holding more, the store starts again from empty. */
  private static final int KEPT = 2048;

  private final Database db;
  private final String promotions;
  /**
   * Promotions parsed before, by id: a request parses the page of releases into its target, most
   * of them unchanged since the last request, and parsing costs more than fetching.
   */
  private final ParsedDocuments<Promotion> parsed = new ParsedDocuments<>(Promotion.class, 2048);
  /**
   * The promotion as this store last wrote or read it, by id, with the row version it has in the
   * database: an approval reads the promotion that an earlier step, often on this instance, has
   * just written, and fetching and parsing the document cost more than asking whether the row
   * changed. Package-private for tests.
   */
  final RowVersions<Promotion> known;
  /** The outbox: its reads, takes and marks. Package-private for tests (its statements). */
  final PostgresOutbox outbox;
  /** The insert's statements, by what rides on it: parameters 1 to 12, then the outbox's. */
  private final PostgresOutbox.Statements inserts;
  /**
   * The compare-and-set's statements: parameters 1 to 13, then the outbox's. Package-private
   * for tests (their plans).
   */
  final PostgresOutbox.Statements compareAndSets;
  private final PostgresTargetClaims claims;
  /** The history reads. Package-private for tests (their statements). */
  final PostgresPromotionHistory history;

  PostgresPromotionStore(Database db) {
    this(db, DeliveredNotifications.WAIT, System::nanoTime);
  }

  /**
   * A store whose deletes of delivered notifications wait up to {@code deleteWait}, and whose
   * promotions are kept by row version on the clock {@code nanos} (tests).
   */
  PostgresPromotionStore(Database db, Duration deleteWait, LongSupplier nanos) {
    this.db = db;
    this.promotions = db.table("baton_promotion");
    this.known = new RowVersions<>(promotions, "id", KEPT, nanos);
    this.outbox = new PostgresOutbox(db, deleteWait);
    this.inserts = outbox.statements("INSERT INTO " + promotions
        + " (id, project, idempotency_key, target, status, requester, requested_sec,"
        + " requested_nano, executing, version, document, write_id)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT DO NOTHING");
    // The row is found by its primary key alone. Project and key are compared as one row with
    // IS NOT DISTINCT FROM, which no index can answer: with "project = ?" a plan made while the
    // table was empty or small (a fresh schema, before its first ANALYZE) used
    // baton_promotion_target_status with (project, id) as its condition, reading every entry
    // of the project to find one id, and the cached plan kept doing so as the table grew.
    // project is NOT NULL and the bound project never null, so the comparison is equality.
    this.compareAndSets = outbox.statements("UPDATE " + promotions
        + " SET target = ?, status = ?, requester = ?, requested_sec = ?, requested_nano = ?,"
        + " executing = ?, version = ?, document = ?::jsonb, write_id = ?"
        + " WHERE id = ? AND version = ?"
        + " AND (project, idempotency_key) IS NOT DISTINCT FROM (?, ?)");
    this.claims = new PostgresTargetClaims(db);
    this.history = new PostgresPromotionHistory(db, promotions, parsed);
  }

  @Override
  public InsertResult insert(Promotion promotion, List<Notification> notifications) {
    Arguments.notNull(promotion, "promotion");
    List<Notification> copy = copyOf(notifications);
    if (promotion.version() != 1) {
      throw Arguments.invalid("a new promotion has version 1, was " + promotion.version());
    }
    String document = Json.write(promotion);
    PostgresOutbox.Riding riding = outbox.riding(copy);
    // One statement in auto-commit: the row and its notifications are stored atomically in one
    // round trip, without the BEGIN and COMMIT of a transaction around them.
    String sql = riding.statement(inserts);
    long writeId = RowVersions.newWriteId();
    String inserted;
    try {
      inserted = db.statement("insert of " + promotion.id(), c -> {
        try (PreparedStatement s = c.prepareStatement(sql)) {
          s.setString(1, promotion.id().value());
          s.setString(2, promotion.project().value());
          s.setString(3, promotion.idempotencyKey().orElse(null));
          setColumns(s, 4, promotion);
          s.setLong(10, promotion.version());
          s.setString(11, document);
          s.setLong(12, writeId);
          riding.bind(c, s, 13);
          return changedRow(s);
        }
      });
    } catch (RuntimeException e) {
      riding.failed();
      throw e;
    }
    riding.committed();
    if (inserted != null) {
      known.remember(promotion.id().value(), inserted, promotion.version(), writeId, promotion);
      return InsertResult.INSERTED;
    }
    return db.statement("insert of " + promotion.id(), c -> exists(c, promotion.id()))
        ? InsertResult.DUPLICATE_ID : InsertResult.DUPLICATE_KEY;
  }

  /**
   * {@inheritDoc} The document is fetched and parsed only when the row changed since this store
   * last wrote or read it (within ten minutes): the statement compares the row's {@code xmin},
   * version and {@code write_id} with those this store noted, and sends the document only when
   * one differs. The write id, chosen at random by every write, tells apart two writes that
   * PostgreSQL gave the same {@code xmin} and version, as it can after a lost commit. Otherwise
   * the answer is the promotion this store wrote or read then.
   */
  @Override
  public Optional<Promotion> find(PromotionId id) {
    Arguments.notNull(id, "promotion id");
    return db.statement("find of " + id, c -> known.find(c, id.value(),
        text -> parsed.read(id.value(), text, STORED)));
  }

  @Override
  public Optional<Promotion> findByIdempotencyKey(ProjectId project, String key) {
    Arguments.notNull(project, "project");
    Arguments.notNull(key, "idempotency key");
    return db.statement("find by idempotency key", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id, document::text FROM "
          + promotions + " WHERE project = ? AND idempotency_key = ?")) {
        s.setString(1, project.value());
        s.setString(2, key);
        return one(s);
      }
    });
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
    String document = Json.write(next);
    PostgresOutbox.Riding riding = outbox.riding(copy);
    // One statement in auto-commit, as insert: the compare-and-set and the notifications it
    // stores commit together or not at all.
    String sql = riding.statement(compareAndSets);
    long writeId = RowVersions.newWriteId();
    String applied;
    try {
      applied = db.statement("compare-and-set of " + next.id(), c -> {
        try (PreparedStatement s = c.prepareStatement(sql)) {
          setColumns(s, 1, next);
          s.setLong(7, next.version());
          s.setString(8, document);
          s.setLong(9, writeId);
          s.setString(10, next.id().value());
          s.setLong(11, expectedVersion);
          s.setString(12, next.project().value());
          s.setString(13, next.idempotencyKey().orElse(null));
          riding.bind(c, s, 14);
          return changedRow(s);
        }
      });
    } catch (RuntimeException e) {
      riding.failed();
      throw e;
    }
    // the deletes committed with the statement, whether the compare-and-set applied or not
    riding.committed();
    if (applied != null) {
      known.remember(next.id().value(), applied, next.version(), writeId, next);
      return CasResult.APPLIED;
    }
    return db.statement("compare-and-set of " + next.id(),
        c -> whyNotApplied(c, expectedVersion, next));
  }

  private CasResult whyNotApplied(Connection c, long expectedVersion, Promotion next)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT version, project, idempotency_key FROM "
        + promotions + " WHERE id = ?")) {
      s.setString(1, next.id().value());
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return CasResult.NOT_FOUND;
        }
        if (r.getLong(1) != expectedVersion) {
          return CasResult.VERSION_MISMATCH;
        }
        if (!r.getString(2).equals(next.project().value())
            || !Objects.equals(r.getString(3), next.idempotencyKey().orElse(null))) {
          throw Arguments.invalid("a promotion's project and idempotency key never change: "
              + next.id());
        }
        // Stored at the expected version a moment ago and changed since: a lost race.
        return CasResult.VERSION_MISMATCH;
      }
    }
  }

  @Override
  public Page<Promotion> query(PromotionQuery query) {
    return history.query(query);
  }

  /**
   * {@inheritDoc} One range scan of the primary key (its "C" collation orders ids as
   * {@link PromotionId#compareTo} does): from the prefix up to the first text after every id
   * that starts with it, at most {@code limit} rows.
   */
  @Override
  public List<PromotionId> findIdsByPrefix(String prefix, int limit) {
    return history.findIdsByPrefix(prefix, limit);
  }

  /**
   * {@inheritDoc} One range scan of the target's newest-first index, at most
   * {@value PromotionStore#LAST_RELEASE_WINDOW} rows, answering only each promotion's release
   * (never its whole document); a release is parsed again only when its text changed.
   */
  @Override
  public Optional<Release> lastRelease(ProjectId project, EnvironmentName target) {
    return history.lastRelease(project, target);
  }

  @Override
  public Optional<PromotionId> targetClaim(ProjectId project, EnvironmentName target) {
    return claims.find(project, target);
  }

  @Override
  public boolean compareAndSetTargetClaim(ProjectId project, EnvironmentName target,
      Optional<PromotionId> expected, Optional<PromotionId> next) {
    return claims.compareAndSet(project, target, expected, next);
  }

  @Override
  public List<PendingNotification> pendingNotifications(Instant now, int limit) {
    return outbox.pending(now, limit);
  }

  /**
   * {@inheritDoc} The deletes of notifications delivered since the last take ride on this
   * statement (see {@link #markDelivered}).
   */
  @Override
  public boolean takeDelivery(NotificationId id, Instant now, Instant until) {
    return outbox.take(id, now, until);
  }

  /** {@inheritDoc} Yes: one statement takes a batch, and a take is given back in one. */
  @Override
  public boolean takesDueInBatches() {
    return true;
  }

  /**
   * {@inheritDoc} One statement: the due rows are locked with {@code FOR UPDATE SKIP LOCKED}, so
   * a row another caller is taking at that moment is passed over rather than waited for, and a
   * row taken meanwhile by a committed statement fails the due test when it is locked. The
   * deletes of notifications delivered since the last take ride on it, as on
   * {@link #takeDelivery}.
   */
  @Override
  public List<PendingNotification> takeDueNotifications(Instant now, Instant until, int limit) {
    return outbox.takeDue(now, until, limit);
  }

  /**
   * {@inheritDoc} One statement, which changes the row only while it is due exactly at
   * {@code until} with the attempt count it was taken with.
   */
  @Override
  public void releaseDelivery(PendingNotification pending, Instant until) {
    outbox.release(pending, until);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The delete of a notification this store took, with a hold that still lasts at least a
   * second, waits: it rides on this store's next take of a delivery, insert or compare-and-set
   * (one statement and one commit fewer per notification), or runs with the others waiting
   * within 50 ms, or when the store closes. Meanwhile this store's reads leave the notification
   * out, and no other store sees it as due (this store's take holds it). A process that dies in
   * that moment leaves it to be delivered again when the hold ends, as one dying between the
   * notifier's call and the delete would; one whose main thread ends without closing the stores
   * waits for the deletes (the timer's thread is not a daemon, and ends a second after its last
   * delete). Any other delete runs at once, with those waiting.
   */
  @Override
  public void markDelivered(NotificationId id) {
    outbox.markDelivered(id);
  }

  /** Deletes what waits and stops the timer; later deletes run at once. */
  void close() {
    outbox.close();
  }

  @Override
  public void markFailed(NotificationId id, String error, Instant retryAt) {
    outbox.markFailed(id, error, retryAt);
  }

  /** The row version of the promotion {@code s} changed, null when it changed none. */
  private static String changedRow(PreparedStatement s) throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      return r.next() ? r.getString(1) : null;
    }
  }

  // target, status, requester, requested_sec, requested_nano, executing from index `at` on
  private static void setColumns(PreparedStatement s, int at, Promotion p) throws SQLException {
    s.setString(at, p.target().value());
    s.setString(at + 1, p.status().name());
    s.setString(at + 2, p.requester().value());
    setInstant(s, at + 3, p.requestedAt());
    s.setBoolean(at + 5, p.claim().isPresent());
  }

  private boolean exists(Connection c, PromotionId id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM " + promotions + " WHERE id = ?")) {
      s.setString(1, id.value());
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  private Optional<Promotion> one(PreparedStatement s) throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      return r.next()
          ? Optional.of(parsed.read(r.getString(1), r.getString(2), STORED))
          : Optional.empty();
    }
  }

  private static List<Notification> copyOf(List<Notification> notifications) {
    Arguments.notNull(notifications, "notifications");
    if (notifications.stream().anyMatch(Objects::isNull)) {
      throw Arguments.invalid("notifications must not contain null");
    }
    return List.copyOf(notifications);
  }
}
