package dev.baton.testkit.random;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A generator of random test values, drawn only from a seeded {@link Randomness} so that the same
 * seed always yields the same value. Each value comes with its shrink tree ({@link Shrinkable}),
 * so that {@link Property} can report a small counterexample instead of the first random one.
 *
 * <p>Build generators from the factories here and the combinators {@link #map}, {@link #flatMap}
 * and {@link #filter}; shrinking is kept through all of them. Ints shrink towards zero (or the
 * nearest bound of their range), lists shrink by dropping elements and then by shrinking each
 * element, choices shrink towards their first option, and {@link #of(Function)} does not shrink.
 *
 * <pre>{@code
 * Gen<String> names = Gen.strings("abc", 1, 5);
 * Gen<List<Integer>> scores = Gen.listOf(Gen.choose(0, 100), 0, 10);
 * Gen<Command<Stack, List<Integer>>> commands = Gen.frequency(
 *     Gen.weighted(3, Gen.choose(-9, 9).map(Push::new)),
 *     Gen.weighted(1, Gen.constant(new Pop())));
 * }</pre>
 *
 * <p>Generators built here are immutable and thread-safe; a {@link Randomness} is not, so give
 * each thread its own.
 *
 * @param <T> the type of generated values
 * @since 0.1
 */
@FunctionalInterface
public interface Gen<T> {
  /** How many generated values in a row {@link #filter} rejects before it gives up. */
  int MAX_FILTER_TRIES = 100;

  /**
   * Draws one value, with its shrink tree, from {@code random}. Implementations must take every
   * random decision from {@code random} and nothing else.
   *
   * @since 0.1
   */
  Shrinkable<T> generate(Randomness random);

  /**
   * Draws one value from {@code random}, without its shrink tree.
   *
   * @since 0.1
   */
  default T next(Randomness random) {
    return generate(random).value();
  }

  /**
   * A generator of {@code mapper} applied to this one's values; shrinks like this one.
   *
   * @since 0.1
   */
  default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    return random -> generate(random).map(mapper);
  }

  /**
   * A generator whose values depend on a value of this one, e.g. a size then a list of that size.
   * Shrinks this value first (re-drawing the dependent one from the same seed), then the
   * dependent one.
   *
   * @since 0.1
   */
  default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> binder) {
    Objects.requireNonNull(binder, "binder");
    return random -> {
      Shrinkable<T> outer = generate(random);
      // A fixed seed for the dependent part, so that re-deriving it while shrinking is stable.
      long innerSeed = random.nextLong();
      return outer.flatMap(
          value -> Gens.<R>narrow(binder.apply(value)).generate(Randomness.seeded(innerSeed)));
    };
  }

  /**
   * A generator of this one's values that pass {@code predicate}. Draws again on rejection, up to
   * {@link #MAX_FILTER_TRIES} times in a row; shrinking only proposes values that pass.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} (when drawing) if every try
   *     was rejected: generate valid values directly rather than filtering most of them away
   * @since 0.1
   */
  default Gen<T> filter(Predicate<? super T> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    return random -> {
      for (int i = 0; i < MAX_FILTER_TRIES; i++) {
        Shrinkable<T> candidate = generate(random);
        if (predicate.test(candidate.value())) {
          return candidate.filter(predicate);
        }
      }
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT,
          "filter rejected " + MAX_FILTER_TRIES + " generated values in a row;"
              + " generate valid values directly instead of filtering");
    };
  }

  /**
   * Always {@code value}; consumes no randomness.
   *
   * @since 0.1
   */
  static <T> Gen<T> constant(T value) {
    return random -> Shrinkable.of(value);
  }

  /**
   * A generator from a plain drawing function; its values do not shrink.
   *
   * @since 0.1
   */
  static <T> Gen<T> of(Function<? super Randomness, ? extends T> draw) {
    Objects.requireNonNull(draw, "draw");
    return random -> Shrinkable.of(draw.apply(random));
  }

  /**
   * Ints in {@code [min, max]}, both included; shrinks towards zero, or towards the bound nearest
   * to zero when the range does not contain it.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} if {@code min > max}
   * @since 0.1
   */
  static Gen<Integer> choose(int min, int max) {
    Gens.checkRange(min, max, "choose");
    int target = min > 0 ? min : Math.min(max, 0);
    return random -> Shrinkable.unfold(random.nextInt(min, max), v -> Gens.towards(v, target));
  }

  /**
   * A fair coin; shrinks {@code true} to {@code false}.
   *
   * @since 0.1
   */
  static Gen<Boolean> bool() {
    return elementOf(List.of(false, true));
  }

  /**
   * One of the given values, uniformly; shrinks towards the first. (Given generators, Java picks
   * {@link #oneOf(Gen[])} instead; to choose among generators as values, use {@link #elementOf}.)
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} if there are no values
   * @since 0.1
   */
  @SafeVarargs
  static <T> Gen<T> oneOf(T... values) {
    List<T> copy = new ArrayList<>(values.length);
    for (T value : values) {
      copy.add(value);
    }
    return elementOf(copy);
  }

  /**
   * One of the elements of {@code values} (copied now), uniformly; shrinks towards the first.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} if the list is empty
   * @since 0.1
   */
  static <T> Gen<T> elementOf(List<? extends T> values) {
    List<T> copy = Collections.unmodifiableList(new ArrayList<>(values));
    if (copy.isEmpty()) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "elementOf needs at least one value");
    }
    return choose(0, copy.size() - 1).map(copy::get);
  }

  /**
   * A value of one of the given generators, each picked with the same probability; shrinks
   * towards the first generator.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} if there are no generators
   * @since 0.1
   */
  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    List<Weighted<T>> equal = new ArrayList<>(gens.length);
    for (Gen<? extends T> gen : gens) {
      equal.add(new Weighted<>(1, gen));
    }
    return frequency(equal);
  }

  /**
   * A value of one of the given generators, each picked in proportion to its weight; shrinks
   * towards the first. Pair the generators up with {@link #weighted(int, Gen)}.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} if there are no generators
   * @since 0.1
   */
  @SafeVarargs
  static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
    List<Weighted<? extends T>> copy = new ArrayList<>(choices.length);
    for (Weighted<? extends T> choice : choices) {
      copy.add(choice);
    }
    return frequency(copy);
  }

  /**
   * Like {@link #frequency(Weighted[])}, from a list.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} if the list is empty
   * @since 0.1
   */
  static <T> Gen<T> frequency(List<? extends Weighted<? extends T>> choices) {
    List<Weighted<? extends T>> copy = List.copyOf(choices);
    if (copy.isEmpty()) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "frequency needs at least one choice");
    }
    long total = copy.stream().mapToLong(Weighted::weight).sum();
    if (total > Integer.MAX_VALUE) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "weights add up to more than 2^31-1");
    }
    return choose(0, (int) total - 1).flatMap(ticket -> Gens.pick(copy, ticket));
  }

  /**
   * Pairs a generator with its weight, for {@link #frequency(Weighted[])}.
   *
   * @since 0.1
   */
  static <T> Weighted<T> weighted(int weight, Gen<? extends T> gen) {
    return new Weighted<>(weight, gen);
  }

  /**
   * Lists of {@code min} to {@code max} elements (both included) drawn from {@code element}.
   * Shrinks by removing chunks of elements (never below {@code min}), then by shrinking single
   * elements. The lists are unmodifiable.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} if {@code min < 0} or
   *     {@code min > max}
   * @since 0.1
   */
  static <T> Gen<List<T>> listOf(Gen<? extends T> element, int min, int max) {
    Objects.requireNonNull(element, "element");
    Gens.checkRange(min, max, "listOf");
    if (min < 0) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "listOf min is negative: " + min);
    }
    Gen<T> elements = Gens.narrow(element);
    return random -> {
      int size = random.nextInt(min, max);
      List<Shrinkable<T>> drawn = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        drawn.add(elements.generate(random));
      }
      return Gens.list(drawn, min);
    };
  }

  /**
   * Strings of {@code min} to {@code max} characters (both included) from {@code alphabet}.
   * Shrinks like a list: shorter first, then characters towards the alphabet's first one.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} if the alphabet is empty or
   *     the bounds are wrong as for {@link #listOf}
   * @since 0.1
   */
  static Gen<String> strings(String alphabet, int min, int max) {
    List<Character> letters =
        alphabet.chars().mapToObj(c -> (char) c).collect(Collectors.toList());
    return listOf(elementOf(letters), min, max)
        .map(chars -> chars.stream().map(String::valueOf).collect(Collectors.joining()));
  }

  /**
   * A generator with its relative weight, for {@link Gen#frequency(Weighted[])}. Immutable.
   *
   * @param weight how often, relative to the others, this generator is picked; at least 1
   * @param gen the generator
   * @param <T> the type of generated values
   */
  record Weighted<T>(int weight, Gen<? extends T> gen) {
    /**
     * Validates the weight and generator.
     *
     * @since 0.1
     */
    public Weighted {
      Objects.requireNonNull(gen, "gen");
      if (weight < 1) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT, "weight must be >= 1: " + weight);
      }
    }
  }
}
