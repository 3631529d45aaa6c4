package dev.baton.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import java.util.ArrayList;
import java.util.List;
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
