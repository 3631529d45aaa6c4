package dev.baton;

import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.UserId;
import java.util.Objects;
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
 *     promotion instead of creating a second one
 * @param rollback whether the promotion may move versions backwards on purpose; it needs the
 *     rollback permission and is recorded in the history and the commit
 */
public record PromotionRequest(
    ProjectId project, EnvironmentName source, EnvironmentName target, UserId requester,
    String notes, Optional<String> idempotencyKey, boolean rollback) {

  /** Validates. */
  public PromotionRequest {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(requester, "requester");
    notes = notes == null ? "" : notes;
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
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
