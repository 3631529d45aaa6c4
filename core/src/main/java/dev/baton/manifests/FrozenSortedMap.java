package dev.baton.manifests;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
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
 *
 * <p>A map made by {@link #ofSorted} reads its sorted arrays themselves: its size, look-ups (a
 * binary search), first and last keys and entries in order. Building a {@code TreeMap} of a
 * values file's 5,000 leaves and walking its entries took about 4 % of an uncached preview of
 * the file, and a preview reads such maps only in order; the {@code TreeMap} is built on the
 * first question the arrays do not answer (a sub-map, a search by value).
 */
final class FrozenSortedMap<K, V> extends AbstractMap<K, V> implements SortedMap<K, V> {
  private static final FrozenSortedMap<Object, Object> EMPTY =
      new FrozenSortedMap<>(new TreeMap<>());

  // the sorted arrays of a map made by ofSorted (then view is made on demand), else null
  private final K[] keys;
  private final V[] values;
  private final int size;
  private volatile SortedMap<K, V> view;

  private FrozenSortedMap(TreeMap<K, V> owned) {
    this.keys = null;
    this.values = null;
    this.size = owned.size();
    this.view = Collections.unmodifiableSortedMap(owned);
  }

  private FrozenSortedMap(K[] keys, V[] values, int size) {
    this.keys = keys;
    this.values = values;
    this.size = size;
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
   * distinct, not null and in their natural order. The map reads the arrays themselves: the
   * caller gives them up (nobody may modify them afterwards).
   */
  static <K extends Comparable<? super K>, V> SortedMap<K, V> ofSorted(K[] keys, V[] values,
      int size) {
    return new FrozenSortedMap<>(keys, values, size);
  }

  // the TreeMap's view, made from the arrays on the first question they do not answer
  private SortedMap<K, V> view() {
    SortedMap<K, V> made = view;
    if (made == null) {
      made = Collections.unmodifiableSortedMap(new TreeMap<>(new SortedRun<>(keys, values,
          size)));
      view = made;
    }
    return made;
  }

  // the index of key in the arrays, or -1; compared as TreeMap compares (the key asked for
  // against the keys held), so that null and keys of another type fail as they fail there
  @SuppressWarnings("unchecked")
  private int indexOf(Object key) {
    Comparable<Object> wanted = (Comparable<Object>) Objects.requireNonNull(key);
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = wanted.compareTo(keys[mid]);
      if (c > 0) {
        lo = mid + 1;
      } else if (c < 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  @Override
  public Comparator<? super K> comparator() {
    return keys != null ? null : view().comparator();
  }

  @Override
  public SortedMap<K, V> subMap(K fromKey, K toKey) {
    return view().subMap(fromKey, toKey);
  }

  @Override
  public SortedMap<K, V> headMap(K toKey) {
    return view().headMap(toKey);
  }

  @Override
  public SortedMap<K, V> tailMap(K fromKey) {
    return view().tailMap(fromKey);
  }

  @Override
  public K firstKey() {
    if (keys == null) {
      return view().firstKey();
    }
    if (size == 0) {
      throw new NoSuchElementException();
    }
    return keys[0];
  }

  @Override
  public K lastKey() {
    if (keys == null) {
      return view().lastKey();
    }
    if (size == 0) {
      throw new NoSuchElementException();
    }
    return keys[size - 1];
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public boolean containsKey(Object key) {
    return keys != null ? indexOf(key) >= 0 : view().containsKey(key);
  }

  @Override
  public boolean containsValue(Object value) {
    return view().containsValue(value);
  }

  @Override
  public V get(Object key) {
    if (keys == null) {
      return view().get(key);
    }
    int at = indexOf(key);
    return at < 0 ? null : values[at];
  }

  @Override
  public Set<K> keySet() {
    return keys != null ? Collections.unmodifiableSet(super.keySet()) : view().keySet();
  }

  @Override
  public Collection<V> values() {
    return keys != null ? Collections.unmodifiableCollection(super.values()) : view().values();
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    if (keys == null) {
      return view().entrySet();
    }
    return Collections.unmodifiableSet(new SortedRun<>(keys, values, size).entrySet());
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (keys != null ? super.equals(o) : view().equals(o));
  }

  @Override
  public int hashCode() {
    return keys != null ? super.hashCode() : view().hashCode();
  }

  @Override
  public String toString() {
    return keys != null ? super.toString() : view().toString();
  }

  /**
   * Sorted arrays seen as a sorted map, for {@link TreeMap}'s constructor, which reads its size,
   * comparator (natural order) and entries in order, and for the entries of a map made by
   * {@link #ofSorted} (immutable entries in order, for an unmodifiable set); nothing else is
   * supported.
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
