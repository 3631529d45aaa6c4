package dev.baton.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentPaths;
import dev.baton.model.Revision;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.Spliterator;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link EnvironmentFiles#files()}, which keeps its files in one sorted array, against what it
 * kept before: a read-only view of a {@code TreeMap} the files were put into one by one in the
 * given map's order. Random files (some paths refused, some contents null) given in maps of
 * every kind the constructor meets: in path order, in another order, with a comparator that
 * merges paths, and another {@code EnvironmentFiles}' own files. Every read, view, range,
 * look-up (null and foreign keys included) and change is made on both and must give the same
 * answer or fail the same way.
 *
 * <p>Here and not in spi's tests because the seeded harness (testkit) depends on spi; the
 * in-memory repository keeps one such map per revision.
 */
class EnvironmentFilesProperties {
  private static final int ORDER_FLAGS =
      Spliterator.ORDERED | Spliterator.SORTED | Spliterator.DISTINCT;

  private static final EnvironmentName DEV = EnvironmentName.of("dev");
  private static final Revision R1 = Revision.of("r1");
  private static final List<String> SEGMENTS = List.of("a", "b", "B", "a.yaml", "values.yaml",
      "ä", "z-1");
  private static final List<String> REFUSED = List.of("", "/a", "a/../b", "a//b", "..", "a\\b");

  /** The files as given to the constructor, and how they were given. */
  record Case(String kind, SortedMap<String, String> given, List<String> probes) {}

  @Test
  void filesAnswerAsAReadOnlyTreeOfTheSameFilesDoes() {
    int[] built = new int[1];
    Property.forAll(Gen.of(EnvironmentFilesProperties::draw)).runs(2_000).verify(c -> {
      Object expected = outcome(() -> straightforward(c.given()));
      Object actual = outcome(() -> new EnvironmentFiles(DEV, R1, c.given()));
      if (expected instanceof Failure || actual instanceof Failure) {
        assertThat(actual).isEqualTo(expected);
        return;
      }
      built[0]++;
      @SuppressWarnings("unchecked")
      SortedMap<String, String> plain = (SortedMap<String, String>) expected;
      EnvironmentFiles compact = (EnvironmentFiles) actual;
      compare(c, plain, compact.files());
      assertThat(compact).isEqualTo(new EnvironmentFiles(DEV, R1, new TreeMap<>(plain)))
          .hasSameHashCodeAs(new EnvironmentFiles(DEV, R1, new TreeMap<>(plain)));
      // files already kept in this form are taken as they are
      EnvironmentFiles again = new EnvironmentFiles(DEV, Revision.of("r2"), compact.files());
      assertThat(again.files()).isSameAs(compact.files());
      compare(c, plain, again.files());
    });
    // most cases are built, not refused
    assertThat(built[0]).isGreaterThan(1_200);
  }

  /** The constructor as it was: a tree the files are put into, wrapped read-only. */
  private static SortedMap<String, String> straightforward(SortedMap<String, String> given) {
    TreeMap<String, String> copy = new TreeMap<>();
    given.forEach((path, content) -> copy.put(EnvironmentPaths.requireInside(path),
        Arguments.notNull(content, "content")));
    return Collections.unmodifiableSortedMap(copy);
  }

  private static void compare(Case c, SortedMap<String, String> plain,
      SortedMap<String, String> compact) {
    List<Function<SortedMap<String, String>, Object>> reads = new ArrayList<>(List.of(
        Map::size, Map::isEmpty, Map::hashCode, Object::toString, SortedMap::comparator,
        SortedMap::firstKey, SortedMap::lastKey,
        m -> new ArrayList<>(m.keySet()), m -> new ArrayList<>(m.values()),
        m -> entries(m.entrySet().iterator()), m -> m.keySet().size(), m -> m.values().size(),
        // what streams of the views take for order (a parallel stream keeps path order by it);
        // the size flags and the entries' SORTED (by a key comparator) say nothing to a stream
        m -> m.keySet().spliterator().characteristics() & ORDER_FLAGS,
        m -> m.values().spliterator().characteristics() & ORDER_FLAGS,
        m -> m.entrySet().spliterator().characteristics() & (ORDER_FLAGS & ~Spliterator.SORTED),
        m -> m.keySet().parallelStream().collect(Collectors.toList()),
        m -> m.values().parallelStream().collect(Collectors.toList()),
        m -> m.entrySet().size(), m -> m.keySet().hashCode(), m -> m.entrySet().hashCode(),
        m -> m.equals(plain), m -> m.equals(compact), m -> m.equals(new TreeMap<>(plain)),
        m -> m.equals(Map.of()), m -> m.equals(null), m -> m.equals("x"), m -> {
          // as many files, under keys a string cannot be compared with
          TreeMap<Integer, String> numbers = new TreeMap<>();
          for (int i = 0; i < m.size(); i++) {
            numbers.put(i, "x");
          }
          return m.equals(numbers);
        },
        m -> m.get(null), m -> m.containsKey(null), m -> m.get(1), m -> m.containsKey(1),
        m -> m.containsValue(null), m -> m.keySet().contains(null),
        m -> m.entrySet().contains(new AbstractMap.SimpleEntry<>(null, "x")),
        m -> m.entrySet().contains("x"), m -> m.getOrDefault("nothing", "d"),
        m -> m.subMap("b", "a"), m -> m.headMap(null), m -> m.tailMap(null),
        // every change is refused, also one that would change nothing
        m -> m.put("a", "a"), m -> m.remove("nothing"), m -> {
          m.clear();
          return null;
        }, m -> {
          m.putAll(Map.of());
          return null;
        }, m -> m.putIfAbsent("a", "a"), m -> m.replace("nothing", "x"),
        m -> m.replace("nothing", "x", "y"), m -> m.remove("nothing", "x"),
        m -> m.computeIfAbsent("a", k -> k), m -> m.computeIfPresent("nothing", (k, v) -> v),
        m -> m.compute("a", (k, v) -> v), m -> m.merge("a", "a", (x, y) -> x), m -> {
          m.replaceAll((k, v) -> v);
          return null;
        }, m -> m.keySet().remove("nothing"), m -> m.values().remove("nothing"),
        m -> m.entrySet().removeIf(e -> false), m -> {
          m.keySet().clear();
          return null;
        }, m -> {
          Iterator<String> walk = m.keySet().iterator();
          walk.next();
          walk.remove();
          return null;
        }, m -> m.entrySet().iterator().next().setValue("x"),
        m -> m.headMap("m").put("a", "a")));
    for (String probe : c.probes()) {
      reads.add(m -> m.get(probe));
      reads.add(m -> m.containsKey(probe));
      reads.add(m -> m.containsValue(probe));
      reads.add(m -> m.keySet().contains(probe));
      reads.add(m -> m.values().contains(probe));
      reads.add(m -> m.entrySet().contains(Map.entry(probe, probe)));
      reads.add(m -> m.entrySet().contains(Map.entry(probe, String.valueOf(m.get(probe)))));
      reads.add(m -> m.headMap(probe));
      reads.add(m -> m.tailMap(probe));
      reads.add(m -> new ArrayList<>(m.tailMap(probe).keySet()));
      for (String to : c.probes()) {
        reads.add(m -> m.subMap(probe, to));
      }
    }
    for (int i = 0; i < reads.size(); i++) {
      Function<SortedMap<String, String>, Object> read = reads.get(i);
      assertThat(outcome(() -> read.apply(compact)))
          .as("read %d of %s", i, c).isEqualTo(outcome(() -> read.apply(plain)));
    }
    compact.forEach((path, content) -> assertThat(plain.get(path)).isSameAs(content));
  }

  private static List<List<String>> entries(Iterator<Map.Entry<String, String>> walk) {
    List<List<String>> entries = new ArrayList<>();
    walk.forEachRemaining(e -> entries.add(List.of(e.getKey(), e.getValue(), e.toString(),
        String.valueOf(e.hashCode()), String.valueOf(e.equals(Map.entry(e.getKey(),
            e.getValue()))))));
    return entries;
  }

  /**
   * What a call gave: its value, or the class of what it threw (and a refusal's code and
   * message; the JVM's own exceptions lose theirs once a hot call site throws them often).
   */
  private static Object outcome(Supplier<Object> call) {
    try {
      return call.get();
    } catch (BatonException e) {
      return new Failure(e.getClass(), e.getMessage(), e.code().name());
    } catch (RuntimeException e) {
      return new Failure(e.getClass(), null, null);
    }
  }

  private record Failure(Class<?> type, String message, String code) {}

  private static Case draw(Randomness random) {
    int kind = random.nextInt(0, 9);
    SortedMap<String, String> given = switch (kind) {
      case 0, 1, 2, 3 -> new TreeMap<>();
      case 4, 5 -> new TreeMap<>(Comparator.reverseOrder());
      // merges paths that differ in case: the last one put stays, under the first one's spelling
      case 6 -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      // never equal: a path put twice is there twice, in order (the last content stays)
      case 7 -> new TreeMap<>((String x, String y) -> x.compareTo(y) == 0 ? 1 : x.compareTo(y));
      default -> new TreeMap<>(Comparator.comparing(String::length)
          .thenComparing(Comparator.naturalOrder()));
    };
    int files = random.nextInt(0, 6);
    for (int i = 0; i < files; i++) {
      given.put(path(random), random.nextInt(0, 40) == 0 ? null : content(random));
    }
    if (kind == 7 && !given.isEmpty()) {
      given.put(given.firstKey(), content(random));
    }
    if (kind == 9 && random.nextBoolean()) {
      try {
        given = new EnvironmentFiles(DEV, R1, given).files();
      } catch (RuntimeException refused) {
        // the refusal is compared by the property
      }
    }
    List<String> probes = new ArrayList<>(given.keySet());
    for (int i = random.nextInt(0, 4); i > 0; i--) {
      probes.add(path(random));
    }
    probes.add(content(random));
    return new Case(given.getClass().getSimpleName() + "/" + kind, given, probes);
  }

  private static String path(Randomness random) {
    if (random.nextInt(0, 30) == 0) {
      return REFUSED.get(random.nextInt(0, REFUSED.size() - 1));
    }
    StringBuilder path = new StringBuilder(SEGMENTS.get(random.nextInt(0, SEGMENTS.size() - 1)));
    while (random.nextInt(0, 3) == 0) {
      path.append('/').append(SEGMENTS.get(random.nextInt(0, SEGMENTS.size() - 1)));
    }
    return path.toString();
  }

  private static String content(Randomness random) {
    return random.nextBoolean() ? "" : "tag: " + random.nextInt(0, 3);
  }
}
