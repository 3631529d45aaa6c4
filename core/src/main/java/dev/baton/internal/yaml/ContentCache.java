package dev.baton.internal.yaml;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
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
 * stands for): the least recently used entries go first. Not public API. Thread-safe: a look-up
 * and an insertion each hold the cache's lock for a hash-map operation; the computation runs
 * outside it (two threads missing together may both compute, and the first result stays).
 *
 * @param <K> the key
 * @param <V> the immutable value
 */
public final class ContentCache<K, V> {
  // every cache made, for clearAll (they are static fields: a handful, living as long as the JVM)
  private static final List<ContentCache<?, ?>> ALL = new CopyOnWriteArrayList<>();

  private final int maxEntries;
  private final long maxWeight;
  // An access-ordered map under this cache's lock: a hit and an insertion are one hash-map
  // operation each (a general-purpose concurrent cache cost a fifth of a small promotion's
  // reading and previewing, in its queues and segments), the eldest entry is the one to drop.
  private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long weight;

  /**
   * A cache of at most {@code maxEntries} entries standing for at most {@code maxWeight}
   * characters.
   */
  public ContentCache(int maxEntries, long maxWeight) {
    if (maxEntries < 1 || maxWeight < 1 || maxWeight > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("cache bounds must be positive (weight an int)");
    }
    this.maxEntries = maxEntries;
    this.maxWeight = maxWeight;
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
    V hit = cached(key);
    return hit != null ? hit : store(key, compute.get(), weight);
  }

  /**
   * As {@link #get(Object, long, Supplier)}, with the weight computed only on a miss: a caller
   * whose weight is a walk over the content (an environment's files) pays it only when it
   * computes the value too, not on every hit.
   */
  public V get(K key, LongSupplier weightOnMiss, Supplier<V> compute) {
    V hit = cached(key);
    if (hit != null) {
      return hit;
    }
    V value = compute.get();
    return store(key, value, weightOnMiss.getAsLong());
  }

  private V cached(K key) {
    synchronized (entries) {
      Entry<V> hit = entries.get(key);
      return hit == null ? null : hit.value;
    }
  }

  // a miss's value kept (unless heavier than the whole cache), the eldest entries dropped to fit;
  // a value another thread stored first wins, so every caller sees one value per key
  private V store(K key, V value, long weight) {
    if (weight > maxWeight) {
      return value;
    }
    synchronized (entries) {
      Entry<V> raced = entries.putIfAbsent(key, new Entry<>(value, weight));
      if (raced != null) {
        return raced.value;
      }
      this.weight += weight;
      if (this.weight > maxWeight || entries.size() > maxEntries) {
        Iterator<Map.Entry<K, Entry<V>>> eldest = entries.entrySet().iterator();
        while (this.weight > maxWeight || entries.size() > maxEntries) {
          this.weight -= eldest.next().getValue().weight;
          eldest.remove();
        }
      }
    }
    return value;
  }

  /** Drops every entry. */
  public void clear() {
    synchronized (entries) {
      entries.clear();
      weight = 0;
    }
  }

  /** How many entries are kept now. */
  public long size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  private record Entry<V>(V value, long weight) {}
}
