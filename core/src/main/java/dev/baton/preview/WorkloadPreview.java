package dev.baton.preview;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.List;

/**
 * The preview of one workload: its image tag, replica count and resources. Immutable and
 * thread-safe.
 *
 * @param key where the workload is declared (see {@code dev.baton.manifests.Workload#key()})
 * @param name the workload's display name
 * @param imageTag the image tag item, keyed {@code image_tag}
 * @param replicas the replica count item, keyed {@code replicas}
 * @param resources the resources item, keyed {@code resources}
 * @since 0.1
 */
public record WorkloadPreview(String key, String name, PreviewItem imageTag, PreviewItem replicas,
    PreviewItem resources) {
  /**
   * Validates.
   *
   * @since 0.1
   */
  public WorkloadPreview {
    if (key == null || name == null || imageTag == null || replicas == null
        || resources == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "workload preview fields are required");
    }
  }

  /**
   * The three items in order: image tag, replicas, resources.
   *
   * @since 0.1
   */
  public List<PreviewItem> items() {
    return List.of(imageTag, replicas, resources);
  }
}
