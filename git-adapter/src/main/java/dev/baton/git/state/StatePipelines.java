package dev.baton.git.state;

import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.state.internal.StateLayout;
import dev.baton.model.CasResult;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.spi.PipelineStore;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link PipelineStore} port of {@link GitStateStore}: one pipeline per project, stored
 * with its version. Thread-safe (the state ref serialises calls).
 */
final class StatePipelines implements PipelineStore {
  private final StateRef stateRef;

  StatePipelines(StateRef stateRef) {
    this.stateRef = stateRef;
  }

  @Override
  public Optional<Pipeline> find(ProjectId project) {
    Arguments.notNull(project, "project");
    return stateRef.read(state -> state.pipeline(project));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The pipeline is stored with version {@code expectedVersion + 1} whatever version it
   * carries. A positive {@code expectedVersion} for a project without a pipeline answers
   * {@link CasResult#NOT_FOUND}.
   */
  @Override
  public CasResult compareAndSet(long expectedVersion, Pipeline pipeline) {
    Arguments.notNull(pipeline, "pipeline");
    if (expectedVersion < 0) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "expected pipeline version must be >= 0, was " + expectedVersion);
    }
    Pipeline next = pipeline.withVersion(expectedVersion + 1);
    byte[] json = StateChange.document(next);
    return stateRef.mutate(state -> {
      Optional<Pipeline> stored = state.pipeline(next.project());
      if (stored.isEmpty() && expectedVersion > 0) {
        return StateChange.answer(CasResult.NOT_FOUND);
      }
      if (stored.map(Pipeline::version).orElse(0L) != expectedVersion) {
        return StateChange.answer(CasResult.VERSION_MISMATCH);
      }
      return StateChange.commit(CasResult.APPLIED,
          "pipeline " + next.project() + " v" + next.version())
          .put(StateLayout.pipelinePath(next.project()), json, next);
    });
  }

  @Override
  public Set<ProjectId> projects() {
    return stateRef.read(StateIndex::projects);
  }

}
