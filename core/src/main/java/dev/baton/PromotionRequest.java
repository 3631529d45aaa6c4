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
 * <p>A plain value: building one checks its fields but reads nothing; whether the project has the
 * transition, and whether the requester may ask, is decided by
 * {@link Promotions#request(PromotionRequest)}.
 *
 * <pre>{@code
 * PromotionRequest request = PromotionRequest.of("shop", "staging", "production", "alice")
 *     .withNotes("release 1.4").withIdempotencyKey("ci-run-8812");
 * }</pre>
 *
 * @param project the project
 * @param source the environment whose configuration moves
 * @param target the environment that receives it
 * @param requester who asks
 * @param notes free text for the approvers, may be empty
 * @param idempotencyKey a caller's key: asking again with the same key returns the first promotion
 *     instead of creating a second one; 1 to {@value #MAX_KEY} characters, no control characters,
 *     no surrounding white space
 * @param rollback whether the promotion may move versions backwards on purpose; it needs the
 *     rollback permission and is recorded in the history and the commit
 * @since 0.1
 */
public record PromotionRequest(
    ProjectId project, EnvironmentName source, EnvironmentName target, UserId requester,
    String notes, Optional<String> idempotencyKey, boolean rollback) {

  /**
   * The most characters an idempotency key may hold: it is stored with the promotion.
   *
   * @since 0.1
   */
  public static final int MAX_KEY = 200;

  /**
   * Validates.
   *
   * <p>A null {@code notes} is read as empty. Notes are not bounded here; the request refuses notes
   * over 10,000 characters.
   *
   * @param project the project
   * @param source the environment whose configuration moves
   * @param target the environment that receives it
   * @param requester who asks
   * @param notes free text for the approvers; null is read as empty
   * @param idempotencyKey the caller's key, or empty
   * @param rollback whether versions may move backwards on purpose
   * @throws BatonException INVALID_ARGUMENT when a field is missing or the key is out of bounds
   * @since 0.1
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

  /**
   * A request that is not a rollback.
   *
   * @param project the project
   * @param source the environment whose configuration moves
   * @param target the environment that receives it
   * @param requester who asks
   * @param notes free text for the approvers; null is read as empty
   * @param idempotencyKey the caller's key, or empty
   * @throws BatonException INVALID_ARGUMENT as the canonical constructor
   * @since 0.1
   */
  public PromotionRequest(ProjectId project, EnvironmentName source, EnvironmentName target,
      UserId requester, String notes, Optional<String> idempotencyKey) {
    this(project, source, target, requester, notes, idempotencyKey, false);
  }

  /**
   * A request without notes or idempotency key.
   *
   * @param project the project's id
   * @param source the source environment's name
   * @param target the target environment's name
   * @param requester the requester's id
   * @return a request that is not a rollback
   * @throws BatonException INVALID_ARGUMENT when a name or id is not valid
   * @since 0.1
   */
  public static PromotionRequest of(String project, String source, String target,
      String requester) {
    return new PromotionRequest(ProjectId.of(project), EnvironmentName.of(source),
        EnvironmentName.of(target), UserId.of(requester), "", Optional.empty());
  }

  /**
   * This request with notes for the approvers.
   *
   * @param text the notes; null is read as empty
   * @return a new request; this one is unchanged
   * @since 0.1
   */
  public PromotionRequest withNotes(String text) {
    return new PromotionRequest(project, source, target, requester, text, idempotencyKey,
        rollback);
  }

  /**
   * This request with an idempotency key.
   *
   * @param key 1 to {@value #MAX_KEY} characters, no control characters, no surrounding white space
   * @return a new request; this one is unchanged
   * @throws BatonException INVALID_ARGUMENT for a null key or one out of bounds
   * @since 0.1
   */
  public PromotionRequest withIdempotencyKey(String key) {
    return new PromotionRequest(project, source, target, requester, notes, Optional.of(key),
        rollback);
  }

  /**
   * This request as an explicit rollback, which may move versions backwards.
   *
   * @return a new request; this one is unchanged
   * @since 0.1
   */
  public PromotionRequest asRollback() {
    return new PromotionRequest(project, source, target, requester, notes, idempotencyKey, true);
  }
}
