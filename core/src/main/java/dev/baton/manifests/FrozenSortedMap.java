package dev.baton.manifests;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An unmodifiable sorted map whose backing map nobody else holds, so that a value that must not
 * change ({@link Snapshot}) can keep it without copying it again. A snapshot of a 5,000-line
 * values file is shared by every reader of the same files and stamped with each revision they
 * were read at: copying its maps each time cost more than reading them. Reads as
 * {@link Collections#unmodifiableSortedMap} does (same order, comparator, equality and text);
 * every change is refused. Immutable and thread-safe once published.
 */
final class FrozenSortedMap<K, V> extends AbstractMap<K, V> implements SortedMap<K, V> {
  private static final FrozenSortedMap<Object, Object> EMPTY =
      new FrozenSortedMap<>(new TreeMap<>());

  private final SortedMap<K, V> view;

  private FrozenSortedMap(TreeMap<K, V> owned) {
    this.view = Collections.unmodifiableSortedMap(owned);
  }

  /** The map itself when it is already frozen, else a frozen copy (same comparator). */
  @SuppressWarnings("unchecked")
  static <K, V> SortedMap<K, V> copyOf(SortedMap<K, ? extends V> map) {
    if (map instanceof FrozenSortedMap) {
      return (SortedMap<K, V>) map;
    }
    return new FrozenSortedMap<>(new TreeMap<>(map));
  }

  /** Freezes {@code owned}, which the caller gives up: nobody may modify it afterwards. */
  @SuppressWarnings("unchecked")
  static <K, V> SortedMap<K, V> owning(TreeMap<K, V> owned) {
    // an empty map in natural order reads like every other: one serves them all (a snapshot
    // of a folder without bindings or variables froze two empty maps for every read)
    if (owned.isEmpty() && owned.comparator() == null) {
      return (SortedMap<K, V>) EMPTY;
    }
    return new FrozenSortedMap<>(owned);
  }

  /**
   * Freezes a map of {@code keys[i]} to {@code values[i]} for {@code i < size}; the keys must be
   * distinct and in their natural order. Built in one pass, without comparing keys (TreeMap's
   * constructor from a sorted map), instead of one look-up per key. The arrays are not kept.
   */
  static <K extends Comparable<? super K>, V> SortedMap<K, V> ofSorted(K[] keys, V[] values,
      int size) {
    return new FrozenSortedMap<>(new TreeMap<>(new SortedRun<>(keys, values, size)));
  }

  @Override
  public Comparator<? super K> comparator() {
    return view.comparator();
  }

  @Override
  public SortedMap<K, V> subMap(K fromKey, K toKey) {
    return view.subMap(fromKey, toKey);
  }

  @Override
  public SortedMap<K, V> headMap(K toKey) {
    return view.headMap(toKey);
  }

  @Override
  public SortedMap<K, V> tailMap(K fromKey) {
    return view.tailMap(fromKey);
  }

  @Override
  public K firstKey() {
    return view.firstKey();
  }

  @Override
  public K lastKey() {
    return view.lastKey();
  }

  @Override
  public int size() {
    return view.size();
  }

  @Override
  public boolean isEmpty() {
    return view.isEmpty();
  }

  @Override
  public boolean containsKey(Object key) {
    return view.containsKey(key);
  }

  @Override
  public boolean containsValue(Object value) {
    return view.containsValue(value);
  }

  @Override
  public V get(Object key) {
    return view.get(key);
  }

  @Override
  public Set<K> keySet() {
    return view.keySet();
  }

  @Override
  public Collection<V> values() {
    return view.values();
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return view.entrySet();
  }

  @Override
  public boolean equals(Object o) {
    return o == this || view.equals(o);
  }

  @Override
  public int hashCode() {
    return view.hashCode();
  }

  @Override
  public String toString() {
    return view.toString();
  }

  /**
   * Sorted arrays seen as a sorted map, only for {@link TreeMap}'s constructor, which reads its
   * size, comparator (natural order) and entries in order; nothing else is supported.
   */
  private static final class SortedRun<K, V> extends AbstractMap<K, V>
      implements SortedMap<K, V> {
    private final K[] keys;
    private final V[] values;
    private final int size;

    SortedRun(K[] keys, V[] values, int size) {
      this.keys = keys;
      this.values = values;
      this.size = size;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public Comparator<? super K> comparator() {
      return null;
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < size;
            }

            @Override
            public Map.Entry<K, V> next() {
              if (next >= size) {
                throw new NoSuchElementException();
              }
              return new SimpleImmutableEntry<>(keys[next], values[next++]);
            }
          };
        }

        @Override
        public int size() {
          return size;
        }
      };
    }

    @Override
    public SortedMap<K, V> subMap(K fromKey, K toKey) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SortedMap<K, V> headMap(K toKey) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SortedMap<K, V> tailMap(K fromKey) {
      throw new UnsupportedOperationException();
    }

    @Override
    public K firstKey() {
      throw new UnsupportedOperationException();
    }

    @Override
    public K lastKey() {
      throw new UnsupportedOperationException();
    }
  }
}
