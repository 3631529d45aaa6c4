package dev.baton.git.state;

import dev.baton.git.state.StateIndex.Entry;
import java.util.AbstractSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SortedSet;

/**
 * A list already in {@link StateIndex#ENTRIES_NEWEST_FIRST} order, seen as a sorted set only so
 * that a {@link java.util.TreeSet} copies it without comparing (in linear time); nothing else is
 * supported. Not thread-safe.
 */
final class SortedEntries extends AbstractSet<Entry> implements SortedSet<Entry> {
  private final List<Entry> list;

  SortedEntries(List<Entry> list) {
    this.list = list;
  }

  @Override
  public Iterator<Entry> iterator() {
    return list.iterator();
  }

  @Override
  public int size() {
    return list.size();
  }

  @Override
  public Comparator<? super Entry> comparator() {
    return StateIndex.ENTRIES_NEWEST_FIRST;
  }

  @Override
  public SortedSet<Entry> subSet(Entry from, Entry to) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SortedSet<Entry> headSet(Entry to) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SortedSet<Entry> tailSet(Entry from) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Entry first() {
    return list.get(0);
  }

  @Override
  public Entry last() {
    return list.get(list.size() - 1);
  }
}
