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
 *
 * <p>The engine reads the pipeline on every request and preview, and again at execution (for the
 * target stage's deploy policy); it stores one only through {@code Pipelines.replace}, which
 * reads the stored version and compare-and-sets the next, retrying a lost race. Several engines
 * may share one store, so the compare-and-set must be atomic across them. Failures are
 * {@link dev.baton.error.BatonException}s ({@code BACKEND_FAILURE} when the backend is
 * unavailable, {@code STORE_CORRUPT} when what is stored cannot be read safely) and reach the
 * caller of the operation; calls may block on I/O. The engine never passes null.
 *
 * @since 0.1
 */
public interface PipelineStore {

  /**
   * The project's pipeline, with its stored version.
   *
   * <p>The pipeline comes back whole, as stored (stages, transitions, layout, rules), with
   * {@link Pipeline#version()} at the version it was stored at.
   *
   * @param project the project
   * @return the latest stored pipeline, or empty when the project has none
   * @since 0.1
   */
  Optional<Pipeline> find(ProjectId project);

  /**
   * Stores {@code pipeline} (whose version is {@code expectedVersion + 1}) if, and only if, the
   * stored version is {@code expectedVersion}; 0 means "no pipeline stored yet".
   *
   * <p>The first pipeline of a project is stored from version 0 as version 1; version 0 is refused
   * ({@link CasResult#VERSION_MISMATCH}) once a pipeline is stored. Of several callers replacing
   * the same version at once exactly one is {@link CasResult#APPLIED}. The in-memory store
   * refuses a pipeline whose version is not {@code expectedVersion + 1} with
   * {@code INVALID_ARGUMENT}.
   *
   * @param expectedVersion the version the caller read, or 0 for a project without a pipeline
   * @param pipeline the pipeline to store, for {@code pipeline.project()}
   * @return {@link CasResult#APPLIED} when stored; {@link CasResult#VERSION_MISMATCH} when
   *     another version is stored; {@link CasResult#NOT_FOUND} when {@code expectedVersion} is
   *     above 0 and the project has no pipeline. Nothing is written unless APPLIED
   * @since 0.1
   */
  CasResult compareAndSet(long expectedVersion, Pipeline pipeline);

  /**
   * Every project that has a pipeline.
   *
   * <p>The engine walks it to build a person's approval inbox, so it should be cheap to answer.
   *
   * @return the projects, in no particular order; an immutable snapshot
   * @since 0.1
   */
  Set<ProjectId> projects();
}
