package dev.baton.spi;

import dev.baton.model.CasResult;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import java.util.Optional;
import java.util.Set;

/**
 * Storage port for pipelines, one per project. The engine validates a pipeline before it stores
 * it; the store only keeps it. Thread-safe; {@code PipelineStoreContract} in {@code baton-testkit}
 * states the contract.
 */
public interface PipelineStore {

  /** The project's pipeline, with its stored version. */
  Optional<Pipeline> find(ProjectId project);

  /**
   * Stores {@code pipeline} (whose version is {@code expectedVersion + 1}) if, and only if, the
   * stored version is {@code expectedVersion}; 0 means "no pipeline stored yet".
   */
  CasResult compareAndSet(long expectedVersion, Pipeline pipeline);

  /** Every project that has a pipeline. */
  Set<ProjectId> projects();
}
