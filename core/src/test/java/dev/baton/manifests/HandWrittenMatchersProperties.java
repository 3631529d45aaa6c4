package dev.baton.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The matchers written by hand for speed ({@link Versions#parse}, {@link FileKind#valuesName},
 * {@link TreeDiff#plainKey}) against the patterns that define them, on random texts built from
 * the pieces that matter, and {@link Versions#compare} against the comparison as it was written
 * with the pattern.
 */
class HandWrittenMatchersProperties {
  private static final List<String> VERSION_PIECES = List.of("v", "0", "1", "9", "12",
      "123456789", "1234567890", ".", ".", "-", "+", "rc", "A", "z", "_", " ", "\t", "/", "\u0661",
      "é");
  private static final List<String> NAME_PIECES = List.of("values", "-", "values-", "-values",
      ".yaml", ".yml", ".ya", "ml", "x", "/", ".", "staging", " ", "Values", "\n");

  private static Gen<String> joined(List<String> pieces, int max) {
    return Gen.of((Randomness random) -> {
      StringBuilder out = new StringBuilder();
      int n = random.nextInt(0, max);
      for (int i = 0; i < n; i++) {
        out.append(pieces.get(random.nextInt(0, pieces.size() - 1)));
      }
      return out.toString();
    });
  }

  @Test
  void versionsAreReadAsThePatternReadsThem() {
    Property.forAll(joined(VERSION_PIECES, 10)).runs(20_000).verify(text -> {
      Matcher m = Versions.VERSION.matcher(text);
      Versions.Version read = Versions.parse(text);
      assertThat(read != null).as("'%s'", text).isEqualTo(m.matches());
      if (read != null) {
        String[] numbers = m.group(1).split("\\.");
        assertThat(read.count()).as("'%s'", text).isEqualTo(numbers.length);
        for (int i = 0; i < numbers.length; i++) {
          assertThat(read.numbers()[i]).as("'%s'", text).isEqualTo(Long.parseLong(numbers[i]));
        }
        assertThat(read.pre()).as("'%s'", text).isEqualTo(m.group(2));
      }
    });
  }

  @Test
  void versionsCompareAsThePatternComparedThem() {
    Gen<String> versions = joined(List.of("v", "1", "2", "10", ".", ".", "-", "rc", ".1", "+b",
        " "), 7);
    Property.forAll(Gen.listOf(versions, 2, 2)).runs(20_000).verify(pair -> assertThat(
        Versions.compare(pair.get(0), pair.get(1))).as("%s", pair)
        .isEqualTo(byPattern(pair.get(0), pair.get(1))));
  }

  @Test
  void valuesFilesAreNamedAsThePatternSays() {
    Property.forAll(joined(NAME_PIECES, 5)).runs(20_000).verify(name -> assertThat(
        FileKind.valuesName(name)).as("'%s'", name)
        .isEqualTo(FileKind.VALUES_NAME.matcher(name).matches()));
    for (String name : List.of("values.yaml", "values.yml", "values-prod.yaml", "a-values.yml",
        "values-.yaml", "-values.yaml", "values.yaml.yaml", "values-a/b.yaml", "xvalues.yaml")) {
      assertThat(FileKind.valuesName(name)).as(name)
          .isEqualTo(FileKind.VALUES_NAME.matcher(name).matches());
    }
  }

  @Test
  void plainKeysAreWhatThePatternSays() {
    Property.forAll(Gen.strings("aZ09_$@/-.\" é\n[", 0, 6)).runs(20_000).verify(key ->
        assertThat(TreeDiff.plainKey(key)).as("'%s'", key)
            .isEqualTo(TreeDiff.PLAIN_KEY.matcher(key).matches()));
  }

  /** Versions#compare as it was before it read versions by hand. */
  private static Optional<Integer> byPattern(String a, String b) {
    Matcher ma = Versions.VERSION.matcher(a.strip());
    Matcher mb = Versions.VERSION.matcher(b.strip());
    if (!ma.matches() || !mb.matches()) {
      return Optional.empty();
    }
    String[] pa = ma.group(1).split("\\.");
    String[] pb = mb.group(1).split("\\.");
    for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
      long x = i < pa.length ? Long.parseLong(pa[i]) : 0;
      long y = i < pb.length ? Long.parseLong(pb[i]) : 0;
      if (x != y) {
        return Optional.of(Long.compare(x, y));
      }
    }
    String preA = ma.group(2);
    String preB = mb.group(2);
    if (preA == null || preB == null) {
      return Optional.of(preA == null ? (preB == null ? 0 : 1) : -1);
    }
    return Optional.of(Integer.signum(preA.compareTo(preB)));
  }
}
