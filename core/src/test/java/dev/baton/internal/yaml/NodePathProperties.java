package dev.baton.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * {@link NodePath#of} (which searches a file without aliases from the documents down, by
 * position) against every node's path as a walk from the documents names it, on random files
 * (block and flow collections, quoted, literal and empty scalars, comments, several documents,
 * CRLF, non-BMP text); and with aliases, where it walks up from the parents.
 */
class NodePathProperties {

  @Test
  void everyNodesPathIsWhereTheWalkFindsIt() {
    Property.forAll(Gen.of(YamlEditProperties::generate)).runs(1_000).shrinkBudget(0)
        .verify(c -> check(YamlFile.parse("gen.yaml", c.text(), YamlLimits.defaults())));
  }

  @Test
  void emptyValuesAndSequenceItemsBesideTheNextKey() {
    check(YamlFile.parse("e.yaml", "a:\nb:\n  c:\n  d: [1, {e: }, ]\nf:\n- \n-\n- g:\n"
        + "  -\nh: !!str x\n", YamlLimits.defaults()));
    check(YamlFile.parse("e.yaml", "---\n---\nx: 1\n---\n- - \n  - y\n", YamlLimits.defaults()));
  }

  @Test
  void withAliasesThePathsComeFromTheParents() {
    YamlFile file = YamlFile.parse("a.yaml", "base: &b\n  x: 1\nother:\n  y: 2\nz: *b\n",
        YamlLimits.defaults());
    Node other = YamlFile.get(file.documents().get(0), "other").orElseThrow();
    Node y = YamlFile.get(other, "y").orElseThrow();
    assertThat(NodePath.of(file, y)).containsExactly(0, "other", "y");
  }

  @Test
  void pathsResolveThroughTheKeyIndexAsByScanning() {
    Property.forAll(Gen.of(YamlEditProperties::generate)).runs(500).shrinkBudget(0)
        .verify(c -> resolvesAlike(YamlFile.parse("gen.yaml", c.text(), YamlLimits.defaults())));
    // mappings below, at and above the size that is indexed, each passed by many paths
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < 40; k++) {
      text.append("k").append(k).append(":\n");
      for (int j = 0; j < k % 20; j++) {
        text.append("  j").append(j).append(": v").append(k).append('-').append(j).append('\n');
      }
      if (k % 20 == 0) {
        text.append("  j: [a, {b: c}]\n");
      }
    }
    resolvesAlike(YamlFile.parse("big.yaml", text.toString(), YamlLimits.defaults()));
  }

  // every node's path resolves to it with and without one key index shared by all the paths
  private static void resolvesAlike(YamlFile file) {
    Map<Node, Map<String, Node>> keys = new IdentityHashMap<>();
    for (int round = 0; round < 2; round++) {
      List<Node> nodes = new ArrayList<>();
      for (Node root : file.documents()) {
        collect(root, nodes);
      }
      for (Node node : nodes) {
        List<Object> path = NodePath.of(file, node);
        if (path != null) {
          assertThat(NodePath.resolve(file, path, keys)).isSameAs(node);
          assertThat(NodePath.resolve(file, path)).isSameAs(node);
        }
      }
    }
  }

  private static void collect(Node node, List<Node> out) {
    if (node == null) {
      return;
    }
    out.add(node);
    if (node instanceof MappingNode mapping) {
      mapping.getValue().forEach(tuple -> collect(tuple.getValueNode(), out));
    } else if (node instanceof SequenceNode sequence) {
      sequence.getValue().forEach(item -> collect(item, out));
    }
  }

  private static void check(YamlFile file) {
    for (int d = 0; d < file.documents().size(); d++) {
      Node root = file.documents().get(d);
      if (root != null) {
        List<Object> path = new ArrayList<>();
        path.add(d);
        walk(file, root, path);
      }
    }
  }

  // path: where the walk found the node; null below a key that is not a scalar
  private static void walk(YamlFile file, Node node, List<Object> path) {
    assertThat(NodePath.of(file, node)).as("path of the node at line %d of%n%s",
        file.line(node), file.text()).isEqualTo(path);
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        assertThat(NodePath.of(file, tuple.getKeyNode())).as("a key has no path").isNull();
        List<Object> child = null;
        if (path != null && tuple.getKeyNode() instanceof ScalarNode key) {
          child = new ArrayList<>(path);
          child.add(key.getValue());
        }
        walk(file, tuple.getValueNode(), child);
      }
    } else if (node instanceof SequenceNode sequence) {
      for (int i = 0; i < sequence.getValue().size(); i++) {
        List<Object> child = null;
        if (path != null) {
          child = new ArrayList<>(path);
          child.add(i);
        }
        walk(file, sequence.getValue().get(i), child);
      }
    }
  }
}
