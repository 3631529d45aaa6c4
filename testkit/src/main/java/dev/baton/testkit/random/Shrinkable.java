package dev.baton.testkit.random;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A generated value together with its lazily computed simpler alternatives (a shrink tree).
 *
 * <p>{@link Gen} returns values in this form so that shrinking survives {@code map},
 * {@code flatMap} and {@code filter}: the combinators transform the whole tree, not only the root.
 * The alternatives are ordered most-aggressive first (for an int, the target itself before values
 * closer to the original), which lets a greedy search stop at a small counterexample quickly.
 *
 * <p>Most users never build one by hand; {@link #unfold(Object, Function)} is the way to give a
 * custom value type its own shrinking.
 *
 * <p>Immutable if the value is; the tree is computed on demand each time {@link #shrinks()} is
 * called, so it holds no cache and is safe to share between threads.
 *
 * @param <T> the value type
 * @since 0.1
 */
public final class Shrinkable<T> {
  private final T value;
  private final Supplier<Stream<Shrinkable<T>>> shrinks;

  private Shrinkable(T value, Supplier<Stream<Shrinkable<T>>> shrinks) {
    this.value = value;
    this.shrinks = shrinks;
  }

  /**
   * A value that has no simpler alternative.
   *
   * @since 0.1
   */
  public static <T> Shrinkable<T> of(T value) {
    return new Shrinkable<>(value, Stream::empty);
  }

  /**
   * A value with the given direct alternatives; each alternative carries its own further
   * alternatives.
   *
   * @since 0.1
   */
  public static <T> Shrinkable<T> of(T value, Supplier<Stream<Shrinkable<T>>> shrinks) {
    return new Shrinkable<>(value, Objects.requireNonNull(shrinks, "shrinks"));
  }

  /**
   * A tree grown by applying {@code shrinker} to the value, then to each alternative, and so on.
   * The shrinker must eventually return an empty stream (for example by always moving strictly
   * towards a target), otherwise shrinking only ends when the budget runs out.
   *
   * @since 0.1
   */
  public static <T> Shrinkable<T> unfold(T value, Function<? super T, Stream<T>> shrinker) {
    Objects.requireNonNull(shrinker, "shrinker");
    return new Shrinkable<>(value, () -> shrinker.apply(value).map(v -> unfold(v, shrinker)));
  }

  /**
   * The generated value.
   *
   * @since 0.1
   */
  public T value() {
    return value;
  }

  /**
   * The direct simpler alternatives, most aggressive first; empty if the value is minimal.
   *
   * @since 0.1
   */
  public Stream<Shrinkable<T>> shrinks() {
    return shrinks.get();
  }

  /**
   * The same tree with {@code mapper} applied to every value in it.
   *
   * @since 0.1
   */
  public <R> Shrinkable<R> map(Function<? super T, ? extends R> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    R mapped = mapper.apply(value);
    return new Shrinkable<>(mapped, () -> shrinks.get().map(s -> s.map(mapper)));
  }

  /**
   * The same tree restricted to values that pass {@code predicate}. An alternative that fails it
   * is replaced by those of its own direct alternatives that pass, so that a filter does not cut
   * shrinking short: an even int still shrinks from 104 to 102 although 103 lies between. (Only
   * one level is looked through, to keep the search cheap.) The root is kept as is: callers only
   * filter trees whose root passed.
   *
   * @since 0.1
   */
  public Shrinkable<T> filter(Predicate<? super T> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    return new Shrinkable<>(
        value,
        () ->
            shrinks
                .get()
                .flatMap(
                    s ->
                        predicate.test(s.value)
                            ? Stream.of(s)
                            : s.shrinks().filter(inner -> predicate.test(inner.value)))
                .map(s -> s.filter(predicate)));
  }

  /**
   * Binds a dependent value: first tries to shrink this value (re-deriving the dependent one from
   * each alternative), then tries to shrink the dependent value with this one held fixed.
   *
   * @since 0.1
   */
  public <R> Shrinkable<R> flatMap(Function<? super T, Shrinkable<R>> binder) {
    Objects.requireNonNull(binder, "binder");
    Shrinkable<R> inner = binder.apply(value);
    return new Shrinkable<>(
        inner.value,
        () -> Stream.concat(shrinks.get().map(s -> s.flatMap(binder)), inner.shrinks()));
  }

  @Override
  public String toString() {
    return String.valueOf(value);
  }
}
