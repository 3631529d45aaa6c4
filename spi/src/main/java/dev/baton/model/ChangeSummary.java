package dev.baton.model;

/**
 * How many items a promotion changes in its target, per kind, and how many of them conflict with
 * drift in the target. Computed from the preview and stored with the promotion.
 *
 * <p>Immutable and thread-safe.
 *
 * @param workloads workload properties changed (image tags, replicas, resources)
 * @param values Helm values changed
 * @param bindings Kustomize files and manifests changed
 * @param variables variables changed
 * @param conflicts changed items where the target drifted since the last promotion into it
 * @since 0.1
 */
public record ChangeSummary(int workloads, int values, int bindings, int variables, int conflicts) {
  /**
   * No change at all.
   *
   * @since 0.1
   */
  public static final ChangeSummary NONE = new ChangeSummary(0, 0, 0, 0, 0);

  /**
   * Validates.
   *
   * @param workloads workload properties changed (image tags, replicas, resources)
   * @param values Helm values changed
   * @param bindings Kustomize files and manifests changed
   * @param variables variables changed
   * @param conflicts changed items where the target drifted since the last promotion into it
   * @since 0.1
   */
  public ChangeSummary {
    Checks.nonNegative(workloads, "workloads");
    Checks.nonNegative(values, "values");
    Checks.nonNegative(bindings, "bindings");
    Checks.nonNegative(variables, "variables");
    Checks.nonNegative(conflicts, "conflicts");
  }

  /**
   * Total number of changed items.
   *
   * @return workloads, values, bindings and variables added up
   * @since 0.1
   */
  public int total() {
    return workloads + values + bindings + variables;
  }
}
