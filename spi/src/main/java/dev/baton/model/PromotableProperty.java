package dev.baton.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * A named category of configuration that a promotion may move from source to target (the
 * pipeline file's {@code scope}). What no category or rule moves stays as the target has it:
 * namespaces, name prefixes, hostnames, replicas and the rest are the environment's own.
 *
 * <p>Immutable and thread-safe, as every enum.
 *
 * @since 0.1
 */
public enum PromotableProperty {
  /**
   * Workload versions, the default: the tag and digest of Kustomize {@code images[]} entries, of
   * container and init container images in any manifest or patch, and of Helm values
   * {@code image.tag} / {@code image.digest} at any depth. Matched by image name, container
   * and key path; the image's repository stays as the target has it.
   *
   * @since 0.1
   */
  IMAGE_TAGS,
  /**
   * Every Helm value in the values files (values that are not replicas or resources).
   *
   * @since 0.1
   */
  VALUES,
  /**
   * Every file that is not a values or variables file, moved whole (added, updated, deleted).
   *
   * @since 0.1
   */
  BINDINGS,
  /**
   * Replica counts: Kustomize {@code replicas[]}, Helm {@code replicaCount} at any depth, and a
   * workload manifest's {@code spec.replicas}.
   *
   * @since 0.1
   */
  REPLICAS,
  /**
   * Resource requests and limits: Helm {@code resources} at any depth, and containers'.
   *
   * @since 0.1
   */
  RESOURCES,
  /**
   * The environment's variables file ({@code variables.yaml}), moved whole.
   *
   * @since 0.1
   */
  VARIABLES;

  /**
   * The default: workload versions only.
   *
   * @return a new set the caller may change
   * @since 0.1
   */
  public static Set<PromotableProperty> defaults() {
    return EnumSet.of(IMAGE_TAGS);
  }
}
