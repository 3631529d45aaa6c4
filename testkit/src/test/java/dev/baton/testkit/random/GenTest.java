package dev.baton.testkit.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GenTest {
  private static final Gen<List<String>> COMPOSED =
      Gen.listOf(
          Gen.frequency(
              Gen.weighted(2, Gen.strings("abc", 0, 4)),
              Gen.weighted(1, Gen.choose(-5, 5).map(String::valueOf)),
              Gen.weighted(
                  1, Gen.bool().flatMap(b -> b ? Gen.constant("T") : Gen.oneOf("x", "y")))),
          0,
          12);

  private static <T> List<T> draws(Gen<T> gen, long seed, int count) {
    Randomness random = Randomness.seeded(seed);
    List<T> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(gen.next(random));
    }
    return values;
  }

  @Test
  void theSameSeedGivesTheSameValues() {
    for (long seed = 0; seed < 100; seed++) {
      assertThat(draws(COMPOSED, seed, 5)).isEqualTo(draws(COMPOSED, seed, 5));
    }
    assertThat(draws(COMPOSED, 1, 5)).isNotEqualTo(draws(COMPOSED, 2, 5));
  }

  @Test
  void theSameSeedGivesTheSameShrinkTree() {
    Shrinkable<List<String>> first = COMPOSED.generate(Randomness.seeded(77));
    Shrinkable<List<String>> second = COMPOSED.generate(Randomness.seeded(77));
    assertThat(first.shrinks().map(Shrinkable::value).collect(Collectors.toList()))
        .isEqualTo(second.shrinks().map(Shrinkable::value).collect(Collectors.toList()));
  }

  @Test
  void chooseStaysInItsBoundsAndReachesBothEnds() {
    Set<Integer> seen = new HashSet<>(draws(Gen.choose(-3, 3), 5, 1_000));
    assertThat(seen).containsExactlyInAnyOrder(-3, -2, -1, 0, 1, 2, 3);
    assertThat(draws(Gen.choose(Integer.MAX_VALUE - 1, Integer.MAX_VALUE), 5, 200))
        .contains(Integer.MAX_VALUE, Integer.MAX_VALUE - 1);
    assertThat(draws(Gen.choose(7, 7), 5, 10)).containsOnly(7);
  }

  @Test
  void intsShrinkTowardsZeroOrTheNearestBound() {
    assertThat(firstShrink(Gen.choose(-100, 100), -57)).isEqualTo(0);
    assertThat(firstShrink(Gen.choose(10, 100), 57)).isEqualTo(10);
    assertThat(firstShrink(Gen.choose(-100, -10), -57)).isEqualTo(-10);
    Shrinkable<Integer> zero = Shrinkable.unfold(0, v -> Gens.towards(v, 0));
    assertThat(zero.shrinks()).isEmpty();
  }

  @Test
  void intShrinkCandidatesAreAllStrictlyCloserToTheTarget() {
    for (int value : List.of(1, 2, 5, 17, 1_000, -1_000, Integer.MAX_VALUE, Integer.MIN_VALUE)) {
      List<Integer> candidates = Gens.towards(value, 0).collect(Collectors.toList());
      assertThat(candidates).first().isEqualTo(0);
      assertThat(candidates).doesNotHaveDuplicates();
      assertThat(candidates)
          .allMatch(c -> Math.abs((long) c) < Math.abs((long) value), "closer than " + value);
    }
    assertThat(Gens.towards(1_000, 0).collect(Collectors.toList()))
        .startsWith(0, 1, 2, 3, 4, 500, 750);
  }

  private static int firstShrink(Gen<Integer> gen, int wanted) {
    for (long seed = 0; seed < 10_000; seed++) {
      Shrinkable<Integer> drawn = gen.generate(Randomness.seeded(seed));
      if (drawn.value() == wanted) {
        return drawn.shrinks().findFirst().orElseThrow().value();
      }
    }
    throw new AssertionError("never drew " + wanted);
  }

  @Test
  void listsRespectTheirSizeBoundsAndShrinkNeverBelowTheMinimum() {
    Gen<List<Integer>> lists = Gen.listOf(Gen.choose(0, 9), 2, 5);
    for (long seed = 0; seed < 200; seed++) {
      Shrinkable<List<Integer>> drawn = lists.generate(Randomness.seeded(seed));
      assertThat(drawn.value()).hasSizeBetween(2, 5);
      assertThat(drawn.shrinks().map(Shrinkable::value)).allMatch(l -> l.size() >= 2);
    }
    assertThatThrownBy(() -> drawsOnce(lists).add(1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static List<Integer> drawsOnce(Gen<List<Integer>> gen) {
    return gen.next(Randomness.seeded(1));
  }

  @Test
  void stringsUseOnlyTheirAlphabet() {
    for (String s : draws(Gen.strings("ab-", 0, 8), 3, 500)) {
      assertThat(s).hasSizeBetween(0, 8).matches("[ab-]*");
    }
  }

  @Test
  void frequencyFollowsTheWeights() {
    Map<String, Integer> counts = new HashMap<>();
    Gen<String> gen =
        Gen.frequency(
            Gen.weighted(9, Gen.constant("often")), Gen.weighted(1, Gen.constant("rare")));
    for (String s : draws(gen, 11, 10_000)) {
      counts.merge(s, 1, Integer::sum);
    }
    assertThat(counts.get("often")).isBetween(8_600, 9_400);
    assertThat(counts.get("rare")).isBetween(600, 1_400);
  }

  @Test
  void oneOfPicksValuesOrGenerators() {
    assertThat(new HashSet<>(draws(Gen.oneOf("a", "b", "c"), 1, 300)))
        .containsExactlyInAnyOrder("a", "b", "c");
    Gen<Number> numbers = Gen.oneOf(Gen.choose(0, 0), Gen.constant(2.5));
    assertThat(new HashSet<>(draws(numbers, 1, 300))).containsExactlyInAnyOrder(0, 2.5);
    assertThat(new HashSet<>(draws(Gen.bool(), 1, 100))).containsExactlyInAnyOrder(true, false);
  }

  @Test
  void mapFlatMapAndFilterKeepShrinking() {
    Gen<Integer> evens = Gen.choose(0, 1_000).filter(i -> i % 2 == 0);
    Shrinkable<Integer> drawn = evens.generate(Randomness.seeded(4));
    assertThat(drawn.value() % 2).isZero();
    assertThat(drawn.shrinks().map(Shrinkable::value)).allMatch(i -> i % 2 == 0);

    Gen<List<Integer>> sized = Gen.choose(1, 5).flatMap(n -> Gen.listOf(Gen.choose(0, 9), n, n));
    Shrinkable<List<Integer>> list = sized.generate(Randomness.seeded(9));
    assertThat(list.shrinks().map(Shrinkable::value)).isNotEmpty();

    Gen<String> mapped = Gen.choose(5, 50).map(i -> "#" + i);
    assertThat(mapped.generate(Randomness.seeded(2)).shrinks().findFirst().orElseThrow().value())
        .isEqualTo("#5");
  }

  @Test
  void aFilterThatRejectsEverythingFailsClearly() {
    Gen<Integer> none = Gen.choose(0, 10).filter(i -> i > 10);
    assertThatThrownBy(() -> none.next(Randomness.seeded(1)))
        .isInstanceOfSatisfying(
            BatonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("filter rejected 100");
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> Gen.choose(2, 1)).isInstanceOf(BatonException.class);
    assertThatThrownBy(() -> Gen.listOf(Gen.bool(), -1, 2)).isInstanceOf(BatonException.class);
    assertThatThrownBy(() -> Gen.elementOf(List.of())).isInstanceOf(BatonException.class);
    assertThatThrownBy(() -> Gen.strings("", 0, 1)).isInstanceOf(BatonException.class);
    assertThatThrownBy(() -> Gen.weighted(0, Gen.bool())).isInstanceOf(BatonException.class);
    assertThatThrownBy(() -> Gen.frequency(List.of())).isInstanceOf(BatonException.class);
  }

  @Test
  void constantAndPlainGeneratorsDoNotShrink() {
    assertThat(Gen.constant("k").generate(Randomness.seeded(1)).shrinks()).isEmpty();
    Gen<Long> longs = Gen.of(Randomness::nextLong);
    assertThat(longs.generate(Randomness.seeded(1)).shrinks()).isEmpty();
    assertThat(longs.next(Randomness.seeded(3))).isEqualTo(longs.next(Randomness.seeded(3)));
  }
}
