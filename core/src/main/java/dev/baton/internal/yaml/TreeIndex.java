package dev.baton.internal.yaml;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Passes over a parsed file's node trees. At the parse of a file with aliases ({@link #check}):
 * duplicate keys (which {@link NodeBuilder} has already found, as this walk would), which nodes
 * are reachable through an alias, and how far aliases expand. When an edit first asks
 * ({@link #link}): each node's parent and whether it sits in a flow collection, which only the
 * edited file needs (the planner reads the source and the edited result without them). Used by
 * {@link YamlFile}; not thread-safe.
 */
final class TreeIndex {
  // a mapping with more keys than this checks them with a hash set, a smaller one pairwise
  private static final int PAIRWISE_KEYS = 16;

  private final YamlFile file;
  private final String path;
  private final Map<Node, Node> parents;
  private final Set<Node> inFlow;
  private final Set<Node> shared;

  private TreeIndex(YamlFile file, String path, Map<Node, Node> parents, Set<Node> inFlow,
      Set<Node> shared) {
    this.file = file;
    this.path = path;
    this.parents = parents;
    this.inFlow = inFlow;
    this.shared = shared;
  }

  /** Refuses duplicate keys and aliases that expand too far; fills {@code shared}. */
  static void check(YamlFile file, String path, YamlLimits limits, List<Node> documents,
      Set<Node> shared, boolean aliases) {
    TreeIndex index = new TreeIndex(file, path, null, null, shared);
    // without an alias every node is reached once: nothing is shared and nothing expands
    Set<Node> seen = aliases ? Collections.newSetFromMap(new IdentityHashMap<>()) : null;
    for (Node root : documents) {
      if (root != null) {
        index.walk(root, null, false, seen);
      }
    }
    if (!aliases) {
      return;
    }
    long expanded = 0;
    Map<Node, Long> sizes = new IdentityHashMap<>();
    for (Node root : documents) {
      if (root != null) {
        expanded = Math.min(Long.MAX_VALUE / 2, expanded + expandedSize(root, sizes));
      }
    }
    if (expanded > (long) seen.size() + limits.maxKeys()) {
      throw new BatonException(ErrorCode.DOCUMENT_TOO_LARGE, YamlFile.where(path, 0)
          + "has aliases that expand to more than " + limits.maxKeys() + " extra nodes");
    }
  }

  /**
   * Fills each node's parent (the first path's, when an alias shares it) and the nodes inside
   * flow collections, by the same walk as {@link #check} (which already passed).
   */
  static void link(YamlFile file, String path, List<Node> documents, Map<Node, Node> parents,
      Set<Node> inFlow, boolean aliases) {
    Set<Node> unusedShared = Collections.newSetFromMap(new IdentityHashMap<>());
    TreeIndex index = new TreeIndex(file, path, parents, inFlow, unusedShared);
    Set<Node> seen = aliases ? Collections.newSetFromMap(new IdentityHashMap<>()) : null;
    for (Node root : documents) {
      if (root != null) {
        index.walk(root, null, false, seen);
      }
    }
  }

  private void walk(Node node, Node parent, boolean flow, Set<Node> seen) {
    if (seen != null && !seen.add(node)) {
      markShared(node);
      return;
    }
    if (parents != null) {
      parents.put(node, parent);
      if (flow) {
        inFlow.add(node);
      }
    }
    boolean childFlow = flow || YamlFile.isFlow(node);
    if (node instanceof MappingNode) {
      List<NodeTuple> tuples = ((MappingNode) node).getValue();
      // linking walks a file that check already passed: its keys are known to differ
      boolean checkKeys = parents == null;
      Set<String> names = checkKeys && tuples.size() > PAIRWISE_KEYS ? new HashSet<>() : null;
      for (int i = 0; i < tuples.size(); i++) {
        NodeTuple tuple = tuples.get(i);
        Node key = tuple.getKeyNode();
        if (checkKeys && key instanceof ScalarNode && seenBefore(((ScalarNode) key).getValue(),
            tuples, i, names)) {
          throw YamlFile.malformed(path, file.line(key),
              "has the key '" + ((ScalarNode) key).getValue() + "' twice in one mapping");
        }
        walk(key, node, childFlow, seen);
        walk(tuple.getValueNode(), node, childFlow, seen);
      }
    } else if (node instanceof SequenceNode) {
      for (Node item : ((SequenceNode) node).getValue()) {
        walk(item, node, childFlow, seen);
      }
    }
  }

  // whether a scalar key before tuple i has this name (names: the earlier names, when hashed)
  private static boolean seenBefore(String name, List<NodeTuple> tuples, int i,
      Set<String> names) {
    if (names != null) {
      return !names.add(name);
    }
    for (int j = 0; j < i; j++) {
      if (tuples.get(j).getKeyNode() instanceof ScalarNode earlier
          && earlier.getValue().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private void markShared(Node node) {
    if (!shared.add(node)) {
      return;
    }
    if (node instanceof MappingNode) {
      for (NodeTuple tuple : ((MappingNode) node).getValue()) {
        markShared(tuple.getKeyNode());
        markShared(tuple.getValueNode());
      }
    } else if (node instanceof SequenceNode) {
      for (Node item : ((SequenceNode) node).getValue()) {
        markShared(item);
      }
    }
  }

  private static long expandedSize(Node node, Map<Node, Long> sizes) {
    Long known = sizes.get(node);
    if (known != null) {
      return known;
    }
    long size = 1;
    if (node instanceof MappingNode) {
      for (NodeTuple tuple : ((MappingNode) node).getValue()) {
        size += expandedSize(tuple.getKeyNode(), sizes) + expandedSize(tuple.getValueNode(), sizes);
        size = Math.min(size, Long.MAX_VALUE / 4);
      }
    } else if (node instanceof SequenceNode) {
      for (Node item : ((SequenceNode) node).getValue()) {
        size = Math.min(size + expandedSize(item, sizes), Long.MAX_VALUE / 4);
      }
    }
    sizes.put(node, size);
    return size;
  }

}
