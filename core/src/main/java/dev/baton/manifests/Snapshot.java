package dev.baton.manifests;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentName;
import dev.baton.model.PromotableProperty;
import dev.baton.model.Revision;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an environment runs, as its folder declares it: workloads, Helm values, bindings and
 * variables. Read by {@link GitOpsReader}. Immutable and thread-safe.
 *
 * <p>Keys: values are {@code <file>:<path>} with the path in dotted form ({@code api.env.LEVEL},
 * list items as {@code [i]}, keys with unusual characters as {@code ["a.b/c"]}); bindings are
 * file paths, with the non-image, non-replica part of the kustomization under
 * {@code kustomization.yaml} as YAML with sorted keys; variables are their names.
 *
 * @param environment the environment read
 * @param revision the revision its files were read at
 * @param workloads workloads by {@link Workload#key()}
 * @param values Helm values other than image tags, replica counts and resources, as text
 * @param bindings plain manifests and other files by path, and the kustomization's remainder
 * @param variables the environment's variables as text
 * @param warnings problems that did not stop the read, such as a placeholder naming no variable
 * @since 0.1
 */
public record Snapshot(EnvironmentName environment, Revision revision,
    SortedMap<String, Workload> workloads, SortedMap<String, String> values,
    SortedMap<String, String> bindings, SortedMap<String, String> variables,
    List<String> warnings) {
  /**
   * Validates and copies.
   *
   * @since 0.1
   */
  public Snapshot {
    if (environment == null || revision == null || workloads == null || values == null
        || bindings == null || variables == null || warnings == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "snapshot fields are required");
    }
    // maps this package froze already are kept: a snapshot shared by content and stamped with
    // another revision costs no copy
    workloads = FrozenSortedMap.copyOf(workloads);
    values = FrozenSortedMap.copyOf(values);
    bindings = FrozenSortedMap.copyOf(bindings);
    variables = FrozenSortedMap.copyOf(variables);
    warnings = List.copyOf(warnings);
  }

  /**
   * Every item of one promotable kind, flat: for image tags, replicas and resources the
   * workload key to that property's text (workloads without it left out); for values, bindings
   * and variables the map of that name.
   *
   * @since 0.1
   */
  public SortedMap<String, String> properties(PromotableProperty kind) {
    switch (kind) {
      case VALUES:
        return values;
      case BINDINGS:
        return bindings;
      case VARIABLES:
        return variables;
      default:
        TreeMap<String, String> out = new TreeMap<>();
        workloads.forEach((key, workload) -> {
          switch (kind) {
            case IMAGE_TAGS:
              workload.imageTag().ifPresent(tag -> out.put(key, tag));
              break;
            case REPLICAS:
              workload.replicas().ifPresent(count -> out.put(key, count));
              break;
            default:
              workload.resources().ifPresent(resources -> out.put(key, resources));
              break;
          }
        });
        return FrozenSortedMap.owning(out);
    }
  }
}
