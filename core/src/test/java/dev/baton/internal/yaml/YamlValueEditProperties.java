package dev.baton.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.error.BatonException;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Random whole-value edits between two generated files: a value (scalar, block or flow
 * collection, any indentation) copied over another value or inserted as a new key, or an entry
 * removed. The result reads as the expected tree, the text before and after the edited lines is
 * unchanged, and the only refusals are the documented ones.
 */
class YamlValueEditProperties {
  private static final Yaml ORACLE = new Yaml(new SafeConstructor(new LoaderOptions()));

  record Pair(YamlEditProperties.Case target, YamlEditProperties.Case source) {
    @Override
    public String toString() {
      return "target:\n" + target + "\nsource:\n" + source;
    }
  }

  /** A value node with the expected-tree container and key or index that hold its value. */
  record Slot(Node node, Object holder, Object key) {}

  @Test
  void copiedInsertedAndRemovedValuesReadAsExpected() {
    Gen<YamlEditProperties.Case> cases = Gen.of(YamlEditProperties::generate);
    Property.forAll(cases.flatMap(t -> cases.map(s -> new Pair(t, s)))).runs(600)
        .shrinkBudget(0).verify(YamlValueEditProperties::check);
  }

  static void check(Pair pair) {
    YamlFile target = YamlFile.parse("target.yaml", pair.target().text(), YamlLimits.defaults());
    YamlFile source = YamlFile.parse("source.yaml", pair.source().text(), YamlLimits.defaults());
    List<Object> expected = copy(pair.target().expected());
    List<Slot> targets = slots(target, expected);
    List<Slot> sources = slots(source, copy(pair.source().expected()));
    Randomness r = Randomness.seeded(pair.target().editSeed());
    Slot from = sources.get(r.nextInt(0, sources.size() - 1));
    Object value = get(from);
    String text = target.text();
    String prefix;
    String suffix;
    YamlEditor editor = YamlEditor.of(target);
    int kind = r.nextInt(0, 2);
    List<Slot> maps = targets.stream()
        .filter(s -> s.node() instanceof MappingNode && !YamlFile.isFlow(s.node())).toList();
    if (kind == 1 && !maps.isEmpty()) {
      Slot map = maps.get(r.nextInt(0, maps.size() - 1));
      int at = target.lineEnd(target.end(map.node()));
      prefix = text.substring(0, at);
      suffix = text.substring(at);
      editor.insertEntry((MappingNode) map.node(), "new key 🆕", source, from.node());
      cast(get(map)).put("new key 🆕", value);
    } else if (kind == 2 && !maps.isEmpty()) {
      Slot map = maps.get(r.nextInt(0, maps.size() - 1));
      List<NodeTuple> entries = ((MappingNode) map.node()).getValue();
      NodeTuple entry = entries.get(r.nextInt(0, entries.size() - 1));
      String key = ((org.yaml.snakeyaml.nodes.ScalarNode) entry.getKeyNode()).getValue();
      editor.removeEntry((MappingNode) map.node(), key);
      cast(get(map)).remove(key);
      if (entries.size() == 1) {
        expectRefusal(editor, "only entry");
        return;
      }
      if (!target.firstOnLine(target.start(entry.getKeyNode()))) {
        expectRefusal(editor, "sequence item");
        return;
      }
      int start = target.lineStart(target.start(entry.getKeyNode()));
      int end = target.lineEnd(target.end(entry.getValueNode()));
      if (end == text.length()) {
        prefix = text.substring(0, start).replaceFirst("\r?\n$", "");
        suffix = "";
      } else {
        prefix = text.substring(0, start);
        suffix = text.substring(end).replaceFirst("^\r?\n", "");
      }
    } else {
      Slot to = targets.get(r.nextInt(0, targets.size() - 1));
      Node key = target.keyOf(to.node());
      prefix = text.substring(0, target.lineStart(key != null ? target.start(key)
          : target.start(to.node())));
      suffix = text.substring(target.end(to.node()));
      editor.replaceValue(to.node(), source, from.node());
      if (to.holder() instanceof Map) {
        cast(to.holder()).put((String) to.key(), value);
      } else {
        castList(to.holder()).set((Integer) to.key(), value);
      }
      if (YamlFile.isBlockCollection(from.node()) && textFollows(target, to.node())
          && endsInBlockScalar(source, from.node())) {
        expectRefusal(editor, "would take the comment in");
        return;
      }
      if (target.inFlow(to.node()) && YamlFile.isBlockCollection(from.node())) {
        expectRefusal(editor, "flow collection");
        return;
      }
    }
    String result = editor.apply();
    List<Object> read = new ArrayList<>();
    ORACLE.loadAll(result).forEach(d -> read.add(YamlEditProperties.normalize(d)));
    assertThat(read).as(result).isEqualTo(expected);
    assertThat(result).as("unchanged before the edit").startsWith(prefix);
    assertThat(result).as("unchanged after the edit").endsWith(suffix);
  }

  private static boolean textFollows(YamlFile file, Node node) {
    int end = file.end(node);
    return !file.text().substring(end, file.lineEnd(end)).isBlank();
  }

  // a block scalar whose text ends where the value's does
  private static boolean endsInBlockScalar(YamlFile file, Node value) {
    return anyNode(value, n -> n instanceof org.yaml.snakeyaml.nodes.ScalarNode
        && "|>".contains(String.valueOf(
            ((org.yaml.snakeyaml.nodes.ScalarNode) n).getScalarStyle().getChar()))
        && file.end(n) == file.end(value));
  }

  private static boolean anyNode(Node node, java.util.function.Predicate<Node> test) {
    if (test.test(node)) {
      return true;
    }
    if (node instanceof MappingNode) {
      return ((MappingNode) node).getValue().stream().anyMatch(t -> anyNode(t.getValueNode(), test));
    }
    if (node instanceof SequenceNode) {
      return ((SequenceNode) node).getValue().stream().anyMatch(n -> anyNode(n, test));
    }
    return false;
  }

  private static void expectRefusal(YamlEditor editor, String why) {
    try {
      editor.apply();
    } catch (BatonException e) {
      assertThat(e.getMessage()).contains(why);
      return;
    }
    throw new AssertionError("expected a refusal: " + why);
  }

  // every node under a document root (the roots too), with where its value sits
  private static List<Slot> slots(YamlFile file, List<Object> expected) {
    List<Slot> slots = new ArrayList<>();
    for (int d = 0; d < file.documents().size(); d++) {
      walk(file.documents().get(d), expected, d, slots);
    }
    return slots;
  }

  private static void walk(Node node, Object holder, Object key, List<Slot> slots) {
    Slot slot = new Slot(node, holder, key);
    slots.add(slot);
    Object value = get(slot);
    if (node instanceof MappingNode) {
      for (NodeTuple t : ((MappingNode) node).getValue()) {
        walk(t.getValueNode(), value,
            ((org.yaml.snakeyaml.nodes.ScalarNode) t.getKeyNode()).getValue(), slots);
      }
    } else if (node instanceof SequenceNode) {
      List<Node> items = ((SequenceNode) node).getValue();
      for (int i = 0; i < items.size(); i++) {
        walk(items.get(i), value, i, slots);
      }
    }
  }

  private static Object get(Slot slot) {
    return slot.holder() instanceof Map ? cast(slot.holder()).get(slot.key())
        : castList(slot.holder()).get((Integer) slot.key());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> castList(Object o) {
    return (List<Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static <T> T copy(T value) {
    if (value instanceof Map) {
      Map<String, Object> map = new LinkedHashMap<>();
      cast(value).forEach((k, v) -> map.put(k, copy(v)));
      return (T) map;
    }
    if (value instanceof List) {
      List<Object> list = new ArrayList<>();
      castList(value).forEach(v -> list.add(copy(v)));
      return (T) list;
    }
    return value;
  }
}
