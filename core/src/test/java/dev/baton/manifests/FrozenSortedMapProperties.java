package dev.baton.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A map made by {@link FrozenSortedMap#ofSorted}, which reads its arrays, answers every question
 * as the frozen {@code TreeMap} it used to build from them ({@link FrozenSortedMap#owning})
 * answers it: size, look-ups of keys
 * held and not held (and of null and of a key of another type, which fail alike), first and
 * last keys, the entries, keys and values in order, sub-maps, equality both ways, hash code and
 * text, and the refusal of every change. The maps are random runs of sorted distinct keys
 * (empty, one, many; keys sharing long prefixes, as a values file's paths do, and non-Latin-1
 * keys), with null values among them.
 */
class FrozenSortedMapProperties {
  private static final String[] PARTS = {"values.yaml:", "config.", "section", "key", "1", "2",
      "10", "[0]", "[\"a.b\"]", ".", "é", "\u4e2d", "Z", "a", ""};

  /** Sorted distinct keys, their values, and keys to ask about. */
  record Case(String[] keys, String[] values, List<String> asked) {
    @Override
    public String toString() {
      return java.util.Arrays.toString(keys) + " -> " + java.util.Arrays.toString(values)
          + ", asked " + asked;
    }
  }

  private static final Gen<Case> CASES = Gen.of(FrozenSortedMapProperties::draw);

  private static Case draw(Randomness random) {
    TreeMap<String, String> map = new TreeMap<>();
    int size = random.nextInt(0, 3) == 0 ? random.nextInt(0, 3) : random.nextInt(0, 60);
    List<String> asked = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String key = key(random);
      map.put(key, random.nextInt(0, 8) == 0 ? null : "v" + random.nextInt(0, 5));
    }
    for (int i = 0; i < 20; i++) {
      asked.add(key(random));
    }
    asked.addAll(map.keySet());
    // arrays longer than the map, as a caller may pass (only the first size entries count)
    int extra = random.nextInt(0, 3);
    String[] keys = new String[map.size() + extra];
    String[] values = new String[map.size() + extra];
    int at = 0;
    for (Map.Entry<String, String> entry : map.entrySet()) {
      keys[at] = entry.getKey();
      values[at++] = entry.getValue();
    }
    for (int i = at; i < keys.length; i++) {
      keys[i] = "zzz-not-in-the-map-" + i;
      values[i] = "extra";
    }
    return new Case(keys, values, asked);
  }

  private static String key(Randomness random) {
    StringBuilder out = new StringBuilder();
    int parts = random.nextInt(0, 6);
    for (int p = 0; p < parts; p++) {
      out.append(PARTS[random.nextInt(0, PARTS.length - 1)]);
    }
    return out.toString();
  }

  private static int size(Case c) {
    int size = 0;
    while (size < c.keys().length && !c.keys()[size].startsWith("zzz-not-in-the-map-")) {
      size++;
    }
    return size;
  }

  /** The way the map was made before: a TreeMap built from the run, frozen as it was. */
  private static SortedMap<String, String> treeMap(Case c) {
    TreeMap<String, String> tree = new TreeMap<>();
    for (int i = 0; i < size(c); i++) {
      tree.put(c.keys()[i], c.values()[i]);
    }
    return FrozenSortedMap.owning(tree);
  }

  @Test
  void readsAsTheFrozenTreeMap() {
    Property.forAll(CASES).runs(3_000).verify(c -> {
      SortedMap<String, String> arrays = FrozenSortedMap.ofSorted(c.keys(), c.values(), size(c));
      SortedMap<String, String> tree = treeMap(c);
      assertThat(arrays.size()).isEqualTo(tree.size());
      assertThat(arrays.isEmpty()).isEqualTo(tree.isEmpty());
      assertThat(arrays.comparator()).isNull();
      for (String key : c.asked()) {
        assertThat(arrays.get(key)).as(key).isEqualTo(tree.get(key));
        assertThat(arrays.containsKey(key)).as(key).isEqualTo(tree.containsKey(key));
      }
      sameFailure(arrays, tree, m -> m.get(null));
      sameFailure(arrays, tree, m -> m.containsKey(null));
      sameFailure(arrays, tree, m -> m.get(42));
      sameFailure(arrays, tree, m -> m.containsKey(42));
      sameFailure(arrays, tree, SortedMap::firstKey);
      sameFailure(arrays, tree, SortedMap::lastKey);
      assertThat(arrays.containsValue("v1")).isEqualTo(tree.containsValue("v1"));
      assertThat(arrays.containsValue(null)).isEqualTo(tree.containsValue(null));
      assertThat(new ArrayList<>(arrays.entrySet())).isEqualTo(new ArrayList<>(tree.entrySet()));
      assertThat(new ArrayList<>(arrays.keySet())).isEqualTo(new ArrayList<>(tree.keySet()));
      assertThat(new ArrayList<>(arrays.values())).isEqualTo(new ArrayList<>(tree.values()));
      assertThat(arrays.keySet()).isEqualTo(tree.keySet());
      assertThat(arrays.entrySet()).isEqualTo(tree.entrySet());
      assertThat(arrays.keySet().containsAll(c.asked()))
          .isEqualTo(tree.keySet().containsAll(c.asked()));
      assertThat(arrays).isEqualTo(tree);
      assertThat(tree).isEqualTo(arrays);
      assertThat(arrays.hashCode()).isEqualTo(tree.hashCode());
      assertThat(arrays.toString()).isEqualTo(tree.toString());
      String from = c.asked().get(0);
      String to = c.asked().get(1);
      if (from.compareTo(to) <= 0) {
        assertThat(arrays.subMap(from, to)).isEqualTo(tree.subMap(from, to));
      }
      assertThat(arrays.headMap(to)).isEqualTo(tree.headMap(to));
      assertThat(arrays.tailMap(from)).isEqualTo(tree.tailMap(from));
      // after the sub-maps made its TreeMap, the arrays still answer alike
      assertThat(arrays).isEqualTo(tree);
      for (String key : c.asked()) {
        assertThat(arrays.get(key)).as(key).isEqualTo(tree.get(key));
      }
    });
  }

  @Test
  void refusesEveryChangeAsTheFrozenTreeMap() {
    Property.forAll(CASES).runs(500).verify(c -> {
      SortedMap<String, String> arrays = FrozenSortedMap.ofSorted(c.keys(), c.values(), size(c));
      SortedMap<String, String> tree = treeMap(c);
      String absent = "not a key \u0000";
      String held = size(c) == 0 ? absent : c.keys()[0];
      sameFailure(arrays, tree, m -> m.put(held, "x"));
      sameFailure(arrays, tree, m -> m.remove(held));
      sameFailure(arrays, tree, m -> m.keySet().remove(absent));
      sameFailure(arrays, tree, m -> m.keySet().remove(held));
      sameFailure(arrays, tree, m -> m.values().remove("v1"));
      sameFailure(arrays, tree, m -> m.entrySet().remove(Map.entry(held, "v1")));
      sameFailure(arrays, tree, m -> {
        m.entrySet().clear();
        return null;
      });
      sameFailure(arrays, tree, m -> {
        m.keySet().clear();
        return null;
      });
      sameFailure(arrays, tree, m -> {
        m.values().clear();
        return null;
      });
      sameFailure(arrays, tree, m -> {
        Iterator<Map.Entry<String, String>> it = m.entrySet().iterator();
        if (it.hasNext()) {
          it.next().setValue("x");
        }
        return null;
      });
      sameFailure(arrays, tree, m -> {
        Iterator<String> it = m.keySet().iterator();
        if (it.hasNext()) {
          it.next();
          it.remove();
        }
        return null;
      });
      assertThat(arrays).isEqualTo(tree);
    });
  }

  // both answer the same, or both throw the same type of exception
  private static void sameFailure(SortedMap<String, String> arrays,
      SortedMap<String, String> tree, Function<SortedMap<String, String>, Object> question) {
    Object[] answers = new Object[2];
    Throwable arraysFailed = catchThrowable(() -> answers[0] = question.apply(arrays));
    Throwable treeFailed = catchThrowable(() -> answers[1] = question.apply(tree));
    assertThat(arraysFailed == null ? null : arraysFailed.getClass())
        .isEqualTo(treeFailed == null ? null : treeFailed.getClass());
    assertThat(answers[0]).isEqualTo(answers[1]);
  }
}
