package dev.baton.model;

import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.Locale;

/**
 * Identifies a person (or robot) acting on promotions: requester, approver, deployer. Immutable
 * and thread-safe.
 *
 * <p>There is one normal form, applied when the value is built, so that comparison, hashing,
 * storage and display all agree: surrounding white space is trimmed; an e-mail-like id (one that
 * holds {@code '@'}) is lower-cased and loses the trailing dot of a fully qualified domain, so
 * {@code ALICE@EXAMPLE.COM} and {@code alice@example.com.} are both {@code alice@example.com}.
 * Characters a reader cannot see or that reorder what they see are refused with INVALID_ARGUMENT:
 * control characters, bidirectional controls, zero-width characters and every other Unicode
 * format character, and line or paragraph separators. Normalising an id again changes nothing.
 *
 * @param value the identifier in its normal form
 * @since 0.1
 */
public record UserId(String value) implements Comparable<UserId> {
  /**
   * Validates and normalises the identifier.
   *
   * @param value the identifier in its normal form
   * @since 0.1
   */
  public UserId {
    value = normalise(value);
  }

  /**
   * Static factory, same as the constructor: the value is normalised.
   *
   * @param value the text of a user id
   * @return the validated value
   * @throws dev.baton.error.BatonException {@code INVALID_ARGUMENT} for a value the constructor
   *     refuses
   * @since 0.1
   */
  public static UserId of(String value) {
    return new UserId(value);
  }

  /**
   * Orders by value, as text ({@link String#compareTo}), so that sorted output is stable.
   *
   * @param other the value to compare with
   * @return negative, zero or positive as this value sorts before, with or after {@code other}
   * @since 0.1
   */
  @Override
  public int compareTo(UserId other) {
    return value.compareTo(other.value);
  }

  /**
   * The value itself, so that it prints (in messages, logs and commit trailers) as written.
   *
   * @return {@link #value()}
   * @since 0.1
   */
  @Override
  public String toString() {
    return value;
  }

  private static String normalise(String raw) {
    Arguments.notNull(raw, "UserId");
    for (int i = 0; i < raw.length(); ) {
      int c = raw.codePointAt(i);
      if (invisible(c)) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT, String.format(
            "UserId must not hold control, bidirectional or zero-width characters"
                + " (found U+%04X at index %d)", c, i));
      }
      i += Character.charCount(c);
    }
    String value = raw.strip();
    if (value.indexOf('@') >= 0) {
      value = value.toLowerCase(Locale.ROOT);
      while (value.endsWith(".") && value.lastIndexOf('@') < value.length() - 2) {
        value = value.substring(0, value.length() - 1);
      }
    }
    return Checks.id(value, "UserId");
  }

  // U+200B-U+200D, U+2060, U+FEFF, U+200E/F, U+202A-U+202E and U+2066-U+2069 are all format
  // characters (Cf); refusing the whole category also covers soft hyphens, U+061C and tags.
  private static boolean invisible(int c) {
    int type = Character.getType(c);
    return Character.isISOControl(c) || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
        || c == 0x200B || c == 0x2060 || c == 0xFEFF;
  }
}
