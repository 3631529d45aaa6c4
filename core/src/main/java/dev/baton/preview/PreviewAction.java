package dev.baton.preview;

import java.util.Locale;

/**
 * What a promotion does to one item of the target: the target gains it, loses it, gets another
 * value, or keeps what it has. Serialised in lowercase ({@code update}, {@code add},
 * {@code remove}, {@code no_change}).
 *
 * @since 0.1
 */
public enum PreviewAction {
  /**
   * The target's value changes.
   *
   * @since 0.1
   */
  UPDATE,
  /**
   * The target gains the item.
   *
   * @since 0.1
   */
  ADD,
  /**
   * The target loses the item.
   *
   * @since 0.1
   */
  REMOVE,
  /**
   * The target keeps what it has (which may differ from the source when not carried).
   *
   * @since 0.1
   */
  NO_CHANGE;

  /**
   * The lowercase name used in JSON and YAML.
   *
   * @since 0.1
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The action for a lowercase (or uppercase) name.
   *
   * @since 0.1
   */
  public static PreviewAction fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  static PreviewAction between(Object before, Object after) {
    if (before == null ? after == null : before.equals(after)) {
      return NO_CHANGE;
    }
    return before == null ? ADD : after == null ? REMOVE : UPDATE;
  }
}
