package dev.baton.memory;

import dev.baton.spi.IdGenerator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link IdGenerator} of predictable ids for tests and demos: the kind, a dash and a counter
 * per kind starting at 1 ({@code p-1}, {@code p-2}, {@code r-1}); an empty kind yields the bare
 * counter. Ids are unique only within one generator, so never share a store between engines
 * that each use their own.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class SequentialIdGenerator implements IdGenerator {
  private final ConcurrentHashMap<String, AtomicLong> counters = new ConcurrentHashMap<>();

  /**
   * A generator whose every counter starts at 1.
   *
   * @since 0.1
   */
  public SequentialIdGenerator() {}

  /**
   * The next id of this kind.
   *
   * @throws dev.baton.error.BatonException {@code INVALID_ARGUMENT} for a kind that is not
   *     empty or up to 26 characters safe in a Git ref name
   */
  @Override
  public String next(String kind) {
    IdGenerator.checkKind(kind);
    long n = counters.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    return kind.isEmpty() ? Long.toString(n) : kind + "-" + n;
  }
}
