package dev.baton.preview;

import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;

/** Walks one sorted map's entries in key order. */
final class Cursor {
  private final Iterator<Map.Entry<String, String>> entries;
  private String key;
  private String value;

  Cursor(SortedMap<String, String> map) {
    this.entries = map.entrySet().iterator();
    next();
  }

  /** The key this cursor stands on; null when none is left. */
  String key() {
    return key;
  }

  /** The value of {@code key} if this cursor stands on it (then it moves on), else null. */
  String take(String wanted) {
    if (key == null || !key.equals(wanted)) {
      return null;
    }
    String found = value;
    next();
    return found;
  }

  /** Moves past the keys before {@code wanted}, then as {@link #take}. */
  String seek(String wanted) {
    while (key != null && key.compareTo(wanted) < 0) {
      next();
    }
    return take(wanted);
  }

  private void next() {
    if (entries.hasNext()) {
      Map.Entry<String, String> entry = entries.next();
      key = entry.getKey();
      value = entry.getValue();
    } else {
      key = null;
      value = null;
    }
  }

  // the lesser of two keys, null standing for "none left"
  static String least(String a, String b) {
    return a == null ? b : b == null || a.compareTo(b) <= 0 ? a : b;
  }
}
