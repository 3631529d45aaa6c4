package dev.baton;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.internal.Access;
import dev.baton.internal.Wiring;
import dev.baton.model.CasResult;
import dev.baton.model.Feature;
import dev.baton.model.Permission;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Transition;
import dev.baton.model.UserId;
import dev.baton.pipeline.PipelineValidator;
import dev.baton.pipeline.PipelineYaml;
import java.util.Optional;

/**
 * Get and replace a project's pipeline. A replacement is validated against the graph rules and
 * the environments that exist before anything is stored. Thread-safe.
 */
public final class Pipelines {
  private static final int MAX_ATTEMPTS = 100;
  private final Wiring wiring;
  private final Access access;

  Pipelines(Wiring wiring) {
    this.wiring = wiring;
    this.access = new Access(wiring);
  }

  /** The project's pipeline, or PIPELINE_NOT_FOUND. */
  public Pipeline get(ProjectId project) {
    return access.pipeline(project);
  }

  /** The project's pipeline, if it has one. */
  public Optional<Pipeline> find(ProjectId project) {
    return wiring.pipelines().find(project);
  }

  /**
   * Replaces the project's pipeline (or creates it). Refused with INVALID_PIPELINE listing every
   * problem, PERMISSION_DENIED without {@code project.pipeline.edit}, and FEATURE_NOT_AVAILABLE
   * when the plan lacks pipelines, or quorums above one without advanced policies.
   *
   * @return the stored pipeline with its new version
   */
  public Pipeline replace(Pipeline pipeline, UserId by) {
    ProjectId project = pipeline.project();
    access.feature(project, Feature.PROMOTIONS);
    access.feature(project, Feature.PIPELINES);
    access.require(by, project, Permission.EDIT_PIPELINE);
    PipelineValidator.validate(pipeline, wiring.environments().environments(project));
    if (pipeline.transitions().stream().mapToInt(Transition::requiredApprovals).max()
        .orElse(0) > 1) {
      access.feature(project, Feature.ADVANCED_POLICIES);
    }
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      long current = wiring.pipelines().find(project).map(Pipeline::version).orElse(0L);
      Pipeline next = pipeline.withVersion(current + 1);
      if (wiring.pipelines().compareAndSet(current, next) == CasResult.APPLIED) {
        return next;
      }
    }
    throw new BatonException(ErrorCode.BACKEND_FAILURE,
        "the pipeline of " + project + " kept changing");
  }

  /** Parses a pipeline YAML document (see {@link PipelineYaml}) and replaces the pipeline. */
  public Pipeline replaceFromYaml(ProjectId project, String yaml, UserId by) {
    return replace(PipelineYaml.parse(project, yaml, "pipeline of " + project), by);
  }
}
