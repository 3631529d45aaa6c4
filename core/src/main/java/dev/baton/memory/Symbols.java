package dev.baton.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values the in-memory store's packed promotions share, each kept once and written as its
 * number: projects, environments, people, scopes and rule lists (few, and repeated in every
 * promotion), and short texts (the engine's reasons and messages, approvers' usual comments).
 * Numbers start at 1; 0 means that the value follows written out, which is how a value is
 * written once its kind's table is full. Names are bounded by what a platform has; texts are
 * not, so only the first {@value #TEXTS} short ones get numbers. Never shrinks, never renumbers:
 * a packed promotion's numbers stay valid for the store's life. Not thread-safe: the store calls
 * it with its lock held.
 */
final class Symbols {
  /** How many names (ids, scopes, rule lists) get numbers. */
  static final int NAMES = 1 << 20;
  /** How many short texts get numbers. */
  static final int TEXTS = 1 << 14;
  /** The longest text that gets a number. */
  static final int SHORT_TEXT = 64;

  private final List<Object> values = new ArrayList<>();
  private final Map<Object, Integer> numbers = new HashMap<>();
  private final int nameRoom;
  private final int textRoom;
  private int names;
  private int texts;

  /** A table with room for {@code nameRoom} names and {@code textRoom} texts. */
  Symbols(int nameRoom, int textRoom) {
    this.nameRoom = nameRoom;
    this.textRoom = textRoom;
  }

  /** The number of a name, given one if it has none and there is room; 0 when it has none. */
  int name(Object value) {
    Integer known = numbers.get(value);
    if (known != null) {
      return known;
    }
    if (names >= nameRoom) {
      return 0;
    }
    names++;
    return add(value);
  }

  /** The number of a text, given one if it is short and there is room; 0 when it has none. */
  int text(String value) {
    // a long text never has a number: not hashed at all (a deploy message is often one)
    if (value.length() > SHORT_TEXT) {
      return 0;
    }
    Integer known = numbers.get(value);
    if (known != null) {
      return known;
    }
    if (texts >= textRoom) {
      return 0;
    }
    texts++;
    return add(value);
  }

  private int add(Object value) {
    values.add(value);
    int number = values.size();
    numbers.put(value, number);
    return number;
  }

  /** The value of a number this table gave. */
  Object value(int number) {
    return values.get(number - 1);
  }
}
