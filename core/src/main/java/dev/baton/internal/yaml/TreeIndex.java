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
 * One pass over a parsed file's node trees: each node's parent, whether it sits in a flow
 * collection, which nodes are reachable through an alias, duplicate keys, and how far aliases
 * expand. Used once by {@link YamlFile#parse}; not thread-safe.
 */
final class TreeIndex {
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

  static void build(YamlFile file, String path, YamlLimits limits, List<Node> documents,
      Map<Node, Node> parents, Set<Node> inFlow, Set<Node> shared, boolean aliases) {
    TreeIndex index = new TreeIndex(file, path, parents, inFlow, shared);
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

  private void walk(Node node, Node parent, boolean flow, Set<Node> seen) {
    if (seen != null && !seen.add(node)) {
      markShared(node);
      return;
    }
    parents.put(node, parent);
    if (flow) {
      inFlow.add(node);
    }
    boolean childFlow = flow || YamlFile.isFlow(node);
    if (node instanceof MappingNode) {
      Set<String> names = new HashSet<>();
      for (NodeTuple tuple : ((MappingNode) node).getValue()) {
        Node key = tuple.getKeyNode();
        if (key instanceof ScalarNode && !names.add(((ScalarNode) key).getValue())) {
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
