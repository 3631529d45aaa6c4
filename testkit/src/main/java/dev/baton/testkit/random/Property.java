package dev.baton.testkit.random;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.Iterator;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A property checked over many generated values: the plain, stateless half of the harness (for
 * sequences of operations on a stateful system, see {@link ModelCheck}).
 *
 * <pre>{@code
 * Property.forAll(Gen.listOf(Gen.choose(-50, 50), 0, 20), 500,
 *     list -> reverse(reverse(list)).equals(list));
 *
 * Property.forAll(Gen.strings("ab/.", 0, 12))
 *     .runs(1_000)
 *     .verify(path -> assertThat(normalise(normalise(path))).isEqualTo(normalise(path)));
 * }</pre>
 *
 * <p>Each case draws its value from its own seed (see {@link Seeds}). When a case fails (the
 * predicate returns {@code false}, or an {@link AssertionError} or {@link Exception} escapes) the
 * value is shrunk: simpler alternatives from the generator are tried, greedily, and one that fails
 * the same way (same exception class, or {@code false} again) replaces the current one, until none
 * does or the shrink budget is spent. Then a {@link PropertyFailure} names the seed, the original
 * and the shrunk value, and the Maven command line that replays the case.
 *
 * <p>Immutable: each setter returns a new instance. {@link #check} and {@link #verify} may run
 * on several threads at once if the generator and the property are thread-safe.
 *
 * @param <T> the type of the values checked
 * @since 0.1
 */
public final class Property<T> {
  /**
   * Cases run when {@link #runs(int)} is not called.
   *
   * @since 0.1
   */
  public static final int DEFAULT_RUNS = 100;
  /**
   * Values tried while shrinking when {@link #shrinkBudget(int)} is not called.
   *
   * @since 0.1
   */
  public static final int DEFAULT_SHRINK_BUDGET = 1_000;

  private final Gen<T> gen;
  private final int runs;
  private final OptionalLong seed;
  private final OptionalLong baseSeed;
  private final int shrinkBudget;

  private Property(Gen<T> gen, int runs, OptionalLong seed, OptionalLong baseSeed, int budget) {
    this.gen = gen;
    this.runs = runs;
    this.seed = seed;
    this.baseSeed = baseSeed;
    this.shrinkBudget = budget;
  }

  /**
   * A property over the values of {@code gen}, with the default settings.
   *
   * @since 0.1
   */
  public static <T> Property<T> forAll(Gen<? extends T> gen) {
    Objects.requireNonNull(gen, "gen");
    return new Property<>(
        Gens.narrow(gen), DEFAULT_RUNS, OptionalLong.empty(), OptionalLong.empty(),
        DEFAULT_SHRINK_BUDGET);
  }

  /**
   * Checks that {@code property} holds for {@code runs} values of {@code gen}; a shortcut for
   * {@code forAll(gen).runs(runs).check(property)}.
   *
   * @throws PropertyFailure if a value falsifies it
   * @since 0.1
   */
  public static <T> void forAll(Gen<? extends T> gen, int runs, Predicate<? super T> property) {
    Property.<T>forAll(gen).runs(runs).check(property);
  }

  /**
   * How many cases to run; {@code -Dbaton.runs} overrides it.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} if {@code runs < 1}
   * @since 0.1
   */
  public Property<T> runs(int runs) {
    if (runs < 1) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "runs must be >= 1: " + runs);
    }
    return new Property<>(gen, runs, seed, baseSeed, shrinkBudget);
  }

  /**
   * Runs only the case with this seed, as a failure reported it: the way to pin a found bug as a
   * regression test. Wins over {@code -Dbaton.seed}.
   *
   * @since 0.1
   */
  public Property<T> seed(long seed) {
    return new Property<>(gen, runs, OptionalLong.of(seed), baseSeed, shrinkBudget);
  }

  /**
   * Derives the case seeds from this base instead of {@code -Dbaton.baseSeed} or a random one.
   *
   * @since 0.1
   */
  public Property<T> baseSeed(long baseSeed) {
    return new Property<>(gen, runs, seed, OptionalLong.of(baseSeed), shrinkBudget);
  }

  /**
   * At most this many values are tried while shrinking one failure; 0 turns shrinking off.
   *
   * @throws BatonException with {@link ErrorCode#INVALID_ARGUMENT} if {@code tries < 0}
   * @since 0.1
   */
  public Property<T> shrinkBudget(int tries) {
    if (tries < 0) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "shrink budget is negative: " + tries);
    }
    return new Property<>(gen, runs, seed, baseSeed, tries);
  }

  /**
   * Checks that {@code property} returns {@code true} (and throws nothing) for every case.
   *
   * @throws PropertyFailure for the first case that fails, after shrinking it
   * @since 0.1
   */
  public void check(Predicate<? super T> property) {
    Objects.requireNonNull(property, "property");
    long[] seeds = Seeds.plan(seed, baseSeed, runs);
    for (int i = 0; i < seeds.length; i++) {
      Shrinkable<T> value = gen.generate(Randomness.seeded(seeds[i]));
      Failure failure = evaluate(property, value.value());
      if (failure != null) {
        throw shrinkAndReport(property, value, failure, seeds[i], i + 1, seeds.length);
      }
    }
  }

  /**
   * Checks that {@code check} throws nothing for every case; write the property with assertions.
   *
   * @throws PropertyFailure for the first case that fails, after shrinking it
   * @since 0.1
   */
  public void verify(Consumer<? super T> check) {
    Objects.requireNonNull(check, "check");
    check(
        value -> {
          check.accept(value);
          return true;
        });
  }

  private PropertyFailure shrinkAndReport(
      Predicate<? super T> property,
      Shrinkable<T> original,
      Failure originalFailure,
      long caseSeed,
      int caseNumber,
      int cases) {
    Shrinkable<T> current = original;
    Failure failure = originalFailure;
    int tries = 0;
    int steps = 0;
    boolean improved = true;
    while (improved && tries < shrinkBudget) {
      improved = false;
      Iterator<Shrinkable<T>> candidates = current.shrinks().iterator();
      while (candidates.hasNext() && tries < shrinkBudget) {
        Shrinkable<T> candidate = candidates.next();
        tries++;
        Failure candidateFailure = evaluate(property, candidate.value());
        if (candidateFailure != null && candidateFailure.sameKindAs(originalFailure)) {
          current = candidate;
          failure = candidateFailure;
          steps++;
          improved = true;
          break;
        }
      }
    }
    String message =
        "Property failed on case "
            + caseNumber
            + " of "
            + cases
            + " (seed "
            + caseSeed
            + ")\n  original: "
            + describe(original.value())
            + "\n  shrunk:   "
            + describe(current.value())
            + " ("
            + steps
            + " shrink steps, "
            + tries
            + " values tried"
            + (tries >= shrinkBudget && shrinkBudget > 0 ? ", budget used up" : "")
            + ")\n  failure:  "
            + failure.describe()
            + "\n  replay:   "
            + Seeds.replayCommand(caseSeed);
    return new PropertyFailure(
        message, failure.error, caseSeed, original.value(), current.value(), steps);
  }

  private static <T> Failure evaluate(Predicate<? super T> property, T value) {
    try {
      return property.test(value) ? null : new Failure(null);
    } catch (Exception | AssertionError e) {
      return new Failure(e);
    }
  }

  static String describe(Object value) {
    return value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value);
  }

  /** A failed evaluation: what was thrown, or null when the predicate returned false. */
  private static final class Failure {
    final Throwable error;

    Failure(Throwable error) {
      this.error = error;
    }

    boolean sameKindAs(Failure other) {
      Class<?> mine = error == null ? null : error.getClass();
      Class<?> theirs = other.error == null ? null : other.error.getClass();
      return Objects.equals(mine, theirs);
    }

    String describe() {
      return error == null ? "the property returned false" : error.toString();
    }
  }
}
