package dev.baton.error;

import java.util.List;
import java.util.Objects;

/**
 * The one unchecked exception family of Baton. Every refusal and failure carries a stable
 * {@link ErrorCode}; {@link #problems()} lists every individual problem when one input had several
 * (for example a pipeline with a cycle and an unknown environment).
 *
 * <p>A refusal (bad input, a missing permission or feature, a state that does not allow the verb)
 * is raised before anything is written and has changed nothing. A verb that executes a promotion
 * stores its decision before it writes and deploys; when it fails after that point, its
 * documentation says what stays stored. Switch on {@link #code()}, never on the message, which is
 * for people and may change. Instances are immutable.
 *
 * <p>Adapters throw it too, with the code that fits ({@code BACKEND_FAILURE} for I/O,
 * {@code STORE_CORRUPT} for unreadable state), and keep the original failure as the cause.
 *
 * @since 0.1
 */
public class BatonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The stable code; part of the serialized form. */
  private final ErrorCode code;
  /** Every individual problem, never empty; part of the serialized form. */
  private final List<String> problems;

  /**
   * Creates an exception with one problem, its message.
   *
   * @param code why
   * @param message what was wrong, for people; also the one problem
   * @since 0.1
   */
  public BatonException(ErrorCode code, String message) {
    this(code, message, List.of(message), null);
  }

  /**
   * Creates an exception with one problem and the failure that caused it.
   *
   * @param code why
   * @param message what was wrong, for people; also the one problem
   * @param cause the underlying failure, or null
   * @since 0.1
   */
  public BatonException(ErrorCode code, String message, Throwable cause) {
    this(code, message, List.of(message), cause);
  }

  /**
   * Creates an exception that reports several problems under one summary message.
   *
   * @param code why
   * @param message a summary, for people
   * @param problems every individual problem, in the order found; copied
   * @param cause the underlying failure, or null
   * @throws NullPointerException when {@code code}, {@code message} or {@code problems} is null
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
   * @return the code
   * @since 0.1
   */
  public ErrorCode code() {
    return code;
  }

  /**
   * The HTTP status matching {@link #code()}.
   *
   * @return the status, as {@link ErrorCode#httpStatus()}
   * @since 0.1
   */
  public int httpStatus() {
    return code.httpStatus();
  }

  /**
   * Every individual problem, in the order found; never empty.
   *
   * @return an immutable list
   * @since 0.1
   */
  public List<String> problems() {
    return problems;
  }
}
