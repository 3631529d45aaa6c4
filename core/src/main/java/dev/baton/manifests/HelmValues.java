package dev.baton.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.model.PromotableProperty;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Which parts of a Helm values tree belong to which promotable property, decided by the shape of
 * the path alone so that source and target always agree:
 *
 * <ul>
 *   <li>{@code image.tag} and {@code <key>.image.tag}: image tags;
 *   <li>{@code replicaCount} and {@code <key>.replicaCount}: replicas;
 *   <li>{@code resources} and {@code <key>.resources}, with everything below: resources;
 *   <li>everything else: values.
 * </ul>
 *
 * The top level, each top-level key and each {@code <key>.image} are "structural": they may hold
 * parts of several properties, so reading and flattening descend into them when they are maps.
 * Any other subtree belongs to one property as a whole.
 */
final class HelmValues {
  private static final String IMAGE = "image";
  private static final String TAG = "tag";
  private static final String REPLICAS = "replicaCount";
  private static final String RESOURCES = "resources";

  private HelmValues() {}

  /** The property a subtree wholly belongs to, when the path is the root of such a subtree. */
  static Optional<PromotableProperty> owner(List<String> path) {
    int n = path.size();
    String last = n == 0 ? "" : path.get(n - 1);
    if (n == 1 || n == 2) {
      if (last.equals(REPLICAS)) {
        return Optional.of(PromotableProperty.REPLICAS);
      }
      if (last.equals(RESOURCES)) {
        return Optional.of(PromotableProperty.RESOURCES);
      }
    }
    if (n == 2 && path.get(0).equals(IMAGE) && last.equals(TAG)) {
      return Optional.of(PromotableProperty.IMAGE_TAGS);
    }
    if (n == 3 && path.get(1).equals(IMAGE) && last.equals(TAG)) {
      return Optional.of(PromotableProperty.IMAGE_TAGS);
    }
    return Optional.empty();
  }

  /** Whether merging and flattening descend into this path (when it owns no subtree). */
  static boolean structural(List<String> path) {
    int n = path.size();
    return n <= 1 || (n == 2 && path.get(1).equals(IMAGE));
  }

  /**
   * Calls {@code sink} with the path and node of every leaf of the VALUES property: scalars,
   * lists and maps below the structural levels are flattened with {@link Texts#leaves}; an
   * empty map at a structural level yields nothing (it may fill with other properties).
   */
  static void valueLeaves(ObjectNode root, BiConsumer<String, JsonNode> sink) {
    valueLeavesAt(new ArrayList<>(), "", root, sink);
  }

  private static void valueLeavesAt(List<String> path, String dotted, JsonNode node,
      BiConsumer<String, JsonNode> sink) {
    if (!node.isObject()) {
      sink.accept(dotted, node);
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      path.add(field.getKey());
      String childPath = Texts.child(dotted, field.getKey());
      if (owner(path).isEmpty()) {
        if (structural(path)) {
          valueLeavesAt(path, childPath, field.getValue(), sink);
        } else {
          sink.accept(childPath, field.getValue());
        }
      }
      path.remove(path.size() - 1);
    }
  }

  /** The workload parts of a values tree: the top level's, then each top-level key's. */
  static List<Part> workloads(ObjectNode root) {
    List<Part> parts = new ArrayList<>();
    Part top = part(Optional.empty(), root);
    if (top.declared()) {
      parts.add(top);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isObject() && owner(List.of(field.getKey())).isEmpty()) {
        Part entry = part(Optional.of(field.getKey()), field.getValue());
        if (entry.declared()) {
          parts.add(entry);
        }
      }
    }
    return parts;
  }

  private static Part part(Optional<String> key, JsonNode map) {
    JsonNode image = map.get(IMAGE);
    JsonNode tag = image != null && image.isObject() ? image.get(TAG) : null;
    return new Part(key, Optional.ofNullable(tag), Optional.ofNullable(map.get(REPLICAS)),
        Optional.ofNullable(map.get(RESOURCES)));
  }

  /** The image tag, replica count and resources declared at one level of a values tree. */
  record Part(Optional<String> key, Optional<JsonNode> imageTag, Optional<JsonNode> replicas,
      Optional<JsonNode> resources) {
    boolean declared() {
      return imageTag.isPresent() || replicas.isPresent() || resources.isPresent();
    }
  }
}
