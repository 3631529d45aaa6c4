package dev.baton.internal.yaml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
  private NodePath() {}

  /** The node's path in the file, or null when it is a key or not reachable by keys. */
  static List<Object> of(YamlFile file, Node node) {
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

  /** The node at {@code path} in {@code file}, or null. */
  static Node resolve(YamlFile file, List<Object> path) {
    int document = (Integer) path.get(0);
    if (document >= file.documents().size()) {
      return null;
    }
    Node node = file.documents().get(document);
    for (int i = 1; i < path.size() && node != null; i++) {
      Object step = path.get(i);
      if (step instanceof String) {
        node = YamlFile.get(node, (String) step).orElse(null);
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
