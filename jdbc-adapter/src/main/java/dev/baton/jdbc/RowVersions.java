package dev.baton.jdbc;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * What a store wrote or read last of each row, with the row's version as it was then, so that a
 * read fetches and parses the document only when the row changed since: fetching and parsing
 * cost more than asking whether the row changed.
 *
 * <p>A row's version here is three values, all of which must be as they were:
 * <ul>
 *   <li>{@code xmin}, PostgreSQL's id of the transaction that wrote the row: every write gives
 *       it a new one, by hand in the database too. It can repeat, though: after 2^32
 *       transactions (so a row is answered from memory for ten minutes at most), and when a
 *       commit is lost (a failover to an asynchronous standby, a crash with
 *       {@code synchronous_commit} off, a point-in-time restore), after which PostgreSQL hands
 *       the lost transaction's id to a later write.
 *   <li>{@code version}, the row's own version column, which a later write may repeat with
 *       another document after such a loss.
 *   <li>{@code write_id}, a random 64-bit value the writing store chooses for every write
 *       ({@link #newWriteId}). A write whose commit was lost and the write that took its
 *       transaction id and version afterwards share it only with chance 2^-64. A row written
 *       before schema version 4, or by hand without it, holds NULL, which matches nothing: such
 *       a row is always fetched.
 * </ul>
 * Thread-safe.
 *
 * @param <T> what the document is parsed into
 */
final class RowVersions<T> {
  /**
   * How long a row is answered from what was written or read before. Far shorter than
   * PostgreSQL could take to use up its 2^32 transaction ids.
   */
  static final long KEPT_NANOS = TimeUnit.MINUTES.toNanos(10);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int kept;
  private final LongSupplier nanos;
  /** The read of one row, built once: a read neither builds it nor hashes a new string. */
  private final String find;
  private final ConcurrentHashMap<String, Known<T>> known = new ConcurrentHashMap<>();

  /** A value as stored at a row version, noted at a moment of {@link #nanos}. */
  private record Known<T>(String xmin, long version, long writeId, T value, long at) {}

  /**
   * The rows of {@code table} by {@code keyColumn}; keeps at most {@code kept} rows (holding
   * more, it starts again from empty), each for {@link #KEPT_NANOS} of the clock {@code nanos}
   * (System::nanoTime but in tests).
   */
  RowVersions(String table, String keyColumn, int kept, LongSupplier nanos) {
    this.kept = kept;
    this.nanos = nanos;
    this.find = "SELECT xmin::text, version, write_id,"
        + " CASE WHEN xmin = ?::xid AND version = ? AND write_id = ? THEN NULL"
        + " ELSE document::text END FROM " + table + " WHERE " + keyColumn + " = ?";
  }

  /** A new write id: random, so that no other write, in any process, is likely to share it. */
  static long newWriteId() {
    return RANDOM.nextLong();
  }

  /**
   * The row whose key column is {@code key}, as its document parsed by {@code parse}: the value
   * kept for {@code key} when the row's {@code xmin}, version and {@code write_id} are still
   * those it was kept at (within {@link #KEPT_NANOS}); otherwise the document is fetched in the
   * same statement, parsed, and kept with the row's version.
   */
  Optional<T> find(Connection c, String key, Function<String, T> parse) throws SQLException {
    Known<T> last = known.get(key);
    Known<T> current = last != null && nanos.getAsLong() - last.at() < KEPT_NANOS ? last : null;
    try (PreparedStatement s = c.prepareStatement(find)) {
      // with nothing current, NULLs: the comparison is never true and the document comes back
      s.setString(1, current == null ? null : current.xmin());
      s.setObject(2, current == null ? null : current.version(), Types.BIGINT);
      s.setObject(3, current == null ? null : current.writeId(), Types.BIGINT);
      s.setString(4, key);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        String text = r.getString(4);
        if (text == null) {
          return Optional.of(current.value()); // the row as written or read before
        }
        T value = parse.apply(text);
        long writeId = r.getLong(3);
        if (r.wasNull()) {
          known.remove(key); // no write id: never answered from memory
        } else {
          remember(key, r.getString(1), r.getLong(2), writeId, value);
        }
        return Optional.of(value);
      }
    }
  }

  /** Notes {@code value} as stored in the row {@code key} at this row version. */
  void remember(String key, String xmin, long version, long writeId, T value) {
    if (known.size() >= kept) {
      known.clear();
    }
    known.put(key, new Known<>(xmin, version, writeId, value, nanos.getAsLong()));
  }
}
