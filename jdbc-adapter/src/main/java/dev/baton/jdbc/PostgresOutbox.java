package dev.baton.jdbc;

import static dev.baton.jdbc.Database.setInstant;

import dev.baton.error.Arguments;
import dev.baton.model.Notification;
import dev.baton.model.NotificationId;
import dev.baton.model.PendingNotification;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification outbox of a {@link PostgresPromotionStore}: the reads, takes, give-backs and
 * marks of pending notifications, and what a write of a promotion adds to its own statement (the
 * notifications it stores, the waiting deletes of delivered ones that ride on it). The deletes
 * of delivered notifications wait in {@link DeliveredNotifications} for a statement to ride on.
 * Thread-safe.
 */
final class PostgresOutbox {
  // under the store's name, as before the outbox had a class of its own: operators' filters and
  // levels name the store, not this internal part
  private static final Logger LOG = LoggerFactory.getLogger(PostgresPromotionStore.class);

  private final Database db;
  private final String outbox;
  /** The delete of delivered notifications by id, alone or riding in a WITH part. */
  private final String deleteDelivered;
  // Each take in two shapes, since deletes riding on it add a parameter; built once, as
  // statements says why.
  private final String take;
  private final String takeWithDeletes;
  private final String takeDueFunction;
  /** The batch take, without and with deletes riding on it. Package-private for tests. */
  final String takeDueSql;
  final String takeDueWithDeletesSql;
  /** Delivered notifications whose deletes wait for a statement to ride on (or a moment). */
  private final DeliveredNotifications delivered;

  /** An outbox whose deletes of delivered notifications wait up to {@code deleteWait}. */
  PostgresOutbox(Database db, Duration deleteWait) {
    this.db = db;
    this.outbox = db.table("baton_notification");
    this.deleteDelivered = "DELETE FROM " + outbox + " WHERE id = ANY (?::text[])";
    this.take = takeStatement(false);
    this.takeWithDeletes = takeStatement(true);
    this.takeDueFunction = db.table("baton_take_due_notifications");
    this.takeDueSql = takeDueStatement(false);
    this.takeDueWithDeletesSql = takeDueStatement(true);
    this.delivered = new DeliveredNotifications(this::flushDelivered, deleteWait);
  }

  /**
   * What a write of a promotion adds to its statement: {@code notifications} (checked and
   * copied by the caller) written as documents, and the waiting deletes drained to ride on it.
   * The caller tells the answer {@link Riding#committed} or {@link Riding#failed}.
   */
  Riding riding(List<Notification> notifications) {
    List<String> documents = notifications.stream().map(Json::write).toList();
    return new Riding(notifications, documents, deletesToRideOn(notifications));
  }

  /**
   * The statements of one write of a promotion ({@code change}: an INSERT or UPDATE of one
   * promotion), one for each shape of what can ride on it. Each is the change followed, when
   * there are notifications, by their insert into the outbox, which happens only when the
   * promotion changed, and when deletes ride by the delete of those delivered notifications,
   * which happens whether the promotion changed or not: data-modifying WITH queries run exactly
   * once, in the statement's one snapshot; with neither, the change alone. Each answers the
   * changed promotion's row version ({@code xmin} as text) when it changed one, and no row when
   * it did not. Built once per store: a write then neither builds its text nor hashes a new
   * string to find its prepared statement.
   */
  Statements statements(String change) {
    return new Statements(around(change, false, false), around(change, true, false),
        around(change, false, true), around(change, true, true));
  }

  /** A write's statements by what rides on it (see {@link #statements}). */
  record Statements(String alone, String withNotifications, String withDeletes,
      String withBoth) {}

  private String around(String change, boolean notifications, boolean deletes) {
    if (!notifications && !deletes) {
      return change + " RETURNING xmin::text";
    }
    StringBuilder sql = new StringBuilder("WITH changed AS (").append(change)
        .append(" RETURNING xmin::text AS row_version)");
    if (notifications) {
      sql.append(", enqueued AS (INSERT INTO ").append(outbox)
          .append(" (id, created_sec, created_nano, due_sec, due_nano, attempts, last_error,")
          .append(" document)")
          .append(" SELECT n.id, n.sec, n.nano, n.sec, n.nano, 0, NULL, n.doc::jsonb")
          .append(" FROM unnest(?::text[], ?::bigint[], ?::integer[], ?::text[])")
          .append(" WITH ORDINALITY AS n (id, sec, nano, doc, position)")
          .append(" WHERE EXISTS (SELECT FROM changed) ORDER BY n.position")
          .append(" ON CONFLICT (id) DO NOTHING)");
    }
    if (deletes) {
      sql.append(", gone AS (").append(deleteDelivered).append(')');
    }
    return sql.append(" SELECT row_version FROM changed").toString();
  }

  /** The notifications and deletes riding on one write of a promotion. */
  final class Riding {
    private final List<Notification> notifications;
    private final List<String> documents;
    private final List<String> gone;

    private Riding(List<Notification> notifications, List<String> documents,
        List<String> gone) {
      this.notifications = notifications;
      this.documents = documents;
      this.gone = gone;
    }

    /** Of the write's {@code statements}, the one with what rides on it. */
    String statement(Statements statements) {
      if (notifications.isEmpty()) {
        return gone.isEmpty() ? statements.alone() : statements.withDeletes();
      }
      return gone.isEmpty() ? statements.withNotifications() : statements.withBoth();
    }

    /**
     * Binds what rides from parameter {@code at} on, after the change's own: the notifications'
     * ids, created seconds, created nanoseconds and documents as four arrays, stored in list
     * order; then the ids to delete as one array.
     */
    void bind(Connection c, PreparedStatement s, int at) throws SQLException {
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

    /** The statement ran: the deletes committed with it, whether the write applied or not. */
    void committed() {
      delivered.deleted(gone);
    }

    /** The statement failed: the deletes wait again. */
    void failed() {
      delivered.restore(gone);
    }
  }

  /** As {@link dev.baton.spi.PromotionStore#pendingNotifications}. */
  List<PendingNotification> pending(Instant now, int limit) {
    Arguments.notNull(now, "now");
    if (checkLimit(limit) == 0) {
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
            due.add(pendingOf(r));
          }
        }
        return List.copyOf(due);
      }
    });
  }

  /** As {@link dev.baton.spi.PromotionStore#takeDelivery}. */
  boolean take(NotificationId id, Instant now, Instant until) {
    Arguments.notNull(id, "notification id");
    Arguments.notNull(now, "now");
    Arguments.notNull(until, "until");
    if (delivered.contains(id.value())) {
      return false; // delivered; its delete waits
    }
    List<String> gone = delivered.drain();
    if (gone.contains(id.value())) {
      // delivered by this store in the meantime: its delete goes now, and nothing is taken
      deleteNow(gone);
      return false;
    }
    // One statement: the waiting deletes (never of this row) and the take commit together.
    String sql = gone.isEmpty() ? take : takeWithDeletes;
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

  /** As {@link dev.baton.spi.PromotionStore#takeDueNotifications}. */
  List<PendingNotification> takeDue(Instant now, Instant until, int limit) {
    Arguments.notNull(now, "now");
    Arguments.notNull(until, "until");
    if (checkLimit(limit) == 0) {
      return List.of();
    }
    List<String> gone = delivered.drain();
    String sql = gone.isEmpty() ? takeDueSql : takeDueWithDeletesSql;
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
              taken.add(new Taken(pendingOf(r), r.getLong(6), r.getInt(7), r.getLong(8)));
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
    // a statement's rows follow no promised order: oldest first, as the rows were chosen
    taken.sort(Taken.ORDER);
    Duration held = Duration.between(now, until);
    List<PendingNotification> answer = new ArrayList<>(taken.size());
    for (Taken t : taken) {
      delivered.taken(t.pending().notification().id().value(), held);
      answer.add(t.pending());
    }
    return List.copyOf(answer);
  }

  private String takeStatement(boolean withDeletes) {
    String take = "UPDATE " + outbox + " SET due_sec = ?, due_nano = ?"
        + " WHERE id = ? AND (due_sec, due_nano) <= (?, ?)";
    return withDeletes
        ? "WITH gone AS (" + deleteDelivered + ") " + take : take;
  }

  /**
   * The batch take: schema version 6's function, which locks the due rows with {@code FOR UPDATE
   * SKIP LOCKED} and updates each where its lock found it (the migration says why not a join).
   * Its columns are those {@link #takeDue} reads: the row as taken, with the due time it had
   * before, and its place in the outbox's order.
   */
  private String takeDueStatement(boolean withDeletes) {
    return (withDeletes ? "WITH gone AS (" + deleteDelivered + ") " : "")
        + "SELECT document, attempts, due_sec, due_nano, last_error, created_sec, created_nano,"
        + " stored_order FROM " + takeDueFunction + "(?, ?, "
        + (withDeletes ? "?::text[]" : "'{}'::text[]") + ", ?, ?, ?)";
  }

  /** A taken row with its place in the outbox's order. */
  private record Taken(PendingNotification pending, long sec, int nano, long order) {
    static final Comparator<Taken> ORDER = Comparator.comparingLong(Taken::sec)
        .thenComparingInt(Taken::nano).thenComparingLong(Taken::order);
  }

  /** As {@link dev.baton.spi.PromotionStore#releaseDelivery}. */
  void release(PendingNotification pending, Instant until) {
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

  /** As {@link PostgresPromotionStore#markDelivered}. */
  void markDelivered(NotificationId id) {
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

  /** As {@link dev.baton.spi.PromotionStore#markFailed}. */
  void markFailed(NotificationId id, String error, Instant retryAt) {
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

  /** Deletes what waits and stops the timer; later deletes run at once. */
  void close() {
    delivered.close();
    flushDelivered();
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

  /** Deletes {@code gone} (drained) now; on a failure they wait again. */
  private void deleteNow(List<String> gone) {
    try {
      delete(gone, "delete of " + gone.size() + " delivered notifications");
    } catch (RuntimeException e) {
      delivered.restore(gone);
      throw e;
    }
  }

  /** {@code limit}, refused when negative. */
  private static int checkLimit(int limit) {
    if (limit < 0) {
      throw Arguments.invalid("limit must be >= 0, was " + limit);
    }
    return limit;
  }

  /** A pending notification from a row whose first five columns are those of a read. */
  private static PendingNotification pendingOf(ResultSet r) throws SQLException {
    Notification n = Json.read(r.getString(1), Notification.class, "a stored notification");
    return new PendingNotification(n, r.getInt(2),
        Instant.ofEpochSecond(r.getLong(3), r.getInt(4)), Optional.ofNullable(r.getString(5)));
  }

  private void delete(List<String> ids, String what) {
    db.statement(what, c -> {
      try (PreparedStatement s = c.prepareStatement(deleteDelivered)) {
        s.setArray(1, c.createArrayOf("text", ids.toArray(String[]::new)));
        return s.executeUpdate();
      }
    });
    delivered.deleted(ids);
  }

  /**
   * The delivered notifications whose delete waits, drained to ride on a write of a promotion
   * (one round trip and one commit fewer than a delete of their own). A notification stored
   * again with the id of one of them would be dropped as a duplicate by the same statement's
   * insert and then deleted: then they are deleted first, on their own, and none rides. Engines
   * never reuse an id.
   */
  private List<String> deletesToRideOn(List<Notification> notifications) {
    List<String> gone = delivered.drain();
    if (gone.isEmpty()
        || notifications.stream().noneMatch(n -> gone.contains(n.id().value()))) {
      return gone;
    }
    deleteNow(gone);
    return List.of();
  }
}
