package dev.baton.manifests;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.Objects;
import java.util.Optional;

/**
 * One workload of an environment as its files declare it: the image tag it runs, its replica
 * count and its resources, each as display text (placeholders resolved or not, depending on how
 * the snapshot was read). Immutable and thread-safe.
 *
 * <p>The key says where the workload is declared, so that the same workload is matched across
 * environments even when its display name differs: {@code values.yaml} for the top-level workload
 * of a Helm values file, {@code values.yaml:api} for the umbrella-chart entry {@code api}, and
 * {@code kustomization.yaml:<name>} for a Kustomize {@code images} or {@code replicas} entry
 * (whatever the kustomization file's spelling).
 *
 * @param key where the workload is declared, unique within a snapshot
 * @param name the display name (Helm: {@code fullnameOverride}, {@code nameOverride} or the file's
 *     base name; umbrella entries and Kustomize: the entry's name)
 * @param file the file that declares it
 * @param imageTag the image tag (Kustomize: {@code [newName:]newTag[@digest]}), if declared
 * @param replicas the replica count, if declared
 * @param resources the resources as {@code path=value} pairs sorted by path, if declared
 * @since 0.1
 */
public record Workload(String key, String name, String file, Optional<String> imageTag,
    Optional<String> replicas, Optional<String> resources) {
  /**
   * Validates.
   *
   * @since 0.1
   */
  public Workload {
    if (key == null || key.isEmpty() || name == null || file == null || imageTag == null
        || replicas == null || resources == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "workload fields are required");
    }
  }

  Workload merge(Workload other) {
    return new Workload(key, name, file, or(imageTag, other.imageTag),
        or(replicas, other.replicas), or(resources, other.resources));
  }

  private static Optional<String> or(Optional<String> first, Optional<String> second) {
    return first.isPresent() ? first : Objects.requireNonNull(second);
  }
}
