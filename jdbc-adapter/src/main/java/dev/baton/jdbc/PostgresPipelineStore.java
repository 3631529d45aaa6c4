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
import java.util.function.LongSupplier;

/**
 * {@link PipelineStore} on PostgreSQL: one row per project holding the pipeline as a JSONB
 * document and its version; a compare-and-set is one conditional {@code INSERT} or
 * {@code UPDATE}, atomic across every process sharing the database. Every read asks whether the
 * row changed since this store read it last (its {@code xmin}, version and the random
 * {@code write_id} each write sets) and fetches and parses the document only when it did, so a
 * pipeline replaced by any instance, or edited in the database, is seen on the next read.
 * Thread-safe. Obtain it from {@link PostgresStores#pipelines()}.
 *
 * @since 0.1
 */
public final class PostgresPipelineStore implements PipelineStore {
  private final Database db;
  private final String pipelines;
  /** Pipelines kept at most; holding more, the store starts again from empty. */
  private static final int KEPT = 1024;

  /**
   * The pipeline read last per project, with the row version it was read at: a pipeline is read
   * once or twice per approval, and fetching and parsing its document cost more than asking
   * whether the row changed. Package-private for tests.
   */
  final RowVersions<Pipeline> reads;

  PostgresPipelineStore(Database db) {
    this(db, System::nanoTime);
  }

  /** A store whose pipelines are kept by row version on the clock {@code nanos} (tests). */
  PostgresPipelineStore(Database db, LongSupplier nanos) {
    this.db = db;
    this.pipelines = db.table("baton_pipeline");
    this.reads = new RowVersions<>(pipelines, "project", KEPT, nanos);
  }

  /**
   * {@inheritDoc} The document is fetched and parsed only when the row changed since this store
   * read it last (within ten minutes): the statement compares the row's {@code xmin}, version
   * and {@code write_id} with those this store noted, and sends the document only when one
   * differs. The write id tells apart two writes that PostgreSQL gave the same {@code xmin}
   * and version, as it can after a lost commit.
   */
  @Override
  public Optional<Pipeline> find(ProjectId project) {
    Arguments.notNull(project, "project");
    return db.statement("find of the pipeline of " + project,
        c -> reads.find(c, project.value(),
            text -> Json.read(text, Pipeline.class, "the stored pipeline of " + project)));
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
            + " (project, version, document, write_id) VALUES (?, ?, ?::jsonb, ?)"
            + " ON CONFLICT DO NOTHING")) {
          s.setString(1, project);
          s.setLong(2, pipeline.version());
          s.setString(3, document);
          s.setLong(4, RowVersions.newWriteId());
          return s.executeUpdate() == 1 ? CasResult.APPLIED : CasResult.VERSION_MISMATCH;
        }
      }
      try (PreparedStatement s = c.prepareStatement("UPDATE " + pipelines
          + " SET version = ?, document = ?::jsonb, write_id = ?"
          + " WHERE project = ? AND version = ?")) {
        s.setLong(1, pipeline.version());
        s.setString(2, document);
        s.setLong(3, RowVersions.newWriteId());
        s.setString(4, project);
        s.setLong(5, expectedVersion);
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
