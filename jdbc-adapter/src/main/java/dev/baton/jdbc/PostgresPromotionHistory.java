package dev.baton.jdbc;

import dev.baton.error.Arguments;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Page;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.spi.PromotionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The history reads of a {@link PostgresPromotionStore}: the filtered pages, the ids by prefix
 * and the last release into a target, each one statement on the promotion table's indexes
 * ({@code baton_promotion_newest}, {@code baton_promotion_status_newest}, the filters' own) and
 * the count table.
 * Thread-safe.
 */
final class PostgresPromotionHistory {
  private final Database db;
  private final String promotions;
  private final String counts;
  /** The store's promotions parsed before, by id (shared with its finds). */
  private final ParsedDocuments<Promotion> parsed;
  /** Releases parsed before, by promotion id: the window of a target changes little. */
  private final ParsedDocuments<Release> releases = new ParsedDocuments<>(Release.class, 2048);

  PostgresPromotionHistory(Database db, String promotions, ParsedDocuments<Promotion> parsed) {
    this.db = db;
    this.promotions = promotions;
    this.counts = db.table("baton_promotion_count");
    this.parsed = parsed;
  }

  /** As {@link PromotionStore#query}. */
  Page<Promotion> query(PromotionQuery query) {
    Arguments.notNull(query, "query");
    List<Object> args = new ArrayList<>();
    String sql = statement(query, args);
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
              page.add(parsed.read(r.getString(3), document, PostgresPromotionStore.STORED));
            }
          }
        }
        return new Page<>(page, query.offset(), matches);
      }
    });
  }

  /**
   * The one statement answering {@code query}, its parameters added to {@code args} (bound twice:
   * the total's, then the page's). Package-private for tests (its plans).
   */
  String statement(PromotionQuery query, List<Object> args) {
    StringBuilder where = new StringBuilder(" WHERE true");
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
      // A bare condition, never a bound "executing = ?": it is the predicate of the claims'
      // partial index (baton_promotion_target_executing, schema version 7), which a generic plan
      // can use only when the statement's text implies it.
      where.append(" AND executing");
    }
    // One statement, so one snapshot and one round trip: the total and the page beside it (the
    // total alone when the page is empty). The limit and offset are written into the statement
    // (validated numbers): as parameters, a generic plan does not know the page is small.
    String total = counted
        ? "SELECT coalesce(sum(n), 0) AS n FROM " + counts + where
        : "SELECT count(*) AS n FROM " + promotions + where;
    return "WITH total AS (" + total + ") SELECT total.n, page.document::text, page.id"
        + " FROM total"
        + " LEFT JOIN LATERAL (SELECT document, requested_sec, requested_nano, id FROM "
        + promotions + where + " ORDER BY requested_sec DESC, requested_nano DESC, id DESC"
        + " LIMIT " + query.limit() + " OFFSET " + query.offset() + ") page ON true"
        + " ORDER BY page.requested_sec DESC, page.requested_nano DESC, page.id DESC";
  }

  /** As {@link PostgresPromotionStore#findIdsByPrefix}. */
  List<PromotionId> findIdsByPrefix(String prefix, int limit) {
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

  /** As {@link PostgresPromotionStore#lastRelease}. */
  Optional<Release> lastRelease(ProjectId project, EnvironmentName target) {
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
        + PromotionStore.LAST_RELEASE_WINDOW + ") w"
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

  private static void bind(PreparedStatement s, List<Object> args, int after)
      throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      s.setObject(after + i + 1, args.get(i));
    }
  }
}
