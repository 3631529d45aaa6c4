package dev.baton.internal.yaml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where a node sits (document index, then mapping keys and sequence indices), so the same node
 * can be found again in the edited text. Stateless.
 */
final class NodePath {
  // a mapping with more entries than this is looked up by a hash map when resolving many paths;
  // a smaller one is scanned, as cheap as hashing the key, and not remembered at all (most
  // mappings of a values file are small, and most are passed by one edited path)
  private static final int INDEXED_KEYS = 16;

  private NodePath() {}

  // each scalar key's value, the first entry's for a key written twice (as YamlFile.get)
  private static Map<String, Node> byKey(Node mapping) {
    List<NodeTuple> tuples = ((MappingNode) mapping).getValue();
    Map<String, Node> out = new HashMap<>(2 * tuples.size());
    for (NodeTuple tuple : tuples) {
      if (tuple.getKeyNode() instanceof ScalarNode key) {
        out.putIfAbsent(key.getValue(), tuple.getValueNode());
      }
    }
    return out;
  }

  // A mapping is indexed when a second path passes through it: resolving one path through a
  // mapping scans it once, which costs less than hashing all its keys.
  private static Node indexed(Map<Node, Map<String, Node>> keys, MappingNode mapping,
      String key) {
    Map<String, Node> index = keys.get(mapping);
    if (index == null) {
      keys.put(mapping, Collections.emptyMap());
      return YamlFile.get(mapping, key).orElse(null);
    }
    if (index.isEmpty()) {
      index = byKey(mapping);
      keys.put(mapping, index);
    }
    return index.get(key);
  }

  /** The node's path in the file, or null when it is a key or not reachable by keys. */
  static List<Object> of(YamlFile file, Node node) {
    if (!file.hasAliases()) {
      List<Object> found = descend(file, node);
      if (found != null) {
        return found;
      }
    }
    List<Object> path = new ArrayList<>();
    Node child = node;
    Node parent = file.parent(child);
    while (parent != null) {
      if (parent instanceof MappingNode) {
        Object key = null;
        for (NodeTuple tuple : ((MappingNode) parent).getValue()) {
          if (tuple.getValueNode() == child && tuple.getKeyNode() instanceof ScalarNode) {
            key = ((ScalarNode) tuple.getKeyNode()).getValue();
            break;
          }
        }
        if (key == null) {
          return null;
        }
        path.add(key);
      } else {
        List<Node> items = ((SequenceNode) parent).getValue();
        int index = -1;
        for (int i = 0; i < items.size(); i++) {
          if (items.get(i) == child) {
            index = i;
            break;
          }
        }
        path.add(index);
      }
      child = parent;
      parent = file.parent(child);
    }
    int document = -1;
    for (int i = 0; i < file.documents().size(); i++) {
      if (file.documents().get(i) == child) {
        document = i;
      }
    }
    if (document < 0) {
      return null;
    }
    path.add(document);
    Collections.reverse(path);
    return path;
  }

  /**
   * The path found from the documents down, or null when this search does not reach the node
   * itself (then {@link #of} walks up from its parents, which an edit of a file without
   * aliases rarely needs: they cost a map of every node). Without aliases each node has one
   * place, inside its parent's text, and the keys of a mapping and the items of a sequence
   * start in text order: the node lies under the last child starting at or before it.
   */
  private static List<Object> descend(YamlFile file, Node node) {
    int at = node.getStartMark().getIndex();
    List<Node> documents = file.documents();
    for (int d = documents.size() - 1; d >= 0; d--) {
      Node root = documents.get(d);
      if (root == null || root.getStartMark().getIndex() > at) {
        continue;
      }
      List<Object> path = new ArrayList<>();
      path.add(d);
      Node current = root;
      while (current != node) {
        if (current instanceof MappingNode mapping) {
          List<NodeTuple> tuples = mapping.getValue();
          int t = lastStartingBy(tuples.size(), i -> tuples.get(i).getKeyNode(), at);
          if (t < 0 || !(tuples.get(t).getKeyNode() instanceof ScalarNode key)) {
            return null;
          }
          path.add(key.getValue());
          current = tuples.get(t).getValueNode();
        } else if (current instanceof SequenceNode sequence) {
          List<Node> items = sequence.getValue();
          int t = lastStartingBy(items.size(), items::get, at);
          if (t < 0) {
            return null;
          }
          path.add(t);
          current = items.get(t);
        } else {
          return null;
        }
      }
      return path;
    }
    return null;
  }

  // the last of n children (in text order) that starts at or before index at; -1 when none
  private static int lastStartingBy(int n, IntFunction<Node> child, int at) {
    int low = 0;
    int high = n - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (child.apply(mid).getStartMark().getIndex() <= at) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  /** The node at {@code path} in {@code file}, or null. */
  static Node resolve(YamlFile file, List<Object> path) {
    return resolve(file, path, null);
  }

  /**
   * As {@link #resolve(YamlFile, List)}, looking keys of large mappings up in {@code keys}
   * (filled as mappings are met; for one file only), so that resolving one path per entry of a
   * mapping does not scan the mapping once per entry.
   */
  static Node resolve(YamlFile file, List<Object> path, Map<Node, Map<String, Node>> keys) {
    int document = (Integer) path.get(0);
    if (document >= file.documents().size()) {
      return null;
    }
    Node node = file.documents().get(document);
    for (int i = 1; i < path.size() && node != null; i++) {
      Object step = path.get(i);
      if (step instanceof String) {
        node = keys != null && node instanceof MappingNode mapping
            && mapping.getValue().size() > INDEXED_KEYS
            ? indexed(keys, mapping, (String) step)
            : YamlFile.get(node, (String) step).orElse(null);
      } else if (node instanceof SequenceNode
          && (Integer) step < ((SequenceNode) node).getValue().size()) {
        node = ((SequenceNode) node).getValue().get((Integer) step);
      } else {
        node = null;
      }
    }
    return node;
  }
}
