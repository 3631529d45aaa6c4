package dev.baton.spi;

import dev.baton.error.Arguments;
import java.util.regex.Pattern;

/**
 * Port for new identifiers, so tests get predictable ids. Ids must be unique across every engine
 * sharing a store and safe as Git ref components (letters, digits, '-', '_', '.'). Thread-safe.
 */
@FunctionalInterface
public interface IdGenerator {

  /** A new unique id; {@code kind} (such as "p" or "r") may prefix it for readability. */
  String next(String kind);

  /**
   * Returns {@code kind} if it is a kind an id may carry: empty, or up to 26 letters, digits,
   * '.', '_' or '-' starting with a letter or digit, so that an id built from it fits in a
   * 63-character ref component. Implementations call it first in {@link #next}.
   *
   * @throws dev.baton.error.BatonException {@code INVALID_ARGUMENT} for any other kind
   */
  static String checkKind(String kind) {
    Arguments.notNull(kind, "id kind");
    Arguments.check(Pattern.matches("([A-Za-z0-9][A-Za-z0-9._-]{0,25})?", kind)
        && !kind.contains(".."), "an id kind is empty or up to 26 letters, digits, '.', '_' or '-'"
            + " starting with a letter or digit: '" + kind + "'");
    return kind;
  }
}
