package dev.baton.model;

/**
 * A deployer's answer.
 *
 * <p>Immutable and thread-safe.
 *
 * @param succeeded whether the environment now runs the release
 * @param message what happened, for people (output, error)
 * @since 0.1
 */
public record DeployResult(boolean succeeded, String message) {
  /**
   * Normalises the message.
   *
   * @param succeeded whether the environment now runs the release
   * @param message what happened, for people (output, error)
   * @since 0.1
   */
  public DeployResult {
    message = Checks.text(message);
  }

  /**
   * A successful deployment.
   *
   * @param message what happened, for people; null is read as empty
   * @return a successful result
   * @since 0.1
   */
  public static DeployResult ok(String message) {
    return new DeployResult(true, message);
  }

  /**
   * A failed deployment.
   *
   * @param message what went wrong, for people; null is read as empty
   * @return a failed result
   * @since 0.1
   */
  public static DeployResult failed(String message) {
    return new DeployResult(false, message);
  }
}
