package dev.baton.jdbc;

import dev.baton.error.Arguments;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The target claims of a {@link PostgresPromotionStore}: one row per claimed target, read and
 * compared-and-set each in one statement in auto-commit. Thread-safe.
 */
final class PostgresTargetClaims {
  private final Database db;
  private final String claims;

  PostgresTargetClaims(Database db) {
    this.db = db;
    this.claims = db.table("baton_target_claim");
  }

  /** As {@link dev.baton.spi.PromotionStore#targetClaim}. */
  Optional<PromotionId> find(ProjectId project, EnvironmentName target) {
    Arguments.notNull(project, "project");
    Arguments.notNull(target, "target");
    return db.statement("read of the claim on " + target, c -> find(c, project, target));
  }

  /** As {@link dev.baton.spi.PromotionStore#compareAndSetTargetClaim}. */
  boolean compareAndSet(ProjectId project, EnvironmentName target,
      Optional<PromotionId> expected, Optional<PromotionId> next) {
    Arguments.notNull(project, "project");
    Arguments.notNull(target, "target");
    Arguments.notNull(expected, "expected claim");
    Arguments.notNull(next, "next claim");
    // Each case is one statement, atomic in auto-commit.
    return db.statement("compare-and-set of the claim on " + target, c -> {
      String sql;
      if (expected.isEmpty() && next.isEmpty()) {
        return find(c, project, target).isEmpty();
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

  private Optional<PromotionId> find(Connection c, ProjectId project, EnvironmentName target)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT promotion FROM " + claims + " WHERE project = ? AND target = ?")) {
      s.setString(1, project.value());
      s.setString(2, target.value());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(PromotionId.of(r.getString(1))) : Optional.empty();
      }
    }
  }
}
