package dev.baton.model;

import dev.baton.error.Arguments;
import java.util.List;
import java.util.function.Function;

/**
 * One page of results.
 *
 * <p>Immutable and thread-safe: collections are copied when it is built.
 *
 * @param items the results on this page
 * @param offset how many matches came before this page
 * @param total how many matches there are in all
 * @param <T> the item type
 * @since 0.1
 */
public record Page<T>(List<T> items, int offset, long total) {
  /**
   * Validates and copies.
   *
   * @param items the results on this page
   * @param offset how many matches came before this page
   * @param total how many matches there are in all
   * @since 0.1
   */
  public Page {
    items = List.copyOf(Arguments.notNull(items, "items"));
    Checks.nonNegative(offset, "offset");
  }

  /**
   * Whether more matches follow this page.
   *
   * @return {@code true} when {@code offset + items().size() < total}
   * @since 0.1
   */
  public boolean hasMore() {
    return offset + items.size() < total;
  }

  /**
   * The same page with each item mapped.
   *
   * @param mapper applied to each item, in order
   * @param <R> the new item type
   * @return a page with the same offset and total
   * @since 0.1
   */
  public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
    return new Page<>(items.stream().<R>map(mapper).toList(), offset, total);
  }
}
