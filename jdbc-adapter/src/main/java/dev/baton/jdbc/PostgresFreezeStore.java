package dev.baton.jdbc;

import dev.baton.error.Arguments;
import dev.baton.model.BreakGlass;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Freeze;
import dev.baton.model.ProjectId;
import dev.baton.spi.FreezeStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link FreezeStore} on PostgreSQL: one row per frozen environment, and an append-only table of
 * break-glass sessions; every method is one statement. Thread-safe. Obtain it from
 * {@link PostgresStores#freezes()}.
 *
 * @since 0.1
 */
public final class PostgresFreezeStore implements FreezeStore {
  private final Database db;
  private final String freezes;
  private final String sessions;

  PostgresFreezeStore(Database db) {
    this.db = db;
    this.freezes = db.table("baton_freeze");
    this.sessions = db.table("baton_break_glass");
  }

  @Override
  public Optional<Freeze> freeze(ProjectId project, EnvironmentName environment) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    return db.statement("read of the freeze of " + environment, c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT document::text FROM " + freezes
          + " WHERE project = ? AND environment = ?")) {
        s.setString(1, project.value());
        s.setString(2, environment.value());
        try (ResultSet r = s.executeQuery()) {
          return r.next()
              ? Optional.of(Json.read(r.getString(1), Freeze.class,
                  "the stored freeze of " + environment))
              : Optional.empty();
        }
      }
    });
  }

  @Override
  public void putFreeze(Freeze freeze) {
    Arguments.notNull(freeze, "freeze");
    String document = Json.write(freeze);
    db.statement("freeze of " + freeze.environment(), c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO " + freezes
          + " (project, environment, document) VALUES (?, ?, ?::jsonb)"
          + " ON CONFLICT (project, environment) DO UPDATE SET document = excluded.document")) {
        s.setString(1, freeze.project().value());
        s.setString(2, freeze.environment().value());
        s.setString(3, document);
        return s.executeUpdate();
      }
    });
  }

  @Override
  public void removeFreeze(ProjectId project, EnvironmentName environment) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    db.statement("unfreeze of " + environment, c -> {
      try (PreparedStatement s = c.prepareStatement(
          "DELETE FROM " + freezes + " WHERE project = ? AND environment = ?")) {
        s.setString(1, project.value());
        s.setString(2, environment.value());
        return s.executeUpdate();
      }
    });
  }

  @Override
  public void addBreakGlass(BreakGlass session) {
    Arguments.notNull(session, "break-glass session");
    String document = Json.write(session);
    db.statement("break-glass on " + session.environment(), c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO " + sessions
          + " (project, environment, started_sec, started_nano, document)"
          + " VALUES (?, ?, ?, ?, ?::jsonb)")) {
        s.setString(1, session.project().value());
        s.setString(2, session.environment().value());
        Database.setInstant(s, 3, session.startedAt());
        s.setString(5, document);
        return s.executeUpdate();
      }
    });
  }

  @Override
  public List<BreakGlass> breakGlassSessions(ProjectId project, EnvironmentName environment) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    return db.statement("read of the break-glass sessions on " + environment, c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT document::text FROM " + sessions
          + " WHERE project = ? AND environment = ?"
          + " ORDER BY started_sec, started_nano, stored_order")) {
        s.setString(1, project.value());
        s.setString(2, environment.value());
        List<BreakGlass> found = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            found.add(Json.read(r.getString(1), BreakGlass.class,
                "a stored break-glass session on " + environment));
          }
        }
        return List.copyOf(found);
      }
    });
  }
}
