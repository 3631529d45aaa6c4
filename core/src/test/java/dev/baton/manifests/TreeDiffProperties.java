package dev.baton.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.error.BatonException;
import dev.baton.internal.yaml.YamlFile;
import dev.baton.internal.yaml.YamlLimits;
import dev.baton.manifests.MoveRules.Verdict;
import dev.baton.manifests.TreeDiff.Delta;
import dev.baton.manifests.TreeDiff.Seg;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * {@link TreeDiff#between} gives what the walk it replaced gave (kept here as {@link Reference}:
 * a path list copied at every step): the same deltas in the same order, with equal paths and the
 * very same nodes and parents, on random pairs of similar documents (keys changed, added,
 * removed and reordered; lists by name and by position; flow styles; depth limits); and the
 * planner's {@link PromotionPlanner.WholeMappings} answers as the pass per question it replaced.
 */
class TreeDiffProperties {
  private static final String[] KEYS = {"image", "tag", "name", "a", "b-c", "x y", "\"<<\"",
      "port", "env", "list"};

  /** Two similar documents and a depth limit. */
  record Pair(String source, String target, int maxDepth) {}

  private static Pair draw(Randomness randomness) {
    Random random = new Random(randomness.nextLong());
    Object tree = mapping(random, 0);
    Object other = mutate(random, tree);
    int maxDepth = random.nextInt(4) == 0 ? random.nextInt(4) : 64;
    return new Pair(render(tree, random), render(other, random), maxDepth);
  }

  private static Map<String, Object> mapping(Random random, int depth) {
    Map<String, Object> out = new LinkedHashMap<>();
    int entries = random.nextInt(depth == 0 ? 6 : 4) + 1;
    for (int i = 0; i < entries; i++) {
      String key = KEYS[random.nextInt(KEYS.length)];
      out.put(out.containsKey(key) || random.nextInt(3) > 0 ? suffixed(key, i) : key,
          value(random, depth + 1));
    }
    return out;
  }

  // a key with a suffix; a quoted key keeps its quotes around both
  private static String suffixed(String key, Object suffix) {
    return key.startsWith("\"") ? key.substring(0, key.length() - 1) + suffix + "\""
        : key + suffix;
  }

  private static Object value(Random random, int depth) {
    int kind = depth >= 4 ? 0 : random.nextInt(5);
    if (kind == 0 || kind == 1) {
      return "v" + random.nextInt(4);
    }
    if (kind == 2) {
      return mapping(random, depth);
    }
    List<Object> items = new ArrayList<>();
    boolean named = kind == 3;
    for (int i = random.nextInt(4); i > 0; i--) {
      if (named) {
        Map<String, Object> item = random.nextInt(6) == 0 ? new LinkedHashMap<>()
            : mapping(random, depth + 1);
        if (random.nextInt(8) > 0) {
          item.put("name", "n" + random.nextInt(5));
        }
        items.add(item);
      } else {
        items.add(value(random, depth + 1));
      }
    }
    return items;
  }

  @SuppressWarnings("unchecked")
  private static Object mutate(Random random, Object value) {
    if (value instanceof Map<?, ?> map) {
      List<Map.Entry<String, Object>> entries =
          new ArrayList<>(((Map<String, Object>) map).entrySet());
      if (random.nextInt(6) == 0 && entries.size() > 1) {
        java.util.Collections.swap(entries, 0, entries.size() - 1);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Object> entry : entries) {
        int roll = random.nextInt(12);
        if (roll == 0) {
          continue;
        }
        out.put(entry.getKey(), roll < 6 ? entry.getValue() : mutate(random, entry.getValue()));
      }
      if (random.nextInt(6) == 0) {
        out.put(suffixed(KEYS[random.nextInt(KEYS.length)], "z"), value(random, 3));
      }
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object item : list) {
        if (random.nextInt(8) > 0) {
          out.add(random.nextBoolean() ? item : mutate(random, item));
        }
      }
      if (random.nextInt(6) == 0) {
        out.add(value(random, 3));
      }
      return out;
    }
    return random.nextInt(3) == 0 ? "w" + random.nextInt(3) : value;
  }

  private static String render(Object tree, Random random) {
    StringBuilder out = new StringBuilder();
    block(tree, out, 0, random);
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static void block(Object value, StringBuilder out, int indent, Random random) {
    Map<String, Object> map = (Map<String, Object>) value;
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      out.append(" ".repeat(indent)).append(entry.getKey()).append(':');
      Object child = entry.getValue();
      if (child instanceof String scalar) {
        out.append(' ').append(scalar).append('\n');
      } else if (random.nextInt(5) == 0 || isEmpty(child)) {
        out.append(' ').append(flow(child)).append('\n');
      } else if (child instanceof Map) {
        out.append('\n');
        block(child, out, indent + 2, random);
      } else {
        out.append('\n');
        for (Object item : (List<Object>) child) {
          if (item instanceof Map<?, ?> m && !m.isEmpty()) {
            out.append(" ".repeat(indent + 2)).append("-\n");
            block(item, out, indent + 4, random);
          } else {
            out.append(" ".repeat(indent + 2)).append("- ").append(flow(item)).append('\n');
          }
        }
      }
    }
  }

  private static boolean isEmpty(Object value) {
    return value instanceof Map<?, ?> m ? m.isEmpty() : value instanceof List<?> l && l.isEmpty();
  }

  private static String flow(Object value) {
    if (value instanceof Map<?, ?> map) {
      List<String> parts = new ArrayList<>();
      map.forEach((k, v) -> parts.add(k + ": " + flow(v)));
      return "{" + String.join(", ", parts) + "}";
    }
    if (value instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      list.forEach(item -> parts.add(flow(item)));
      return "[" + String.join(", ", parts) + "]";
    }
    return (String) value;
  }

  @Test
  void theWalkFindsWhatTheWalkItReplacedFound() {
    AtomicInteger compared = new AtomicInteger();
    AtomicInteger deltas = new AtomicInteger();
    Property.forAll(Gen.of(TreeDiffProperties::draw)).runs(3000).verify(pair -> {
      Node source;
      Node target;
      try {
        source = YamlFile.parse("a.yaml", pair.source(), YamlLimits.defaults()).documents()
            .get(0);
        target = YamlFile.parse("b.yaml", pair.target(), YamlLimits.defaults()).documents()
            .get(0);
      } catch (BatonException e) {
        return; // a key drawn twice: refused by the parser, never diffed
      }
      List<Delta> expected = Reference.between(source, target, pair.maxDepth());
      List<Delta> actual = TreeDiff.between(source, target, pair.maxDepth());
      assertThat(actual).hasSameSizeAs(expected);
      for (int i = 0; i < expected.size(); i++) {
        Delta e = expected.get(i);
        Delta a = actual.get(i);
        assertThat(a.path()).isEqualTo(e.path());
        assertThat(a.source()).isSameAs(e.source());
        assertThat(a.target()).isSameAs(e.target());
        assertThat(a.sourceParent()).isSameAs(e.sourceParent());
        assertThat(a.targetParent()).isSameAs(e.targetParent());
      }
      compared.incrementAndGet();
      deltas.addAndGet(expected.size());
    });
    // the property says something only if most pairs parse and differ
    assertThat(compared.get()).isGreaterThan(2000);
    assertThat(deltas.get()).isGreaterThan(2 * compared.get());
  }

  @Test
  void wholeMappingsAreDecidedAsOnePassPerQuestionDecidedThem() {
    AtomicInteger asked = new AtomicInteger();
    Property.forAll(Gen.of(TreeDiffProperties::draw)).runs(2000).verify(pair -> {
      Node source;
      Node target;
      try {
        source = YamlFile.parse("a.yaml", pair.source(), YamlLimits.defaults()).documents()
            .get(0);
        target = YamlFile.parse("b.yaml", pair.target(), YamlLimits.defaults()).documents()
            .get(0);
      } catch (BatonException e) {
        return;
      }
      List<Delta> deltas = TreeDiff.between(source, target, pair.maxDepth());
      // verdicts drawn from the pair's text, so that some mappings move wholly and some not
      Random random = new Random(pair.source().hashCode() * 31L + pair.target().hashCode());
      List<Verdict> verdicts = new ArrayList<>();
      for (int i = 0; i < deltas.size(); i++) {
        verdicts.add(new Verdict(random.nextInt(4) > 0, "r", false, false));
      }
      PromotionPlanner.WholeMappings wholes = new PromotionPlanner.WholeMappings(deltas,
          verdicts);
      List<Node> asks = new ArrayList<>();
      deltas.forEach(d -> asks.add(d.targetParent()));
      asks.add(target);
      asks.add(null);
      // each question twice, in the planner's order: the answers gathered once serve both
      for (int round = 0; round < 2; round++) {
        for (Node parent : asks) {
          assertThat(wholes.test(parent)).isEqualTo(wholeMapping(parent, deltas, verdicts));
          asked.incrementAndGet();
        }
      }
    });
    assertThat(asked.get()).isGreaterThan(10_000);
  }

  /** The planner's decision as it was made before: a pass over all deltas per question. */
  private static boolean wholeMapping(Node parent, List<Delta> deltas, List<Verdict> verdicts) {
    if (!(parent instanceof MappingNode mapping)) {
      return false;
    }
    boolean adds = false;
    boolean removes = false;
    for (int i = 0; i < deltas.size(); i++) {
      Delta delta = deltas.get(i);
      if (delta.targetParent() != parent) {
        continue;
      }
      if (!verdicts.get(i).moves()) {
        return false;
      }
      adds |= delta.target() == null;
      removes |= delta.source() == null;
    }
    return mapping.getFlowStyle() == DumperOptions.FlowStyle.FLOW && (adds || removes)
        || removes && (adds || mapping.getValue().size() == 1);
  }


  /** The walk as it was before its path became a stack: a new list at every step. */
  static final class Reference {
    private final int maxDepth;
    private final List<Delta> out = new ArrayList<>();

    private Reference(int maxDepth) {
      this.maxDepth = maxDepth;
    }

    static List<Delta> between(Node source, Node target, int maxDepth) {
      Reference diff = new Reference(maxDepth);
      diff.walk(source, target, List.of(), null, null, 0);
      return diff.out;
    }

    private void walk(Node s, Node t, List<Seg> path, Node sParent, Node tParent, int depth) {
      if (s == null && t == null) {
        return;
      }
      if (s == null || t == null || depth > maxDepth) {
        out.add(new Delta(path, s, t, sParent, tParent));
        return;
      }
      if (s instanceof MappingNode sm && t instanceof MappingNode tm && sameKeys(sm, tm)) {
        List<NodeTuple> st = sm.getValue();
        List<NodeTuple> tt = tm.getValue();
        for (int i = 0; i < tt.size(); i++) {
          String key = ((ScalarNode) tt.get(i).getKeyNode()).getValue();
          walk(st.get(i).getValueNode(), tt.get(i).getValueNode(), append(path, Seg.key(key)),
              sm, tm, depth + 1);
        }
      } else if (s instanceof MappingNode sm && t instanceof MappingNode tm) {
        Map<String, Node> sv = TreeDiff.entries(sm);
        Map<String, Node> tv = TreeDiff.entries(tm);
        Set<String> keys = new LinkedHashSet<>(tv.keySet());
        keys.addAll(sv.keySet());
        for (String key : keys) {
          walk(sv.get(key), tv.get(key), append(path, Seg.key(key)), sm, tm, depth + 1);
        }
      } else if (s instanceof SequenceNode ss && t instanceof SequenceNode ts) {
        if (TreeDiff.byName(ss) && TreeDiff.byName(ts)) {
          Map<String, Node> sv = named(ss);
          Map<String, Node> tv = named(ts);
          Set<String> names = new LinkedHashSet<>(tv.keySet());
          names.addAll(sv.keySet());
          for (String name : names) {
            walk(sv.get(name), tv.get(name), append(path, Seg.name(name)), ss, ts, depth + 1);
          }
        } else if (ss.getValue().size() == ts.getValue().size()) {
          for (int i = 0; i < ss.getValue().size(); i++) {
            walk(ss.getValue().get(i), ts.getValue().get(i), append(path, Seg.index(i)), ss,
                ts, depth + 1);
          }
        } else {
          out.add(new Delta(path, s, t, sParent, tParent));
        }
      } else if (s instanceof ScalarNode sc && t instanceof ScalarNode tc) {
        if (!Objects.equals(sc.getValue(), tc.getValue())) {
          out.add(new Delta(path, s, t, sParent, tParent));
        }
      } else {
        out.add(new Delta(path, s, t, sParent, tParent));
      }
    }

    private static boolean sameKeys(MappingNode source, MappingNode target) {
      List<NodeTuple> st = source.getValue();
      List<NodeTuple> tt = target.getValue();
      if (st.size() != tt.size()) {
        return false;
      }
      for (int i = 0; i < tt.size(); i++) {
        if (!(st.get(i).getKeyNode() instanceof ScalarNode sk)
            || !(tt.get(i).getKeyNode() instanceof ScalarNode tk)
            || !sk.getValue().equals(tk.getValue()) || tk.getValue().equals("<<")) {
          return false;
        }
      }
      return true;
    }

    private static Map<String, Node> named(SequenceNode list) {
      Map<String, Node> out = new LinkedHashMap<>();
      for (Node item : list.getValue()) {
        out.put(YamlFile.get(item, "name").flatMap(YamlFile::scalar).orElseThrow(), item);
      }
      return out;
    }

    private static List<Seg> append(List<Seg> path, Seg seg) {
      List<Seg> out = new ArrayList<>(path.size() + 1);
      out.addAll(path);
      out.add(seg);
      return List.copyOf(out);
    }
  }
}
