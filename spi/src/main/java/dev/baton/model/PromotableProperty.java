package dev.baton.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * A kind of configuration that a promotion may carry from source to target. What is not carried
 * stays as the target has it, so staging's replica count never lands in production by accident.
 */
public enum PromotableProperty {
  /** Workload image tags (Kustomize {@code images[].newTag}, Helm {@code image.tag}). */
  IMAGE_TAGS,
  /** Helm values other than image tags, replicas and resources. */
  VALUES,
  /** Kustomize files and plain manifests. */
  BINDINGS,
  /** Replica counts (Kustomize {@code replicas[]}, Helm {@code replicaCount}). */
  REPLICAS,
  /** Resource requests and limits (Helm {@code resources}). */
  RESOURCES,
  /** The environment's variables ({@code variables.yaml}). */
  VARIABLES;

  /** The default scope: image tags, values and bindings; never replicas, resources or variables. */
  public static Set<PromotableProperty> defaults() {
    return EnumSet.of(IMAGE_TAGS, VALUES, BINDINGS);
  }
}
