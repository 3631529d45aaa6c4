package dev.baton.memory;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.regex.Pattern;

/** Argument checks of the in-memory ports: a null is bad input, refused before any change. */
final class Args {
  private static final Pattern KIND = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,25})?");

  private Args() {}

  static <T> T notNull(T value, String what) {
    if (value == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, what + " is required");
    }
    return value;
  }

  static BatonException invalid(String message) {
    return new BatonException(ErrorCode.INVALID_ARGUMENT, message);
  }

  /** An id kind: empty, or up to 26 ref-safe characters (so an id fits in 63). */
  static String kind(String kind) {
    notNull(kind, "id kind");
    if (!KIND.matcher(kind).matches() || kind.contains("..")) {
      throw invalid("an id kind is empty or up to 26 letters, digits, '.', '_' or '-'"
          + " starting with a letter or digit: '" + kind + "'");
    }
    return kind;
  }
}
