package dev.baton.jdbc;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The documents of one type parsed last, by key, each with the text it was parsed from. A read
 * whose text is exactly the one parsed last for its key answers the value parsed then instead of
 * parsing again: parsing is a function of the text and the values are immutable records, so a hit
 * answers just what parsing would, and a document changed by anyone (another instance, an edit in
 * the database) has another text and is parsed afresh. Bounded: holding {@code capacity} entries,
 * it starts again from empty. Thread-safe.
 */
final class ParsedDocuments<T> {
  private final Class<T> type;
  private final int capacity;
  private final ConcurrentHashMap<String, Parsed<T>> byKey = new ConcurrentHashMap<>();

  /** A stored document's text and the value it reads as. */
  private record Parsed<T>(String text, T value) {}

  ParsedDocuments(Class<T> type, int capacity) {
    this.type = type;
    this.capacity = capacity;
  }

  /** The value {@code text} reads as; {@code what} names the document in a corruption report. */
  T read(String key, String text, String what) {
    Parsed<T> last = byKey.get(key);
    if (last != null && last.text().equals(text)) {
      return last.value();
    }
    T value = Json.read(text, type, what);
    if (byKey.size() >= capacity) {
      byKey.clear();
    }
    byKey.put(key, new Parsed<>(text, value));
    return value;
  }
}
