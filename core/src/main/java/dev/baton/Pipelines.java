package dev.baton;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.internal.engine.Authorization;
import dev.baton.internal.engine.Lookup;
import dev.baton.internal.engine.Wiring;
import dev.baton.model.CasResult;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Feature;
import dev.baton.model.Permission;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Stage;
import dev.baton.model.StageTransition;
import dev.baton.model.UserId;
import dev.baton.pipeline.PipelineValidator;
import dev.baton.pipeline.PipelineYaml;
import dev.baton.spi.EnvironmentRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Get and replace a project's pipeline. A replacement is validated before anything is stored: the
 * graph rules ({@link PipelineValidator}); then, when the environment repository answers
 * {@link EnvironmentRepository#folder}, that it reads every stage from the folder the pipeline
 * names ({@link Pipeline#folderOf}); then that every stage's environment exists. Thread-safe.
 *
 * <pre>{@code
 * baton.pipelines().replaceFromYaml(ProjectId.of("shop"), Files.readString(pipelineFile),
 *     UserId.of("alice"));
 * }</pre>
 *
 * <p>A replacement is a compare-and-set on the stored version, retried when another replacement won
 * meanwhile: concurrent replacements are applied one after the other and the last one stays. It
 * affects promotions requested afterwards; a promotion keeps the approvals required, scope and
 * rules it was requested with (the target's deploy policy is read from the pipeline when it
 * executes). Reads check neither features nor permissions.
 *
 * @since 0.1
 */
public final class Pipelines {
  private static final int MAX_ATTEMPTS = 100;
  private final Wiring wiring;
  private final Authorization authorization;
  private final Lookup lookup;

  Pipelines(Wiring wiring) {
    this.wiring = wiring;
    this.authorization = new Authorization(wiring);
    this.lookup = new Lookup(wiring);
  }

  /**
   * The project's pipeline, or PIPELINE_NOT_FOUND.
   *
   * @param project the project
   * @return the stored pipeline, with its version
   * @throws BatonException {@code PIPELINE_NOT_FOUND} when the project has none
   * @since 0.1
   */
  public Pipeline get(ProjectId project) {
    return lookup.pipeline(project);
  }

  /**
   * The project's pipeline, if it has one.
   *
   * @param project the project
   * @return the stored pipeline, with its version, or empty
   * @since 0.1
   */
  public Optional<Pipeline> find(ProjectId project) {
    return wiring.pipelines().find(project);
  }

  /**
   * Replaces the project's pipeline (or creates it). Refused with INVALID_PIPELINE listing every
   * problem of the graph, or every stage the environment repository reads from another folder than
   * the pipeline names; UNKNOWN_ENVIRONMENT listing every stage whose environment does not exist
   * (with the folder looked for), even when the repository finds no environment at all;
   * PERMISSION_DENIED without {@code project.pipeline.edit}; and FEATURE_NOT_AVAILABLE when the
   * plan lacks pipelines, or quorums above one without advanced policies.
   *
   * <p>Any refusal stores nothing. The version of {@code pipeline} is ignored: it is stored as the
   * stored version plus one (1 for the first). Replacing with an identical pipeline still stores a
   * new version.
   *
   * <p>Promotions that start executing afterwards use the new pipeline. One already executing
   * keeps the pipeline it read when its run began, for its write's sensitive names and its deploy
   * decision alike; a deploy policy changed to MANUAL therefore holds the next runs, not one
   * running now (a freeze does hold it: freezes are read again before the deploy).
   *
   * @param pipeline the new pipeline, naming its project
   * @param by who replaces it
   * @return the stored pipeline with its new version
   * @throws BatonException as above; {@code BACKEND_FAILURE} when the store failed, or the pipeline
   *     kept changing under 100 attempts
   * @since 0.1
   */
  public Pipeline replace(Pipeline pipeline, UserId by) {
    ProjectId project = pipeline.project();
    checkReplacement(pipeline, by);
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

  /**
   * Replaces the project's pipeline only if the stored one is still at {@code expectedVersion}
   * (0: only if the project has none yet): one compare-and-set on the store, so a replacement by
   * anyone else (another engine instance, the command line, another server) since the caller
   * read the pipeline is detected, never overwritten. HTTP's {@code If-Match} is this.
   *
   * <p>Refused as {@link #replace} is, and with PIPELINE_VERSION_MISMATCH when the stored version
   * is another; any refusal stores nothing.
   *
   * @param pipeline the new pipeline, naming its project (its own version is ignored)
   * @param expectedVersion the version the caller read, or 0 to create the first pipeline
   * @param by who replaces it
   * @return the stored pipeline, at version {@code expectedVersion + 1}
   * @throws BatonException as {@link #replace}; PIPELINE_VERSION_MISMATCH as above;
   *     INVALID_ARGUMENT for a negative {@code expectedVersion}
   * @since 0.2
   */
  public Pipeline replaceIfVersion(Pipeline pipeline, long expectedVersion, UserId by) {
    if (expectedVersion < 0) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "a pipeline version is 0 (none yet) or more, not " + expectedVersion);
    }
    ProjectId project = pipeline.project();
    checkReplacement(pipeline, by);
    Pipeline next = pipeline.withVersion(expectedVersion + 1);
    if (wiring.pipelines().compareAndSet(expectedVersion, next) == CasResult.APPLIED) {
      return next;
    }
    String stored = wiring.pipelines().find(project)
        .map(p -> "is at version " + p.version()).orElse("does not exist");
    throw new BatonException(ErrorCode.PIPELINE_VERSION_MISMATCH, "the pipeline of " + project
        + " " + stored + ", not version " + expectedVersion
        + ": read it again and reapply your change");
  }

  private void checkReplacement(Pipeline pipeline, UserId by) {
    ProjectId project = pipeline.project();
    authorization.feature(project, Feature.PROMOTIONS);
    authorization.feature(project, Feature.PIPELINES);
    authorization.require(by, project, Permission.EDIT_PIPELINE);
    check(pipeline);
    if (pipeline.transitions().stream().mapToInt(StageTransition::requiredApprovals).max()
        .orElse(0) > 1) {
      authorization.feature(project, Feature.ADVANCED_POLICIES);
    }
  }

  /**
   * Checks a pipeline against the graph rules and the environments that exist now, as
   * {@link #replace} does, storing nothing. A caller that acts on a stored pipeline (the command
   * line before a request) uses it to refuse a pipeline whose stage folder has gone since.
   *
   * <p>Neither features nor permissions are checked.
   *
   * @param pipeline the pipeline to check
   * @return the pipeline
   * @throws BatonException INVALID_PIPELINE or UNKNOWN_ENVIRONMENT, as {@link #replace}
   * @since 0.1
   */
  public Pipeline check(Pipeline pipeline) {
    PipelineValidator.validate(pipeline, Set.of());
    EnvironmentRepository environments = wiring.environments();
    ProjectId project = pipeline.project();
    List<String> misplaced = new ArrayList<>();
    for (Stage stage : pipeline.stages()) {
      String wanted = pipeline.folderOf(stage.environment());
      environments.folder(project, stage.environment())
          .filter(read -> !read.equals(wanted))
          .ifPresent(read -> misplaced.add("stage '" + stage.environment() + "': the pipeline"
              + " places it in folder '" + wanted + "' but the environment repository reads '"
              + read + "'; configure the repository from the pipeline (its layout '"
              + pipeline.layout().orElse(Pipeline.DEFAULT_LAYOUT) + "' and stage paths; for Git:"
              + " GitEnvironmentRepository.builder().pipeline(pipeline))"));
    }
    if (!misplaced.isEmpty()) {
      throw new BatonException(ErrorCode.INVALID_PIPELINE, "pipeline of project " + project
          + " does not match the environment repository: " + String.join("; ", misplaced),
          misplaced, null);
    }
    Set<EnvironmentName> known = environments.environments(project);
    List<String> missing = new ArrayList<>();
    for (Stage stage : pipeline.stages()) {
      if (!known.contains(stage.environment())) {
        missing.add("stage '" + stage.environment() + "' has no environment: "
            + environments.folder(project, stage.environment())
                .map(folder -> "folder '" + folder + "' does not exist")
                .orElse("the environment repository does not have it")
            + " (found: " + (known.isEmpty() ? "none"
                : String.join(", ", known.stream().map(EnvironmentName::value).sorted()
                    .toList())) + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new BatonException(ErrorCode.UNKNOWN_ENVIRONMENT, "pipeline of project " + project
          + " names environments that do not exist: " + String.join("; ", missing), missing,
          null);
    }
    return pipeline;
  }

  /**
   * Parses a pipeline YAML document (see {@link PipelineYaml}) and replaces the pipeline.
   *
   * @param project the project; a {@code project} the document names must match it
   * @param yaml the pipeline document
   * @param by who replaces it
   * @return the stored pipeline with its new version
   * @throws BatonException {@code MALFORMED_DOCUMENT} listing every problem of the document; else
   *     as {@link #replace}
   * @since 0.1
   */
  public Pipeline replaceFromYaml(ProjectId project, String yaml, UserId by) {
    return replace(PipelineYaml.parse(project, yaml, "pipeline of " + project), by);
  }

  /**
   * {@link #replaceIfVersion} of a pipeline given as YAML, as {@link #replaceFromYaml} reads it.
   *
   * @param project the project the pipeline belongs to
   * @param yaml the pipeline document
   * @param expectedVersion the version the caller read, or 0 to create the first pipeline
   * @param by who replaces it
   * @return the stored pipeline, at version {@code expectedVersion + 1}
   * @throws BatonException MALFORMED_DOCUMENT, DOCUMENT_TOO_LARGE, or as
   *     {@link #replaceIfVersion}
   * @since 0.2
   */
  public Pipeline replaceFromYamlIfVersion(ProjectId project, String yaml, long expectedVersion,
      UserId by) {
    return replaceIfVersion(PipelineYaml.parse(project, yaml, "pipeline of " + project),
        expectedVersion, by);
  }
}
