package dev.baton.memory;

import dev.baton.error.Arguments;
import dev.baton.model.CasResult;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.spi.PipelineStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The in-memory {@link PipelineStore}: one pipeline per project, kept with its version. Passes
 * {@code PipelineStoreContract}.
 *
 * <p>Thread-safe: every operation holds one lock. Beyond the port it refuses, as
 * {@code INVALID_ARGUMENT} and before any change, a pipeline whose version is not
 * {@code expectedVersion + 1}.
 *
 * @since 0.1
 */
public final class InMemoryPipelineStore implements PipelineStore {
  private final Object lock = new Object();
  private final Map<ProjectId, Pipeline> pipelines = new HashMap<>();

  /**
   * An empty store.
   *
   * @since 0.1
   */
  public InMemoryPipelineStore() {}

  @Override
  public Optional<Pipeline> find(ProjectId project) {
    Arguments.notNull(project, "project");
    synchronized (lock) {
      return Optional.ofNullable(pipelines.get(project));
    }
  }

  @Override
  public CasResult compareAndSet(long expectedVersion, Pipeline pipeline) {
    Arguments.notNull(pipeline, "pipeline");
    if (expectedVersion < 0 || pipeline.version() != expectedVersion + 1) {
      throw Arguments.invalid("the next version of a pipeline is expectedVersion + 1 = "
          + (expectedVersion + 1) + ", was " + pipeline.version());
    }
    synchronized (lock) {
      Pipeline current = pipelines.get(pipeline.project());
      long stored = current == null ? 0 : current.version();
      if (current == null && expectedVersion != 0) {
        return CasResult.NOT_FOUND;
      }
      if (stored != expectedVersion) {
        return CasResult.VERSION_MISMATCH;
      }
      pipelines.put(pipeline.project(), pipeline);
      return CasResult.APPLIED;
    }
  }

  @Override
  public Set<ProjectId> projects() {
    synchronized (lock) {
      return Set.copyOf(pipelines.keySet());
    }
  }
}
