package dev.baton.git;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;

/** Argument checks of this package; refusals are {@link ErrorCode#INVALID_ARGUMENT}. */
final class Require {
  private Require() {}

  static <T> T notNull(T value, String what) {
    if (value == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, what + " is required");
    }
    return value;
  }

  static void argument(boolean ok, String message) {
    if (!ok) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, message);
    }
  }
}
