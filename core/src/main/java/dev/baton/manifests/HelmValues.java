package dev.baton.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.model.PromotableProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

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
 * Any other subtree belongs to one property as a whole. {@link ValueLeaves} flattens the
 * VALUES leaves by these rules.
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

  /**
   * Whether a top-level key is the root of a subtree one property owns, as
   * {@code owner(List.of(key)).isPresent()} says, without the list and the optional (asked for
   * every top-level key of every values file read).
   */
  static boolean ownsTopLevel(String key) {
    return key.equals(REPLICAS) || key.equals(RESOURCES);
  }

  /** Whether merging and flattening descend into this path (when it owns no subtree). */
  static boolean structural(List<String> path) {
    int n = path.size();
    return n <= 1 || (n == 2 && path.get(1).equals(IMAGE));
  }

  /**
   * The workload parts of a values file's top-level mapping (null for an empty file): the top
   * level's, then each top-level key's. The parts are Jackson copies of the YAML subtrees (as
   * {@link EnvironmentModel#json} makes them), so that they read as the whole file's copy would.
   */
  static List<Part> workloads(MappingNode root) {
    List<Part> parts = new ArrayList<>();
    if (root == null) {
      return parts;
    }
    Part top = part(Optional.empty(), root);
    if (top.declared()) {
      parts.add(top);
    }
    for (NodeTuple tuple : root.getValue()) {
      if (EnvironmentModel.field(tuple) && tuple.getValueNode() instanceof MappingNode map
          && !ownsTopLevel(EnvironmentModel.key(tuple))) {
        Part entry = part(Optional.of(EnvironmentModel.key(tuple)), map);
        if (entry.declared()) {
          parts.add(entry);
        }
      }
    }
    return parts;
  }

  private static Part part(Optional<String> key, MappingNode map) {
    Node image = EnvironmentModel.field(map, IMAGE);
    Node tag = image instanceof MappingNode ? EnvironmentModel.field(image, TAG) : null;
    return new Part(key, json(tag), json(EnvironmentModel.field(map, REPLICAS)),
        json(EnvironmentModel.field(map, RESOURCES)));
  }

  private static Optional<JsonNode> json(Node node) {
    return node == null ? Optional.empty() : Optional.of(EnvironmentModel.json(node));
  }

  /** The image tag, replica count and resources declared at one level of a values tree. */
  record Part(Optional<String> key, Optional<JsonNode> imageTag, Optional<JsonNode> replicas,
      Optional<JsonNode> resources) {
    boolean declared() {
      return imageTag.isPresent() || replicas.isPresent() || resources.isPresent();
    }
  }
}
