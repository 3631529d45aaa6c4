package dev.baton.error;

import java.util.List;
import java.util.Objects;

/**
 * The one unchecked exception family of Baton. Every refusal and failure carries a stable
 * {@link ErrorCode}; {@link #problems()} lists every individual problem when one input had several
 * (for example a pipeline with a cycle and an unknown environment).
 *
 * <p>An operation that throws this has changed nothing. Instances are immutable.
 *
 * @since 0.1
 */
public class BatonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final List<String> problems;

  /**
   * Creates an exception with one problem, its message.
   *
   * @since 0.1
   */
  public BatonException(ErrorCode code, String message) {
    this(code, message, List.of(message), null);
  }

  /**
   * Creates an exception with one problem and the failure that caused it.
   *
   * @since 0.1
   */
  public BatonException(ErrorCode code, String message, Throwable cause) {
    this(code, message, List.of(message), cause);
  }

  /**
   * Creates an exception that reports several problems under one summary message.
   *
   * @since 0.1
   */
  public BatonException(ErrorCode code, String message, List<String> problems, Throwable cause) {
    super(code + ": " + Objects.requireNonNull(message, "message"), cause);
    this.code = Objects.requireNonNull(code, "code");
    this.problems = List.copyOf(problems);
  }

  /**
   * The stable code to switch on.
   *
   * @since 0.1
   */
  public ErrorCode code() {
    return code;
  }

  /**
   * The HTTP status matching {@link #code()}.
   *
   * @since 0.1
   */
  public int httpStatus() {
    return code.httpStatus();
  }

  /**
   * Every individual problem, in the order found; never empty.
   *
   * @since 0.1
   */
  public List<String> problems() {
    return problems;
  }
}
