package dev.baton.model;

import dev.baton.error.Arguments;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The files as {@link EnvironmentFiles#files()} answers them: one array of paths and contents
 * in turn, the paths sorted. A read-only view of a {@code TreeMap} kept the map, a node per
 * file, the wrapper and, once anyone iterated it, four view objects, for as long as the files
 * were kept; a repository that keeps every revision keeps that per revision (about 180 bytes
 * for one file, against 40 here).
 *
 * <p>It answers as {@code Collections.unmodifiableSortedMap} of a {@code TreeMap} of the same
 * files does: in path order; every change refused with {@link UnsupportedOperationException},
 * even one that would change nothing; equal to, and hashing as, any map of the same entries;
 * and a look-up of {@code null} or of a key that is not comparable with a path fails as the
 * tree's does. Views are made when asked for and not kept. Immutable (so files already in this
 * form are shared, not copied) and thread-safe.
 */
final class SortedFiles implements SortedMap<String, String> {
  private static final SortedFiles NONE = new SortedFiles(new String[0]);

  // path 0, content 0, path 1, content 1, ...; paths strictly ascending
  private final String[] entries;

  private SortedFiles(String[] entries) {
    this.entries = entries;
  }

  /**
   * Checks every path and content in the map's own order, as a tree built by putting them
   * one by one would, and keeps them sorted; a map whose order is not the paths' natural one
   * (another comparator, or one that repeats a path) is sorted through such a tree.
   */
  static SortedFiles copyOf(SortedMap<String, String> files) {
    if (files instanceof SortedFiles same) {
      return same;
    }
    Copy copy = new Copy(files.size());
    files.forEach(copy);
    return copy.finish();
  }

  /** Collects the checked files in the order given, noting whether it was path order. */
  private static final class Copy implements BiConsumer<String, String> {
    private String[] entries;
    private int length;
    private boolean ascending = true;

    Copy(int size) {
      entries = new String[2 * size];
    }

    @Override
    public void accept(String path, String content) {
      String checked = EnvironmentPaths.requireInside(path);
      String text = Arguments.notNull(content, "content");
      if (length == entries.length) {
        // the map held more than its size said
        entries = Arrays.copyOf(entries, Math.max(2, 2 * length));
      }
      if (length > 0 && checked.compareTo(entries[length - 2]) <= 0) {
        ascending = false;
      }
      entries[length++] = checked;
      entries[length++] = text;
    }

    SortedFiles finish() {
      if (length == 0) {
        return NONE;
      }
      if (ascending) {
        return new SortedFiles(length == entries.length ? entries
            : Arrays.copyOf(entries, length));
      }
      TreeMap<String, String> tree = new TreeMap<>();
      for (int i = 0; i < length; i += 2) {
        tree.put(entries[i], entries[i + 1]);
      }
      String[] sorted = new String[2 * tree.size()];
      int at = 0;
      for (Map.Entry<String, String> file : tree.entrySet()) {
        sorted[at++] = file.getKey();
        sorted[at++] = file.getValue();
      }
      return new SortedFiles(sorted);
    }
  }

  /**
   * The position of the key's file, or {@code -(where it would go) - 1}. Compares as
   * {@code TreeMap.get} does (the key's {@code compareTo} with each path), so that null and
   * foreign keys fail the same way.
   */
  @SuppressWarnings("unchecked")
  private int find(Object key) {
    Objects.requireNonNull(key);
    Comparable<? super String> k = (Comparable<? super String>) key;
    int low = 0;
    int high = size() - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      int c = k.compareTo(entries[2 * middle]);
      if (c > 0) {
        low = middle + 1;
      } else if (c < 0) {
        high = middle - 1;
      } else {
        return middle;
      }
    }
    return -low - 1;
  }

  @Override
  public int size() {
    return entries.length >> 1;
  }

  @Override
  public boolean isEmpty() {
    return entries.length == 0;
  }

  @Override
  public String get(Object key) {
    int at = find(key);
    return at >= 0 ? entries[2 * at + 1] : null;
  }

  @Override
  public boolean containsKey(Object key) {
    return find(key) >= 0;
  }

  @Override
  public boolean containsValue(Object value) {
    for (int i = 1; i < entries.length; i += 2) {
      if (value != null && value.equals(entries[i])) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super String> action) {
    Objects.requireNonNull(action);
    for (int i = 0; i < entries.length; i += 2) {
      action.accept(entries[i], entries[i + 1]);
    }
  }

  @Override
  public Comparator<? super String> comparator() {
    return null;
  }

  @Override
  public String firstKey() {
    if (isEmpty()) {
      throw new NoSuchElementException();
    }
    return entries[0];
  }

  @Override
  public String lastKey() {
    if (isEmpty()) {
      throw new NoSuchElementException();
    }
    return entries[entries.length - 2];
  }

  // ranges are rare (nothing in Baton asks for one): a tree of the files answers them
  @Override
  public SortedMap<String, String> subMap(String fromKey, String toKey) {
    return Collections.unmodifiableSortedMap(tree().subMap(fromKey, toKey));
  }

  @Override
  public SortedMap<String, String> headMap(String toKey) {
    return Collections.unmodifiableSortedMap(tree().headMap(toKey));
  }

  @Override
  public SortedMap<String, String> tailMap(String fromKey) {
    return Collections.unmodifiableSortedMap(tree().tailMap(fromKey));
  }

  private TreeMap<String, String> tree() {
    // built from a sorted map in one pass, as the tree's own constructor does it
    return new TreeMap<>(this);
  }

  @Override
  public Set<String> keySet() {
    return Collections.unmodifiableSet(new AbstractSet<>() {
      @Override
      public Iterator<String> iterator() {
        return new Walk<>(0) {
          @Override
          String at(int i) {
            return entries[i];
          }
        };
      }

      @Override
      public int size() {
        return SortedFiles.this.size();
      }

      @Override
      public boolean contains(Object o) {
        return containsKey(o);
      }

      // as the tree's key set reports it, so that streams of the paths keep path order
      @Override
      public Spliterator<String> spliterator() {
        return Spliterators.spliterator(iterator(), size(), Spliterator.ORDERED
            | Spliterator.SORTED | Spliterator.DISTINCT | Spliterator.NONNULL
            | Spliterator.IMMUTABLE);
      }
    });
  }

  @Override
  public Collection<String> values() {
    return Collections.unmodifiableCollection(new AbstractCollection<>() {
      @Override
      public Iterator<String> iterator() {
        return new Walk<>(1) {
          @Override
          String at(int i) {
            return entries[i];
          }
        };
      }

      @Override
      public int size() {
        return SortedFiles.this.size();
      }

      @Override
      public boolean contains(Object o) {
        return containsValue(o);
      }

      @Override
      public Spliterator<String> spliterator() {
        return Spliterators.spliterator(iterator(), size(), Spliterator.ORDERED
            | Spliterator.NONNULL | Spliterator.IMMUTABLE);
      }
    });
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return Collections.unmodifiableSet(new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        return new Walk<>(0) {
          @Override
          Map.Entry<String, String> at(int i) {
            return new AbstractMap.SimpleImmutableEntry<>(entries[i], entries[i + 1]);
          }
        };
      }

      @Override
      public int size() {
        return SortedFiles.this.size();
      }

      @Override
      public boolean contains(Object o) {
        if (!(o instanceof Map.Entry<?, ?> e)) {
          return false;
        }
        int at = find(e.getKey());
        return at >= 0 && entries[2 * at + 1].equals(e.getValue());
      }

      // not SORTED: entries have no natural order, and a stream would take it for one
      @Override
      public Spliterator<Map.Entry<String, String>> spliterator() {
        return Spliterators.spliterator(iterator(), size(), Spliterator.ORDERED
            | Spliterator.DISTINCT | Spliterator.NONNULL | Spliterator.IMMUTABLE);
      }
    });
  }

  /** The files in path order, one element each from the array's {@code start}. */
  private abstract class Walk<T> implements Iterator<T> {
    private int next;

    Walk(int start) {
      next = start;
    }

    abstract T at(int i);

    @Override
    public boolean hasNext() {
      return next < entries.length;
    }

    @Override
    public T next() {
      if (next >= entries.length) {
        throw new NoSuchElementException();
      }
      T element = at(next);
      next += 2;
      return element;
    }
  }

  @Override
  public boolean equals(Object o) {
    if (o instanceof SortedFiles other) {
      return Arrays.equals(entries, other.entries);
    }
    // as AbstractMap's: the same size, and each of these files the other map's value of its
    // path (a map that cannot take a string key is not equal)
    if (o == this) {
      return true;
    }
    if (!(o instanceof Map<?, ?> other) || other.size() != size()) {
      return false;
    }
    try {
      for (int i = 0; i < entries.length; i += 2) {
        if (!entries[i + 1].equals(other.get(entries[i]))) {
          return false;
        }
      }
    } catch (ClassCastException | NullPointerException unfit) {
      return false;
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = 0;
    for (int i = 0; i < entries.length; i += 2) {
      hash += entries[i].hashCode() ^ entries[i + 1].hashCode();
    }
    return hash;
  }

  /** As {@code AbstractMap}'s: {@code {path=content, ...}} in path order. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < entries.length; i += 2) {
      text.append(i == 0 ? "" : ", ").append(entries[i]).append('=').append(entries[i + 1]);
    }
    return text.append('}').toString();
  }

  @Override
  public String put(String key, String value) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String remove(Object key) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void putAll(Map<? extends String, ? extends String> m) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void clear() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void replaceAll(BiFunction<? super String, ? super String, ? extends String> f) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String putIfAbsent(String key, String value) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean remove(Object key, Object value) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean replace(String key, String oldValue, String newValue) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String replace(String key, String value) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String computeIfAbsent(String key, Function<? super String, ? extends String> f) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String computeIfPresent(String key,
      BiFunction<? super String, ? super String, ? extends String> f) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String compute(String key,
      BiFunction<? super String, ? super String, ? extends String> f) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String merge(String key, String value,
      BiFunction<? super String, ? super String, ? extends String> f) {
    throw new UnsupportedOperationException();
  }
}
