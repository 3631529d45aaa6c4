package dev.baton.preview;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.manifests.Difference;
import dev.baton.model.ChangeSummary;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import dev.baton.model.PromotionRule;
import dev.baton.model.Revision;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Exactly what promoting a source environment into a target will change, computed by
 * {@link Previewer}: per workload, value, binding and variable its source, current and resulting
 * value with the action taken and conflict flags; a unified diff per changed file; the counts;
 * and warnings such as unresolved placeholders. Items whose source, target and result are all
 * equal are left out. Immutable and thread-safe.
 *
 * @param project the project
 * @param source the source environment
 * @param target the target environment
 * @param sourceRevision the revision the source was read at
 * @param targetRevision the revision the target was read at
 * @param baseRevision the revision of the last promotion into the target, when given
 * @param scope the categories the promotion moves
 * @param rules the rules the promotion moves by
 * @param workloads workloads with a difference or a change
 * @param values Helm values (keys {@code <file>:<path>}) with a difference or a change
 * @param bindings files and the kustomization's remainder with a difference or a change; values
 *     are content digests
 * @param variables variables with a difference or a change
 * @param differences every difference between source and target, file by file, each saying
 *     whether it moves or stays and why
 * @param files the unified diff of every file the promotion writes, by path
 * @param summary changed items per kind and conflicts
 * @param warnings problems that do not stop the promotion, such as unresolved placeholders
 * @since 0.1
 */
public record Preview(ProjectId project, EnvironmentName source, EnvironmentName target,
    Revision sourceRevision, Revision targetRevision, Optional<Revision> baseRevision,
    Set<PromotableProperty> scope, List<PromotionRule> rules, List<WorkloadPreview> workloads,
    List<PreviewItem> values, List<PreviewItem> bindings, List<PreviewItem> variables,
    List<Difference> differences, List<FileDiff> files,
    ChangeSummary summary, List<String> warnings) {
  /**
   * Validates and copies.
   *
   * @since 0.1
   */
  public Preview {
    if (project == null || source == null || target == null || sourceRevision == null
        || targetRevision == null || baseRevision == null || scope == null || rules == null
        || workloads == null || differences == null
        || values == null || bindings == null || variables == null || files == null
        || summary == null || warnings == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "preview fields are required");
    }
    scope = Collections.unmodifiableSet(scope.isEmpty() ? EnumSet.noneOf(PromotableProperty.class)
        : EnumSet.copyOf(scope));
    rules = List.copyOf(rules);
    differences = List.copyOf(differences);
    workloads = List.copyOf(workloads);
    values = List.copyOf(values);
    bindings = List.copyOf(bindings);
    variables = List.copyOf(variables);
    files = List.copyOf(files);
    warnings = List.copyOf(warnings);
  }

  /**
   * Whether the promotion writes anything into the target.
   *
   * @since 0.1
   */
  public boolean hasChanges() {
    return !files.isEmpty();
  }
}
