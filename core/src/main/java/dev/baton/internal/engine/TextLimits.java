package dev.baton.internal.engine;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;

/**
 * The bound on free text a person types (notes, comments, reasons): it is checked before anything
 * is read or written, so an oversized text can never reach the state store. Stateless.
 */
public final class TextLimits {
  /** The most characters a note, comment or reason may hold. */
  public static final int MAX_TEXT = 10_000;

  private TextLimits() {}

  /**
   * Returns the text if it is within {@link #MAX_TEXT} characters.
   *
   * @throws BatonException INVALID_ARGUMENT, naming the limit, otherwise
   */
  public static String bounded(String text, String what) {
    if (text != null && text.length() > MAX_TEXT) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, what + " is " + text.length()
          + " characters long; the limit is " + MAX_TEXT + " characters");
    }
    return text;
  }
}
