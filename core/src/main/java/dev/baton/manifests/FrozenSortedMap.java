package dev.baton.manifests;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
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
  static <K, V> SortedMap<K, V> owning(TreeMap<K, V> owned) {
    return new FrozenSortedMap<>(owned);
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
}
