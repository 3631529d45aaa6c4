package dev.baton.preview;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.Optional;

/**
 * One item of a preview: its value in the source, in the target now and in the target after the
 * promotion, with placeholders resolved from each environment's own variables. Immutable and
 * thread-safe.
 *
 * @param key what the item is (a value path, a file, a variable name, or for a workload
 *     {@code image_tag}, {@code replicas} or {@code resources})
 * @param source the value in the source, if it has the item
 * @param target the value in the target now, if it has the item
 * @param after the value in the target after the promotion, if it will have the item
 * @param action what the promotion does to the target's item
 * @param carried whether the item's property is in the promotion's scope; an item that differs
 *     between source and target but is not carried shows {@link PreviewAction#NO_CHANGE}
 * @param conflict whether the promotion changes an item that the target changed since the last
 *     promotion into it (only known when that promotion's files are given)
 * @since 0.1
 */
public record PreviewItem(String key, Optional<String> source, Optional<String> target,
    Optional<String> after, PreviewAction action, boolean carried, boolean conflict) {
  /**
   * Validates.
   *
   * @since 0.1
   */
  public PreviewItem {
    if (key == null || source == null || target == null || after == null || action == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "preview item fields are required");
    }
  }

  /**
   * Whether the promotion changes this item.
   *
   * @since 0.1
   */
  public boolean changed() {
    return action != PreviewAction.NO_CHANGE;
  }
}
