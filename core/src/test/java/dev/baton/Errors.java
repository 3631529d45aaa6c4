package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that a call is refused with a given code. */
final class Errors {
  private Errors() {}

  static BatonException refused(ErrorCode code, ThrowingCallable call) {
    BatonException[] caught = new BatonException[1];
    assertThatThrownBy(call).isInstanceOfSatisfying(BatonException.class, e -> {
      assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
      caught[0] = e;
    });
    return caught[0];
  }
}
