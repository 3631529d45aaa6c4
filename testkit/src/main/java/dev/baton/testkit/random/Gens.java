package dev.baton.testkit.random;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.testkit.random.Gen.Weighted;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/** Helpers behind {@link Gen}'s factories; not API. */
final class Gens {
  private static final int SMALL_STEPS = 4;

  private Gens() {}

  // Gen only produces values, so viewing a Gen<? extends T> as a Gen<T> cannot break typing.
  @SuppressWarnings("unchecked")
  static <T> Gen<T> narrow(Gen<? extends T> gen) {
    return (Gen<T>) gen;
  }

  static void checkRange(int min, int max, String what) {
    if (min > max) {
      throw new BatonException(
          ErrorCode.INVALID_ARGUMENT, what + ": min " + min + " is greater than max " + max);
    }
  }

  /**
   * The target itself first, then the few values just past it (small values matter, for example
   * as indexes taken modulo a size), then values ever closer to {@code value}: a binary search.
   * Every candidate is strictly closer to the target than {@code value}, so shrinking ends.
   */
  static Stream<Integer> towards(int value, int target) {
    long distance = (long) value - target;
    long direction = Long.signum(distance);
    Stream<Long> nearTarget =
        LongStream.rangeClosed(0, SMALL_STEPS)
            .filter(step -> step < Math.abs(distance))
            .mapToObj(step -> target + step * direction);
    Stream<Long> halving =
        Stream.iterate(distance / 2, d -> d != 0, d -> d / 2).map(d -> value - d);
    return Stream.concat(nearTarget, halving).distinct().map(Long::intValue);
  }

  static <T> Gen<? extends T> pick(List<Weighted<? extends T>> choices, int ticket) {
    int remaining = ticket;
    for (Weighted<? extends T> choice : choices) {
      if (remaining < choice.weight()) {
        return choice.gen();
      }
      remaining -= choice.weight();
    }
    throw new IllegalStateException("ticket beyond the total weight: " + ticket);
  }

  static <T> Shrinkable<List<T>> list(List<Shrinkable<T>> elements, int minSize) {
    List<T> values = new ArrayList<>(elements.size());
    for (Shrinkable<T> element : elements) {
      values.add(element.value());
    }
    return Shrinkable.of(
        Collections.unmodifiableList(values),
        () -> Stream.concat(removals(elements, minSize), elementShrinks(elements, minSize)));
  }

  // Big chunks first: a long irrelevant list is cut in half in one step.
  private static <T> Stream<Shrinkable<List<T>>> removals(
      List<Shrinkable<T>> elements, int minSize) {
    int size = elements.size();
    int removable = size - minSize;
    if (removable <= 0) {
      return Stream.empty();
    }
    return Stream.iterate(removable, chunk -> chunk > 0, chunk -> chunk / 2)
        .flatMap(
            chunk ->
                IntStream.iterate(0, start -> start + chunk <= size, start -> start + chunk)
                    .mapToObj(start -> list(without(elements, start, chunk), minSize)));
  }

  private static <T> Stream<Shrinkable<List<T>>> elementShrinks(
      List<Shrinkable<T>> elements, int minSize) {
    return IntStream.range(0, elements.size())
        .boxed()
        .flatMap(
            i ->
                elements
                    .get(i)
                    .shrinks()
                    .map(
                        smaller -> {
                          List<Shrinkable<T>> copy = new ArrayList<>(elements);
                          copy.set(i, smaller);
                          return list(copy, minSize);
                        }));
  }

  private static <T> List<T> without(List<T> list, int start, int count) {
    List<T> copy = new ArrayList<>(list.size() - count);
    copy.addAll(list.subList(0, start));
    copy.addAll(list.subList(start + count, list.size()));
    return copy;
  }
}
