package dev.baton.jdbc;

import dev.baton.error.Arguments;
import dev.baton.model.CasResult;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.spi.PipelineStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@link PipelineStore} on PostgreSQL: one row per project holding the pipeline as a JSONB
 * document and its version; a compare-and-set is one conditional {@code INSERT} or
 * {@code UPDATE}, atomic across every process sharing the database. Every read fetches the stored
 * document; it is parsed again only when its text differs from the one parsed last for the
 * project, so a pipeline replaced by any instance is seen on the next read. Thread-safe. Obtain
 * it from {@link PostgresStores#pipelines()}.
 *
 * @since 0.1
 */
public final class PostgresPipelineStore implements PipelineStore {
  private final Database db;
  private final String pipelines;
  /** A pipeline is read once or twice per approval; parsing it costs more than fetching it. */
  private final ParsedDocuments<Pipeline> parsed = new ParsedDocuments<>(Pipeline.class, 1024);

  PostgresPipelineStore(Database db) {
    this.db = db;
    this.pipelines = db.table("baton_pipeline");
  }

  @Override
  public Optional<Pipeline> find(ProjectId project) {
    Arguments.notNull(project, "project");
    return db.statement("find of the pipeline of " + project, c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT document::text FROM " + pipelines + " WHERE project = ?")) {
        s.setString(1, project.value());
        try (ResultSet r = s.executeQuery()) {
          return r.next()
              ? Optional.of(parsed.read(project.value(), r.getString(1),
                  "the stored pipeline of " + project))
              : Optional.empty();
        }
      }
    });
  }

  @Override
  public CasResult compareAndSet(long expectedVersion, Pipeline pipeline) {
    Arguments.notNull(pipeline, "pipeline");
    if (expectedVersion < 0 || pipeline.version() != expectedVersion + 1) {
      throw Arguments.invalid("the next version of a pipeline is expectedVersion + 1 = "
          + (expectedVersion + 1) + ", was " + pipeline.version());
    }
    String document = Json.write(pipeline);
    String project = pipeline.project().value();
    return db.transaction("compare-and-set of the pipeline of " + project, c -> {
      if (expectedVersion == 0) {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + pipelines
            + " (project, version, document) VALUES (?, ?, ?::jsonb) ON CONFLICT DO NOTHING")) {
          s.setString(1, project);
          s.setLong(2, pipeline.version());
          s.setString(3, document);
          return s.executeUpdate() == 1 ? CasResult.APPLIED : CasResult.VERSION_MISMATCH;
        }
      }
      try (PreparedStatement s = c.prepareStatement("UPDATE " + pipelines
          + " SET version = ?, document = ?::jsonb WHERE project = ? AND version = ?")) {
        s.setLong(1, pipeline.version());
        s.setString(2, document);
        s.setString(3, project);
        s.setLong(4, expectedVersion);
        if (s.executeUpdate() == 1) {
          return CasResult.APPLIED;
        }
      }
      try (PreparedStatement s = c.prepareStatement(
          "SELECT 1 FROM " + pipelines + " WHERE project = ?")) {
        s.setString(1, project);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? CasResult.VERSION_MISMATCH : CasResult.NOT_FOUND;
        }
      }
    });
  }

  @Override
  public Set<ProjectId> projects() {
    return db.statement("list of the projects", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT project FROM " + pipelines);
          ResultSet r = s.executeQuery()) {
        Set<ProjectId> projects = new HashSet<>();
        while (r.next()) {
          projects.add(ProjectId.of(r.getString(1)));
        }
        return Set.copyOf(projects);
      }
    });
  }
}
