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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link PipelineStore} on PostgreSQL: one row per project holding the pipeline as a JSONB
 * document and its version; a compare-and-set is one conditional {@code INSERT} or
 * {@code UPDATE}, atomic across every process sharing the database. Every read asks whether the
 * row changed since this store read it last (its {@code xmin} and version) and fetches and
 * parses the document only when it did, so a pipeline replaced by any instance, or edited in the
 * database, is seen on the next read. Thread-safe. Obtain it from
 * {@link PostgresStores#pipelines()}.
 *
 * @since 0.1
 */
public final class PostgresPipelineStore implements PipelineStore {
  private final Database db;
  private final String pipelines;
  /** Pipelines kept at most; holding more, the store starts again from empty. */
  private static final int KEPT = 1024;
  /**
   * How long a pipeline read is answered from what was read before, by its row version. Far
   * shorter than PostgreSQL could take to use up its 2^32 transaction ids and give a later write
   * the same {@code xmin}.
   */
  private static final long KEPT_NANOS = TimeUnit.MINUTES.toNanos(10);

  /**
   * The pipeline read last per project, with the row version it was read at: a pipeline is read
   * once or twice per approval, and fetching and parsing its document cost more than asking
   * whether the row changed.
   */
  private final ConcurrentHashMap<String, Read> reads = new ConcurrentHashMap<>();

  /** A pipeline as read at a row version ({@code xmin} and version) at a moment (nanoTime). */
  private record Read(String xmin, long version, Pipeline pipeline, long at) {}

  PostgresPipelineStore(Database db) {
    this.db = db;
    this.pipelines = db.table("baton_pipeline");
  }

  /**
   * {@inheritDoc} The document is fetched and parsed only when the row changed since this store
   * read it last (within ten minutes): every write of a row, by any instance or by hand in the
   * database, gives it a new {@code xmin}, PostgreSQL's id of the writing transaction, and the
   * statement compares that and the version before it sends the document.
   */
  @Override
  public Optional<Pipeline> find(ProjectId project) {
    Arguments.notNull(project, "project");
    Read last = reads.get(project.value());
    Read known = last != null && System.nanoTime() - last.at() < KEPT_NANOS ? last : null;
    return db.statement("find of the pipeline of " + project, c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT xmin::text, version,"
          + " CASE WHEN xmin = ?::xid AND version = ? THEN NULL ELSE document::text END"
          + " FROM " + pipelines + " WHERE project = ?")) {
        s.setString(1, known == null ? null : known.xmin());
        s.setLong(2, known == null ? 0 : known.version());
        s.setString(3, project.value());
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            return Optional.empty();
          }
          String text = r.getString(3);
          if (text == null) {
            return Optional.of(known.pipeline()); // the row as read before
          }
          Pipeline pipeline = Json.read(text, Pipeline.class,
              "the stored pipeline of " + project);
          if (reads.size() >= KEPT) {
            reads.clear();
          }
          reads.put(project.value(),
              new Read(r.getString(1), r.getLong(2), pipeline, System.nanoTime()));
          return Optional.of(pipeline);
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
