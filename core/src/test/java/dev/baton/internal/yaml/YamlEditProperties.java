package dev.baton.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Random YAML texts (block and flow collections, every scalar style, comments, blank lines, CRLF,
 * several documents, emoji) with random scalar replacements: the result reads as the expected
 * tree and no byte outside the edited scalars moves.
 */
class YamlEditProperties {
  // plain texts a source may have written; each is a valid plain scalar in any context
  private static final List<String> PLAIN = List.of("hello", "hello world", "v1.2.3", "1.10",
      "42", "-7", "true", "no", "null", "~", "0x1F", "1e3", "3.0", "émoji😀", "a-b_c", "x.y/z",
      "2024-01-01T00", "");
  private static final List<String> TRICKY = List.of("1.10", "2024-01-01", "0o10", "0x1F",
      "1:20", "yes", "no", "on", "off", "y", "n", "true", "null", "~", ".inf", "1e3", "",
      "a: b", "a #b", "-x", "[x]", "{x}", "x,y", "it's", "say \"hi\"", "back\\slash",
      "two\nlines", "tab\there", " lead", "trail ", "😀 rocket 🚀", "#", "---", "...", "@x",
      "`x`", "%x", "ctl\u0001", "nel\u0085", "ls\u2028", "key:", "ok");
  private static final String ALPHABET = "ab z:#,'\"\\-[]{}\n\t😀é.1";

  private static final Yaml ORACLE = new Yaml(new SafeConstructor(new LoaderOptions()));

  /** A generated document set with its expected plain-Java trees. */
  record Case(String text, List<Object> expected, long editSeed) {
    @Override
    public String toString() {
      return text.replace("\r", "\\r").replace("\n", "\\n\n") + "\n(edit seed " + editSeed + ")";
    }
  }

  @Test
  void scalarReplacementsKeepEveryOtherByteAndReadAsExpected() {
    Property.forAll(Gen.of(YamlEditProperties::generate)).runs(1000).shrinkBudget(0)
        .verify(YamlEditProperties::check);
  }

  /**
   * {@link YamlEditor#apply(String)} gives the text {@link YamlEditor#apply()} gives, and the
   * text it was handed itself exactly when the two are equal: handed an equal copy, the text
   * before the edits, the result with one character changed (same length) and with one added.
   */
  @Test
  void anEqualLikelyTextIsGivenBackItself() {
    Property.forAll(Gen.of(YamlEditProperties::generate)).runs(500).shrinkBudget(0).verify(c -> {
      YamlFile file = YamlFile.parse("gen.yaml", c.text(), YamlLimits.defaults());
      List<ScalarNode> scalars = new ArrayList<>();
      for (Node root : file.documents()) {
        if (root != null) {
          valueScalars(root, scalars);
        }
      }
      Randomness r = Randomness.seeded(c.editSeed());
      List<ScalarNode> chosen = new ArrayList<>();
      List<ScalarText> values = new ArrayList<>();
      for (int i = 0; i < Math.min(scalars.size(), r.nextInt(0, 3)); i++) {
        chosen.add(scalars.remove(r.nextInt(0, scalars.size() - 1)));
        values.add(new ScalarText(PLAIN.get(r.nextInt(0, PLAIN.size() - 1)), true));
      }
      String plain = edited(file, chosen, values).apply();
      char[] changed = plain.toCharArray();
      if (changed.length > 0) {
        changed[changed.length / 2] = changed[changed.length / 2] == 'x' ? 'y' : 'x';
      }
      for (String likely : List.of(new String(plain.toCharArray()), c.text(),
          new String(changed), plain + " ")) {
        String result = edited(file, chosen, values).apply(likely);
        assertThat(result).isEqualTo(plain);
        assertThat(result == likely).as(likely).isEqualTo(likely.equals(plain));
      }
    });
  }

  private static YamlEditor edited(YamlFile file, List<ScalarNode> nodes,
      List<ScalarText> values) {
    YamlEditor editor = YamlEditor.of(file);
    for (int i = 0; i < nodes.size(); i++) {
      editor.replaceScalar(nodes.get(i), values.get(i));
    }
    return editor;
  }

  // every scalar that is no mapping key, in the order of the text
  private static void valueScalars(Node node, List<ScalarNode> out) {
    if (node instanceof ScalarNode scalar) {
      out.add(scalar);
    } else if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        valueScalars(tuple.getValueNode(), out);
      }
    } else if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        valueScalars(item, out);
      }
    }
  }

  static void check(Case c) {
    assertThat(normalize(load(c.text()))).as("generator sanity").isEqualTo(c.expected());
    YamlFile file = YamlFile.parse("gen.yaml", c.text(), YamlLimits.defaults());
    List<Object> expected = deepCopy(c.expected());
    List<Object[]> slots = new ArrayList<>();
    for (int d = 0; d < file.documents().size(); d++) {
      collect(file.documents().get(d), expected, d, slots);
    }
    Randomness r = Randomness.seeded(c.editSeed());
    YamlEditor editor = YamlEditor.of(file);
    List<ScalarNode> edited = new ArrayList<>();
    int edits = Math.min(slots.size(), r.nextInt(1, 4));
    for (int i = 0; i < edits; i++) {
      Object[] slot = slots.remove(r.nextInt(0, slots.size() - 1));
      ScalarNode node = (ScalarNode) slot[0];
      ScalarText value = r.nextBoolean()
          ? new ScalarText(PLAIN.get(r.nextInt(0, PLAIN.size() - 1)), true)
          : new ScalarText(r.nextBoolean() ? TRICKY.get(r.nextInt(0, TRICKY.size() - 1))
              : randomString(r), false);
      Object now = node.getScalarStyle() == ScalarStyle.PLAIN && value.plain()
          ? normalize(ORACLE.load(value.value())) : value.value();
      set(slot[1], slot[2], now);
      editor.replaceScalar(node, value);
      edited.add(node);
    }
    String result = editor.apply();
    assertThat(normalize(load(result))).as(result).isEqualTo(expected);
    YamlFile after = YamlFile.parse("gen.yaml", result, YamlLimits.defaults());
    edited.sort(Comparator.comparingInt(file::start));
    int fromOld = 0;
    int fromNew = 0;
    for (ScalarNode node : edited) {
      Node now = NodePath.resolve(after, NodePath.of(file, node));
      assertThat(result.substring(fromNew, after.start(now)))
          .isEqualTo(c.text().substring(fromOld, file.start(node)));
      fromOld = file.end(node);
      fromNew = after.end(now);
    }
    assertThat(result.substring(fromNew)).isEqualTo(c.text().substring(fromOld));
  }

  // pairs every non-key scalar with the container in the expected tree that holds its value
  @SuppressWarnings("unchecked")
  private static void collect(Node node, Object holder, Object slot, List<Object[]> slots) {
    Object value = holder instanceof Map ? ((Map<String, Object>) holder).get(slot)
        : ((List<Object>) holder).get((Integer) slot);
    if (node instanceof ScalarNode) {
      slots.add(new Object[] {node, holder, slot});
    } else if (node instanceof MappingNode) {
      for (NodeTuple t : ((MappingNode) node).getValue()) {
        collect(t.getValueNode(), value, ((ScalarNode) t.getKeyNode()).getValue(), slots);
      }
    } else {
      List<Node> items = ((SequenceNode) node).getValue();
      for (int i = 0; i < items.size(); i++) {
        collect(items.get(i), value, i, slots);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void set(Object holder, Object slot, Object value) {
    if (holder instanceof Map) {
      ((Map<String, Object>) holder).put((String) slot, value);
    } else {
      ((List<Object>) holder).set((Integer) slot, value);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T deepCopy(T value) {
    if (value == null || (!(value instanceof Map) && !(value instanceof List))) {
      return value;
    }
    Object copy;
    if (value instanceof Map) {
      Map<String, Object> map = new LinkedHashMap<>();
      ((Map<String, Object>) value).forEach((k, v) -> map.put(k, deepCopy(v)));
      copy = map;
    } else {
      List<Object> list = new ArrayList<>();
      ((List<Object>) value).forEach(v -> list.add(deepCopy(v)));
      copy = list;
    }
    return (T) copy;
  }

  private static List<Object> load(String text) {
    List<Object> docs = new ArrayList<>();
    ORACLE.loadAll(text).forEach(docs::add);
    return docs;
  }

  @SuppressWarnings("unchecked")
  static Object normalize(Object value) {
    if (value instanceof Map) {
      Map<String, Object> map = new LinkedHashMap<>();
      ((Map<Object, Object>) value).forEach((k, v) -> map.put(String.valueOf(k), normalize(v)));
      return map;
    }
    if (value instanceof List) {
      List<Object> list = new ArrayList<>();
      ((List<Object>) value).forEach(v -> list.add(normalize(v)));
      return list;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
      return ((Number) value).longValue();
    }
    return value;
  }

  private static String randomString(Randomness r) {
    StringBuilder out = new StringBuilder();
    int n = r.nextInt(0, 8);
    int[] cps = ALPHABET.codePoints().toArray();
    for (int i = 0; i < n; i++) {
      out.appendCodePoint(cps[r.nextInt(0, cps.length - 1)]);
    }
    return out.toString();
  }

  // ---- generation ----

  static Case generate(Randomness r) {
    YamlTextGenerator g = new YamlTextGenerator(r);
    String text = g.documents();
    return new Case(text, g.expected(), r.nextLong());
  }
}
