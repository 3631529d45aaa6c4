package dev.baton.internal.yaml;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A bounded least-recently-used memo of pure computations over file contents (parsed YAML, an
 * environment's snapshot, a plan), so that reading, planning and previewing unchanged files
 * costs a look-up. Keys are values that hold the content itself (compared by equality, with the
 * content's cached {@link String#hashCode}), so two different contents never share an entry.
 * Values must be immutable, or never modified by anyone who gets them: the cache hands the same
 * instance to every caller. A computation that throws stores nothing, so a refusal is computed
 * (and worded for its caller) again each time.
 *
 * <p>Bounded both by the number of entries and by a weight (the characters of content an entry
 * stands for): Guava's cache evicts the least recently used entries first. Not public API.
 * Thread-safe; the computation runs outside the cache (two threads missing together may both
 * compute, and the first result stays).
 *
 * @param <K> the key
 * @param <V> the immutable value
 */
public final class ContentCache<K, V> {
  // every cache made, for clearAll (they are static fields: a handful, living as long as the JVM)
  private static final List<ContentCache<?, ?>> ALL = new CopyOnWriteArrayList<>();

  private final long maxWeight;
  private final int minEntryWeight;
  private final Cache<K, Entry<V>> entries;

  /**
   * A cache of at most {@code maxEntries} entries standing for at most {@code maxWeight}
   * characters.
   */
  public ContentCache(int maxEntries, long maxWeight) {
    if (maxEntries < 1 || maxWeight < 1 || maxWeight > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("cache bounds must be positive (weight an int)");
    }
    this.maxWeight = maxWeight;
    // Guava bounds by weight or by count, not both: an entry weighs at least its share of the
    // whole, so no more than maxEntries fit.
    this.minEntryWeight = (int) Math.max(1, maxWeight / maxEntries);
    // One segment: Guava splits the weight between segments, and an entry heavier than its
    // segment's share would never be kept.
    this.entries = CacheBuilder.newBuilder().concurrencyLevel(1).maximumWeight(maxWeight)
        .weigher((K key, Entry<V> entry) -> Math.max(minEntryWeight, entry.weight)).build();
    ALL.add(this);
  }

  /** Empties every cache, so that the next computation of anything is a miss (benchmarks). */
  public static void clearAll() {
    ALL.forEach(ContentCache::clear);
  }

  /**
   * The value of {@code key}, computed by {@code compute} when it is not cached. The computation
   * runs on the caller's thread and its exceptions reach the caller as they are.
   *
   * @param weight the characters of content the key stands for; an entry heavier than the whole
   *     cache is computed and not kept
   */
  public V get(K key, long weight, Supplier<V> compute) {
    Entry<V> hit = entries.getIfPresent(key);
    if (hit != null) {
      return hit.value;
    }
    V value = compute.get();
    if (weight > maxWeight) {
      return value;
    }
    Entry<V> raced = entries.asMap().putIfAbsent(key, new Entry<>(value, (int) weight));
    return raced != null ? raced.value : value;
  }

  /** Drops every entry. */
  public void clear() {
    entries.invalidateAll();
  }

  /** How many entries are kept now. */
  public long size() {
    entries.cleanUp();
    return entries.size();
  }

  private record Entry<V>(V value, int weight) {}
}
