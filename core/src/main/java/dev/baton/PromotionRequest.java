package dev.baton;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.UserId;
import java.util.Optional;

/**
 * What a person asks for when they request a promotion. Immutable.
 *
 * @param project the project
 * @param source the environment whose configuration moves
 * @param target the environment that receives it
 * @param requester who asks
 * @param notes free text for the approvers, may be empty
 * @param idempotencyKey a caller's key: asking again with the same key returns the first
 *     promotion instead of creating a second one; 1 to {@value #MAX_KEY} characters, no control
 *     characters, no surrounding white space
 * @param rollback whether the promotion may move versions backwards on purpose; it needs the
 *     rollback permission and is recorded in the history and the commit
 */
public record PromotionRequest(
    ProjectId project, EnvironmentName source, EnvironmentName target, UserId requester,
    String notes, Optional<String> idempotencyKey, boolean rollback) {

  /** The most characters an idempotency key may hold: it is stored with the promotion. */
  public static final int MAX_KEY = 200;

  /**
   * Validates.
   *
   * @throws BatonException INVALID_ARGUMENT when a field is missing or the key is out of bounds
   */
  public PromotionRequest {
    required(project, "project");
    required(source, "source");
    required(target, "target");
    required(requester, "requester");
    notes = notes == null ? "" : notes;
    required(idempotencyKey, "idempotency key (Optional.empty() for none)");
    idempotencyKey.ifPresent(PromotionRequest::requireKey);
  }

  private static void required(Object value, String what) {
    if (value == null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "the " + what + " is required");
    }
  }

  // Unbounded, a key would grow the stored promotion without limit; a control character in it
  // would reach terminals and logs.
  private static void requireKey(String key) {
    if (key.isEmpty() || key.length() > MAX_KEY || !key.strip().equals(key)
        || key.chars().anyMatch(Character::isISOControl)) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "an idempotency key is 1 to "
          + MAX_KEY + " characters without control characters or surrounding white space ("
          + key.length() + " characters given)");
    }
  }

  /** A request that is not a rollback. */
  public PromotionRequest(ProjectId project, EnvironmentName source, EnvironmentName target,
      UserId requester, String notes, Optional<String> idempotencyKey) {
    this(project, source, target, requester, notes, idempotencyKey, false);
  }

  /** A request without notes or idempotency key. */
  public static PromotionRequest of(String project, String source, String target,
      String requester) {
    return new PromotionRequest(ProjectId.of(project), EnvironmentName.of(source),
        EnvironmentName.of(target), UserId.of(requester), "", Optional.empty());
  }

  /** This request with notes for the approvers. */
  public PromotionRequest withNotes(String text) {
    return new PromotionRequest(project, source, target, requester, text, idempotencyKey,
        rollback);
  }

  /** This request with an idempotency key. */
  public PromotionRequest withIdempotencyKey(String key) {
    return new PromotionRequest(project, source, target, requester, notes, Optional.of(key),
        rollback);
  }

  /** This request as an explicit rollback, which may move versions backwards. */
  public PromotionRequest asRollback() {
    return new PromotionRequest(project, source, target, requester, notes, idempotencyKey, true);
  }
}
