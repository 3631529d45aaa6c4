package dev.baton.memory;

import java.util.function.Function;

/**
 * Values found by a key each of them carries (a promotion's id), in one open-addressed array:
 * what a {@code HashMap} from the key to the value answers, for the stores that keep one entry
 * per promotion for good and never remove one. A hash map keeps a node of 32 bytes per entry
 * besides its table, and every node a store keeps is copied by the collector until it is old;
 * here an entry is one reference in an array at most half full. Keys are looked for by linear
 * probing from a mixed hash. Not thread-safe: the stores call it with their lock held.
 *
 * @param <K> the key
 * @param <V> the values, each carrying its key
 */
final class KeyedTable<K, V> {
  private static final int FIRST_CAPACITY = 16;

  private final Function<? super V, ? extends K> keyOf;
  private Object[] table = new Object[FIRST_CAPACITY];
  private int size;

  /** An empty table of values whose keys {@code keyOf} tells; it must not change for a value. */
  KeyedTable(Function<? super V, ? extends K> keyOf) {
    this.keyOf = keyOf;
  }

  /** The value whose key equals {@code key}, or null. */
  @SuppressWarnings("unchecked")
  V get(Object key) {
    int mask = table.length - 1;
    for (int i = mix(key.hashCode()) & mask; ; i = (i + 1) & mask) {
      Object value = table[i];
      if (value == null || key.equals(keyOf.apply((V) value))) {
        return (V) value;
      }
    }
  }

  /**
   * Adds {@code value} unless a value with an equal key is here already.
   *
   * @return the value already here (and nothing added), or null when {@code value} was added
   */
  @SuppressWarnings("unchecked")
  V putIfAbsent(V value) {
    K key = keyOf.apply(value);
    int mask = table.length - 1;
    for (int i = mix(key.hashCode()) & mask; ; i = (i + 1) & mask) {
      Object here = table[i];
      if (here == null) {
        table[i] = value;
        size++;
        // at most half full, so that a miss ends after a few steps
        if (2 * size > table.length) {
          grow();
        }
        return null;
      }
      if (key.equals(keyOf.apply((V) here))) {
        return (V) here;
      }
    }
  }

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  private void grow() {
    Object[] old = table;
    table = new Object[2 * old.length];
    int mask = table.length - 1;
    for (Object value : old) {
      if (value != null) {
        int i = mix(keyOf.apply((V) value).hashCode()) & mask;
        while (table[i] != null) {
          i = (i + 1) & mask;
        }
        table[i] = value;
      }
    }
  }

  /**
   * Spreads a hash code over the low bits the table uses: records and strings hash by
   * multiplying by 31, which leaves similar keys (ids differing in their last characters) in
   * neighbouring places, where linear probing would make long runs.
   */
  private static int mix(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
