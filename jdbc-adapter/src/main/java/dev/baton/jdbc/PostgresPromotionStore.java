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
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.spi.PromotionStore;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(PostgresPromotionStore.class);
  private static final String DOC = "document";
  private static final String STORED = "a stored promotion";
  /** Promotions kept by row version at most; holding more, the store starts again from empty. */
  private static final int KEPT = 2048;

  private final Database db;
  private final String promotions;
  private final String claims;
  private final String outbox;
  private final String counts;
  /**
   * Promotions parsed before, by id: a request parses the page of releases into its target, most
   * of them unchanged since the last request, and parsing costs more than fetching.
   */
  private final ParsedDocuments<Promotion> parsed = new ParsedDocuments<>(Promotion.class, 2048);
  /** Releases parsed before, by promotion id: the window of a target changes little. */
  private final ParsedDocuments<Release> releases = new ParsedDocuments<>(Release.class, 2048);
  /**
   * The promotion as this store last wrote or read it, by id, with the row version it has in the
   * database: an approval reads the promotion that an earlier step, often on this instance, has
   * just written, and fetching and parsing the document cost more than asking whether the row
   * changed. Package-private for tests.
   */
  final RowVersions<Promotion> known;
  /** Delivered notifications whose deletes wait for a statement to ride on (or a moment). */
  private final DeliveredNotifications delivered;

  PostgresPromotionStore(Database db) {
    this(db, DeliveredNotifications.WAIT, System::nanoTime);
  }

  /**
   * A store whose deletes of delivered notifications wait up to {@code deleteWait}, and whose
   * promotions are kept by row version on the clock {@code nanos} (tests).
   */
  PostgresPromotionStore(Database db, Duration deleteWait, LongSupplier nanos) {
    this.delivered = new DeliveredNotifications(this::flushDelivered, deleteWait);
    this.known = new RowVersions<>(KEPT, nanos);
    this.db = db;
    this.promotions = db.table("baton_promotion");
    this.counts = db.table("baton_promotion_count");
    this.claims = db.table("baton_target_claim");
    this.outbox = db.table("baton_notification");
  }

  @Override
  public InsertResult insert(Promotion promotion, List<Notification> notifications) {
    Arguments.notNull(promotion, "promotion");
    List<Notification> copy = copyOf(notifications);
    if (promotion.version() != 1) {
      throw Arguments.invalid("a new promotion has version 1, was " + promotion.version());
    }
    String document = Json.write(promotion);
    List<String> documents = documents(copy);
    List<String> gone = deletesToRideOn(copy);
    // One statement in auto-commit: the row and its notifications are stored atomically in one
    // round trip, without the BEGIN and COMMIT of a transaction around them.
    String sql = withNotifications("INSERT INTO " + promotions
        + " (id, project, idempotency_key, target, status, requester, requested_sec,"
        + " requested_nano, executing, version, document, write_id)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT DO NOTHING", copy, gone);
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
          bindNotifications(c, s, 13, copy, documents, gone);
          return changedRow(s);
        }
      });
    } catch (RuntimeException e) {
      delivered.restore(gone);
      throw e;
    }
    delivered.deleted(gone);
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
    return db.statement("find of " + id, c -> known.find(c, promotions, "id", id.value(),
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
    List<String> documents = documents(copy);
    List<String> gone = deletesToRideOn(copy);
    // One statement in auto-commit, as insert: the compare-and-set and the notifications it
    // stores commit together or not at all.
    String sql = withNotifications("UPDATE " + promotions
        + " SET target = ?, status = ?, requester = ?, requested_sec = ?, requested_nano = ?,"
        + " executing = ?, version = ?, document = ?::jsonb, write_id = ?"
        + " WHERE id = ? AND version = ? AND project = ?"
        + " AND idempotency_key IS NOT DISTINCT FROM ?", copy, gone);
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
          bindNotifications(c, s, 14, copy, documents, gone);
          return changedRow(s);
        }
      });
    } catch (RuntimeException e) {
      delivered.restore(gone);
      throw e;
    }
    // the deletes committed with the statement, whether the compare-and-set applied or not
    delivered.deleted(gone);
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
    Arguments.notNull(query, "query");
    StringBuilder where = new StringBuilder(" WHERE true");
    List<Object> args = new ArrayList<>();
    // The filters the count table answers; any other filter counts the matching rows.
    boolean counted = query.requester().isEmpty() && query.requestedFrom().isEmpty()
        && query.requestedUntil().isEmpty() && !query.executingOnly();
    query.project().ifPresent(p -> {
      where.append(" AND project = ?");
      args.add(p.value());
    });
    query.target().ifPresent(t -> {
      where.append(" AND target = ?");
      args.add(t.value());
    });
    if (!query.statuses().isEmpty()) {
      // The statuses are written into the statement (enum names: letters and '_'), so every
      // plan, generic ones too, weighs them by the column's statistics. As a parameter, a
      // generic plan expected a quarter of the rows to match, and recovery's page of the few
      // PENDING_APPROVAL promotions of all projects walked the newest-first index over every
      // row instead of baton_promotion_status_newest.
      where.append(" AND status IN (")
          .append(query.statuses().stream().map(status -> "'" + status.name() + "'")
              .sorted().collect(Collectors.joining(", ")))
          .append(')');
    }
    query.requester().ifPresent(u -> {
      where.append(" AND requester = ?");
      args.add(u.value());
    });
    query.requestedFrom().ifPresent(from -> {
      where.append(" AND (requested_sec, requested_nano) >= (?, ?)");
      args.add(from.getEpochSecond());
      args.add(from.getNano());
    });
    query.requestedUntil().ifPresent(until -> {
      where.append(" AND (requested_sec, requested_nano) < (?, ?)");
      args.add(until.getEpochSecond());
      args.add(until.getNano());
    });
    if (query.executingOnly()) {
      where.append(" AND executing");
    }
    // One statement, so one snapshot and one round trip: the total and the page beside it (the
    // total alone when the page is empty). The limit and offset are written into the statement
    // (validated numbers): as parameters, a generic plan does not know the page is small.
    String total = counted
        ? "SELECT coalesce(sum(n), 0) AS n FROM " + counts + where
        : "SELECT count(*) AS n FROM " + promotions + where;
    String sql = "WITH total AS (" + total + ") SELECT total.n, page.document::text, page.id"
        + " FROM total"
        + " LEFT JOIN LATERAL (SELECT document, requested_sec, requested_nano, id FROM "
        + promotions + where + " ORDER BY requested_sec DESC, requested_nano DESC, id DESC"
        + " LIMIT " + query.limit() + " OFFSET " + query.offset() + ") page ON true"
        + " ORDER BY page.requested_sec DESC, page.requested_nano DESC, page.id DESC";
    return db.statement("query", c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        bind(s, args, 0);
        bind(s, args, args.size());
        long matches = 0;
        List<Promotion> page = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            matches = r.getLong(1);
            String document = r.getString(2);
            if (document != null) {
              page.add(parsed.read(r.getString(3), document, STORED));
            }
          }
        }
        return new Page<>(page, query.offset(), matches);
      }
    });
  }

  /**
   * {@inheritDoc} One range scan of the primary key (its "C" collation orders ids as
   * {@link PromotionId#compareTo} does): from the prefix up to the first text after every id
   * that starts with it, at most {@code limit} rows.
   */
  @Override
  public List<PromotionId> findIdsByPrefix(String prefix, int limit) {
    PromotionStore.checkIdPrefix(prefix, limit);
    // A range, not LIKE: '_' is a wildcard of LIKE and a character of ids, and a parameter as
    // LIKE's pattern keeps a generic plan from using the index. Ids are ASCII, so the text
    // after the last character is at most '{'.
    String end = prefix.substring(0, prefix.length() - 1)
        + (char) (prefix.charAt(prefix.length() - 1) + 1);
    return db.statement("find of ids by prefix", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id FROM " + promotions
          + " WHERE id >= ? AND id < ? ORDER BY id LIMIT ?")) {
        s.setString(1, prefix);
        s.setString(2, end);
        s.setInt(3, limit);
        List<PromotionId> ids = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            ids.add(PromotionId.of(r.getString(1)));
          }
        }
        return List.copyOf(ids);
      }
    });
  }

  /**
   * {@inheritDoc} One range scan of the target's newest-first index, at most
   * {@value PromotionStore#LAST_RELEASE_WINDOW} rows, answering only each promotion's release
   * (never its whole document); a release is parsed again only when its text changed.
   */
  @Override
  public Optional<Release> lastRelease(ProjectId project, EnvironmentName target) {
    Arguments.notNull(project, "project");
    Arguments.notNull(target, "target");
    // The window is written into the statement (a constant): as a parameter, a generic plan
    // would not know it is small. The outer order is the window's own, which a LIMIT in a
    // subquery does not promise to keep.
    String sql = "SELECT id, release::text FROM (SELECT id, document -> 'release' AS release,"
        + " requested_sec, requested_nano FROM " + promotions
        + " WHERE project = ? AND target = ? AND status IN ('"
        + PromotionStatus.COMPLETED.name() + "', '" + PromotionStatus.PENDING_RELEASE.name()
        + "') ORDER BY requested_sec DESC, requested_nano DESC, id DESC LIMIT "
        + LAST_RELEASE_WINDOW + ") w"
        + " ORDER BY requested_sec DESC, requested_nano DESC, id DESC";
    return db.statement("read of the last release into " + target, c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setString(1, project.value());
        s.setString(2, target.value());
        Release last = null;
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            String text = r.getString(2);
            if (text == null || text.equals("null")) {
              continue;
            }
            Release release = releases.read(r.getString(1), text, "a stored release");
            // strictly later only: of equally late releases the first in the window stays
            if (last == null || release.createdAt().isAfter(last.createdAt())) {
              last = release;
            }
          }
        }
        return Optional.ofNullable(last);
      }
    });
  }

  @Override
  public Optional<PromotionId> targetClaim(ProjectId project, EnvironmentName target) {
    Arguments.notNull(project, "project");
    Arguments.notNull(target, "target");
    return db.statement("read of the claim on " + target, c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT promotion FROM " + claims + " WHERE project = ? AND target = ?")) {
        s.setString(1, project.value());
        s.setString(2, target.value());
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(PromotionId.of(r.getString(1))) : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean compareAndSetTargetClaim(ProjectId project, EnvironmentName target,
      Optional<PromotionId> expected, Optional<PromotionId> next) {
    Arguments.notNull(project, "project");
    Arguments.notNull(target, "target");
    Arguments.notNull(expected, "expected claim");
    Arguments.notNull(next, "next claim");
    // Each case is one statement, atomic in auto-commit.
    return db.statement("compare-and-set of the claim on " + target, c -> {
      String sql;
      if (expected.isEmpty() && next.isEmpty()) {
        return targetClaim(c, project, target).isEmpty();
      } else if (expected.isEmpty()) {
        sql = "INSERT INTO " + claims + " (project, target, promotion) VALUES (?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
      } else if (next.isEmpty()) {
        sql = "DELETE FROM " + claims + " WHERE project = ? AND target = ? AND promotion = ?";
      } else {
        sql = "UPDATE " + claims + " SET promotion = ?"
            + " WHERE project = ? AND target = ? AND promotion = ?";
      }
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int i = 1;
        if (expected.isPresent() && next.isPresent()) {
          s.setString(i++, next.get().value());
        }
        s.setString(i++, project.value());
        s.setString(i++, target.value());
        s.setString(i, expected.or(() -> next).get().value());
        return s.executeUpdate() == 1;
      }
    });
  }

  private Optional<PromotionId> targetClaim(Connection c, ProjectId project,
      EnvironmentName target) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT promotion FROM " + claims + " WHERE project = ? AND target = ?")) {
      s.setString(1, project.value());
      s.setString(2, target.value());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(PromotionId.of(r.getString(1))) : Optional.empty();
      }
    }
  }

  @Override
  public List<PendingNotification> pendingNotifications(Instant now, int limit) {
    Arguments.notNull(now, "now");
    if (limit < 0) {
      throw Arguments.invalid("limit must be >= 0, was " + limit);
    }
    if (limit == 0) {
      return List.of();
    }
    // Delivered notifications whose delete waits are gone for this store's callers; another
    // store does not see them as due, since this store's take of them still holds.
    List<String> gone = delivered.waiting();
    return db.statement("read of the outbox", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT document::text, attempts, due_sec,"
          + " due_nano, last_error FROM " + outbox + " WHERE (due_sec, due_nano) <= (?, ?)"
          + (gone.isEmpty() ? "" : " AND id <> ALL (?::text[])")
          + " ORDER BY created_sec, created_nano, stored_order LIMIT ?")) {
        setInstant(s, 1, now);
        if (gone.isEmpty()) {
          s.setInt(3, limit);
        } else {
          s.setArray(3, c.createArrayOf("text", gone.toArray(String[]::new)));
          s.setInt(4, limit);
        }
        List<PendingNotification> due = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            Notification n = Json.read(r.getString(1), Notification.class,
                "a stored notification");
            due.add(new PendingNotification(n, r.getInt(2),
                Instant.ofEpochSecond(r.getLong(3), r.getInt(4)),
                Optional.ofNullable(r.getString(5))));
          }
        }
        return List.copyOf(due);
      }
    });
  }

  /**
   * {@inheritDoc} The deletes of notifications delivered since the last take ride on this
   * statement (see {@link #markDelivered}).
   */
  @Override
  public boolean takeDelivery(NotificationId id, Instant now, Instant until) {
    Arguments.notNull(id, "notification id");
    Arguments.notNull(now, "now");
    Arguments.notNull(until, "until");
    if (delivered.contains(id.value())) {
      return false; // delivered; its delete waits
    }
    List<String> gone = delivered.drain();
    if (gone.contains(id.value())) {
      // delivered by this store in the meantime: its delete goes now, and nothing is taken
      try {
        delete(gone, "delete of " + gone.size() + " delivered notifications");
      } catch (RuntimeException e) {
        delivered.restore(gone);
        throw e;
      }
      return false;
    }
    // One statement: the waiting deletes (never of this row) and the take commit together.
    String take = "UPDATE " + outbox + " SET due_sec = ?, due_nano = ?"
        + " WHERE id = ? AND (due_sec, due_nano) <= (?, ?)";
    String sql = gone.isEmpty() ? take
        : "WITH gone AS (DELETE FROM " + outbox + " WHERE id = ANY (?::text[])) " + take;
    boolean taken;
    try {
      taken = db.statement("take of the delivery of " + id, c -> {
        try (PreparedStatement s = c.prepareStatement(sql)) {
          int at = 1;
          if (!gone.isEmpty()) {
            s.setArray(at++, c.createArrayOf("text", gone.toArray(String[]::new)));
          }
          setInstant(s, at, until);
          s.setString(at + 2, id.value());
          setInstant(s, at + 3, now);
          return s.executeUpdate() == 1;
        }
      });
    } catch (RuntimeException e) {
      delivered.restore(gone);
      throw e;
    }
    delivered.deleted(gone);
    if (taken) {
      delivered.taken(id.value(), Duration.between(now, until));
    }
    return taken;
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
    Arguments.notNull(now, "now");
    Arguments.notNull(until, "until");
    if (limit < 0) {
      throw Arguments.invalid("limit must be >= 0, was " + limit);
    }
    if (limit == 0) {
      return List.of();
    }
    List<String> gone = delivered.drain();
    String sql = (gone.isEmpty() ? "WITH "
        : "WITH gone AS (DELETE FROM " + outbox + " WHERE id = ANY (?::text[])), ")
        + "due AS (SELECT id, due_sec, due_nano FROM " + outbox
        + " WHERE (due_sec, due_nano) <= (?, ?)"
        + (gone.isEmpty() ? "" : " AND id <> ALL (?::text[])")
        + " ORDER BY created_sec, created_nano, stored_order LIMIT ? FOR UPDATE SKIP LOCKED)"
        + " UPDATE " + outbox + " o SET due_sec = ?, due_nano = ? FROM due WHERE o.id = due.id"
        + " RETURNING o.document::text, o.attempts, due.due_sec, due.due_nano, o.last_error,"
        + " o.created_sec, o.created_nano, o.stored_order";
    List<Taken> taken = new ArrayList<>();
    try {
      db.statement("take of due notifications", c -> {
        try (PreparedStatement s = c.prepareStatement(sql)) {
          int at = 1;
          Array ids = null;
          if (!gone.isEmpty()) {
            ids = c.createArrayOf("text", gone.toArray(String[]::new));
            s.setArray(at++, ids);
          }
          setInstant(s, at, now);
          at += 2;
          if (ids != null) {
            s.setArray(at++, ids);
          }
          s.setInt(at++, limit);
          setInstant(s, at, until);
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              Notification n = Json.read(r.getString(1), Notification.class,
                  "a stored notification");
              taken.add(new Taken(new PendingNotification(n, r.getInt(2),
                  Instant.ofEpochSecond(r.getLong(3), r.getInt(4)),
                  Optional.ofNullable(r.getString(5))), r.getLong(6), r.getInt(7),
                  r.getLong(8)));
            }
          }
          return null;
        }
      });
    } catch (RuntimeException e) {
      delivered.restore(gone);
      throw e;
    }
    delivered.deleted(gone);
    // RETURNING follows no order: oldest first, as the rows were chosen
    taken.sort(Taken.ORDER);
    Duration held = Duration.between(now, until);
    List<PendingNotification> answer = new ArrayList<>(taken.size());
    for (Taken t : taken) {
      delivered.taken(t.pending().notification().id().value(), held);
      answer.add(t.pending());
    }
    return List.copyOf(answer);
  }

  /** A taken row with its place in the outbox's order. */
  private record Taken(PendingNotification pending, long sec, int nano, long order) {
    static final Comparator<Taken> ORDER = Comparator.comparingLong(Taken::sec)
        .thenComparingInt(Taken::nano).thenComparingLong(Taken::order);
  }

  /**
   * {@inheritDoc} One statement, which changes the row only while it is due exactly at
   * {@code until} with the attempt count it was taken with.
   */
  @Override
  public void releaseDelivery(PendingNotification pending, Instant until) {
    Arguments.notNull(pending, "pending notification");
    Arguments.notNull(until, "until");
    String id = pending.notification().id().value();
    delivered.forget(id);
    if (delivered.contains(id)) {
      return; // delivered meanwhile; its delete waits
    }
    db.statement("release of " + id, c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE " + outbox
          + " SET due_sec = ?, due_nano = ? WHERE id = ? AND (due_sec, due_nano) = (?, ?)"
          + " AND attempts = ?")) {
        setInstant(s, 1, pending.nextAttemptAt());
        s.setString(3, id);
        setInstant(s, 4, until);
        s.setInt(6, pending.attempts());
        return s.executeUpdate();
      }
    });
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
    Arguments.notNull(id, "notification id");
    if (delivered.defer(id.value())) {
      return;
    }
    List<String> waiting = delivered.drain();
    List<String> ids = new ArrayList<>(waiting);
    ids.add(id.value());
    try {
      delete(ids, "mark of " + id + " as delivered");
    } catch (RuntimeException e) {
      delivered.restore(waiting);
      throw e;
    }
  }

  /**
   * Deletes the delivered notifications whose delete waits, if any. A failure is logged and
   * they wait again; should they wait past their hold, they are delivered again (at least once).
   */
  private void flushDelivered() {
    List<String> ids = delivered.drain();
    if (ids.isEmpty()) {
      return;
    }
    try {
      delete(ids, "delete of " + ids.size() + " delivered notifications");
    } catch (RuntimeException e) {
      LOG.warn("delivered notifications not deleted yet, trying again: {}", e.getMessage());
      delivered.restore(ids);
    }
  }

  private void delete(List<String> ids, String what) {
    db.statement(what, c -> {
      try (PreparedStatement s = c.prepareStatement(
          "DELETE FROM " + outbox + " WHERE id = ANY (?::text[])")) {
        s.setArray(1, c.createArrayOf("text", ids.toArray(String[]::new)));
        return s.executeUpdate();
      }
    });
    delivered.deleted(ids);
  }

  /** Deletes what waits and stops the timer; later deletes run at once. */
  void close() {
    delivered.close();
    flushDelivered();
  }

  @Override
  public void markFailed(NotificationId id, String error, Instant retryAt) {
    Arguments.notNull(id, "notification id");
    Arguments.notNull(error, "error");
    Arguments.notNull(retryAt, "retry time");
    if (error.indexOf('\0') >= 0) {
      throw Arguments.invalid("PostgreSQL cannot store the NUL character (in an error)");
    }
    delivered.forget(id.value());
    if (delivered.contains(id.value())) {
      return; // delivered meanwhile; its delete waits
    }
    db.statement("mark of " + id + " as failed", c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE " + outbox
          + " SET attempts = attempts + 1, last_error = ?, due_sec = ?, due_nano = ?"
          + " WHERE id = ?")) {
        s.setString(1, error);
        setInstant(s, 2, retryAt);
        s.setString(4, id.value());
        return s.executeUpdate();
      }
    });
  }

  /**
   * The statement {@code change} (an INSERT or UPDATE of one promotion) followed, when there are
   * notifications, by their insert into the outbox, which happens only when the promotion
   * changed, and when {@code gone} is not empty by the delete of those delivered notifications,
   * which happens whether the promotion changed or not: data-modifying WITH queries run exactly
   * once, in the statement's one snapshot; with neither, the change alone. The statement answers
   * the changed promotion's row version ({@code xmin} as text) when it changed one, and no row
   * when it did not. The notifications' parameters come after the change's: their ids, created
   * seconds, created nanoseconds and documents as four arrays, stored in list order; then the
   * ids to delete as one array.
   */
  private String withNotifications(String change, List<Notification> notifications,
      List<String> gone) {
    if (notifications.isEmpty() && gone.isEmpty()) {
      return change + " RETURNING xmin::text";
    }
    StringBuilder sql = new StringBuilder("WITH changed AS (").append(change)
        .append(" RETURNING xmin::text AS row_version)");
    if (!notifications.isEmpty()) {
      sql.append(", enqueued AS (INSERT INTO ").append(outbox)
          .append(" (id, created_sec, created_nano, due_sec, due_nano, attempts, last_error, ")
          .append(DOC).append(")")
          .append(" SELECT n.id, n.sec, n.nano, n.sec, n.nano, 0, NULL, n.doc::jsonb")
          .append(" FROM unnest(?::text[], ?::bigint[], ?::integer[], ?::text[]) WITH ORDINALITY")
          .append(" AS n (id, sec, nano, doc, position)")
          .append(" WHERE EXISTS (SELECT FROM changed) ORDER BY n.position")
          .append(" ON CONFLICT (id) DO NOTHING)");
    }
    if (!gone.isEmpty()) {
      sql.append(", gone AS (DELETE FROM ").append(outbox).append(" WHERE id = ANY (?::text[]))");
    }
    return sql.append(" SELECT row_version FROM changed").toString();
  }

  private static void bindNotifications(Connection c, PreparedStatement s, int at,
      List<Notification> notifications, List<String> documents, List<String> gone)
      throws SQLException {
    if (!gone.isEmpty()) {
      s.setArray(notifications.isEmpty() ? at : at + 4,
          c.createArrayOf("text", gone.toArray(String[]::new)));
    }
    if (notifications.isEmpty()) {
      return;
    }
    int size = notifications.size();
    String[] ids = new String[size];
    Long[] seconds = new Long[size];
    Integer[] nanos = new Integer[size];
    for (int i = 0; i < size; i++) {
      Notification n = notifications.get(i);
      ids[i] = n.id().value();
      seconds[i] = n.createdAt().getEpochSecond();
      nanos[i] = n.createdAt().getNano();
    }
    s.setArray(at, c.createArrayOf("text", ids));
    s.setArray(at + 1, c.createArrayOf("int8", seconds));
    s.setArray(at + 2, c.createArrayOf("int4", nanos));
    s.setArray(at + 3, c.createArrayOf("text", documents.toArray(String[]::new)));
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

  private static void bind(PreparedStatement s, List<Object> args, int after)
      throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      s.setObject(after + i + 1, args.get(i));
    }
  }

  private static List<String> documents(List<Notification> notifications) {
    return notifications.stream().map(Json::write).toList();
  }

  /**
   * The delivered notifications whose delete waits, drained to ride on a write of a promotion
   * (one round trip and one commit fewer than a delete of their own); the caller says
   * {@link DeliveredNotifications#deleted} or {@link DeliveredNotifications#restore}. A
   * notification stored again with the id of one of them would be dropped as a duplicate by the
   * same statement's insert and then deleted: then they are deleted first, on their own, and
   * none rides. Engines never reuse an id.
   */
  private List<String> deletesToRideOn(List<Notification> notifications) {
    List<String> gone = delivered.drain();
    if (gone.isEmpty()
        || notifications.stream().noneMatch(n -> gone.contains(n.id().value()))) {
      return gone;
    }
    try {
      delete(gone, "delete of " + gone.size() + " delivered notifications");
    } catch (RuntimeException e) {
      delivered.restore(gone);
      throw e;
    }
    return List.of();
  }

  private static List<Notification> copyOf(List<Notification> notifications) {
    Arguments.notNull(notifications, "notifications");
    if (notifications.stream().anyMatch(Objects::isNull)) {
      throw Arguments.invalid("notifications must not contain null");
    }
    return List.copyOf(notifications);
  }
}
