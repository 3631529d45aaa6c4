package dev.baton.error;

/**
 * Stable, machine-readable reason for a refusal or failure, with the HTTP status an embedding
 * platform should render it as. Callers switch on the code; messages are for people.
 *
 * <p>Codes are append-only: a released code never changes its meaning or status.
 *
 * <p>Immutable and thread-safe, as every enum.
 *
 * @since 0.1
 */
public enum ErrorCode {
  /**
   * The source to target move is not a transition of the project's pipeline.
   *
   * @since 0.1
   */
  INVALID_STAGE_TRANSITION(400),
  /**
   * Unknown promotion id, or the caller may not see it.
   *
   * @since 0.1
   */
  PROMOTION_NOT_FOUND(404),
  /**
   * The same person approved this promotion before.
   *
   * @since 0.1
   */
  ALREADY_APPROVED(409),
  /**
   * The target environment is frozen and no break-glass session lets the deployment through.
   *
   * @since 0.1
   */
  ENVIRONMENT_FROZEN(423),
  /**
   * Another promotion into the same target environment is executing.
   *
   * @since 0.1
   */
  PROMOTION_IN_PROGRESS(409),
  /**
   * The promotion feature (or the feature asked for) is not enabled for the project.
   *
   * @since 0.1
   */
  FEATURE_NOT_AVAILABLE(403),
  /**
   * The caller lacks the permission the operation needs.
   *
   * @since 0.1
   */
  PERMISSION_DENIED(403),
  /**
   * A pipeline definition breaks the graph rules; the exception lists every problem.
   *
   * @since 0.1
   */
  INVALID_PIPELINE(400),
  /**
   * The project has no pipeline yet.
   *
   * @since 0.1
   */
  PIPELINE_NOT_FOUND(404),
  /**
   * An environment that the pipeline or the request names is not known.
   *
   * @since 0.1
   */
  UNKNOWN_ENVIRONMENT(400),
  /**
   * The operation is not allowed in the promotion's current status (for example, terminal).
   *
   * @since 0.1
   */
  ILLEGAL_STATE(409),
  /**
   * An argument is missing or out of range.
   *
   * @since 0.1
   */
  INVALID_ARGUMENT(400),
  /**
   * A YAML or JSON document is malformed, uses a refused feature, or breaks a limit.
   *
   * @since 0.1
   */
  MALFORMED_DOCUMENT(400),
  /**
   * A document or file is larger than the configured limit.
   *
   * @since 0.1
   */
  DOCUMENT_TOO_LARGE(413),
  /**
   * A path leaves the environment folder or the repository (.., absolute, symlink).
   *
   * @since 0.1
   */
  PATH_OUTSIDE_ENVIRONMENT(400),
  /**
   * A Git reference name is not valid.
   *
   * @since 0.1
   */
  INVALID_REF_NAME(400),
  /**
   * A Git write met a real content conflict, or kept losing the race after bounded retries.
   *
   * @since 0.1
   */
  WRITE_CONFLICT(409),
  /**
   * Stored state is corrupt or foreign and cannot be read safely.
   *
   * @since 0.1
   */
  STORE_CORRUPT(500),
  /**
   * A storage or Git backend failed (I/O, remote unreachable).
   *
   * @since 0.1
   */
  BACKEND_FAILURE(503),
  /**
   * The promotion would change nothing in the target: no commit, release or deploy is made.
   *
   * @since 0.1
   */
  NOTHING_TO_PROMOTE(409),
  /**
   * The source environment's folder holds no files, so there is nothing proven to promote.
   *
   * @since 0.1
   */
  EMPTY_ENVIRONMENT(409),
  /**
   * The target changed, since the promotion was requested, in a property the promotion moves:
   * what would be written is not what was approved. Nothing is written; request again.
   *
   * @since 0.1
   */
  TARGET_CHANGED(409),
  /**
   * The promotion would replace versions with older ones (a stale promotion) and was not
   * requested as a rollback. Also, at execution, for a write of the promotion found standing in
   * the target that another promotion's release was made on top of: releasing it would replace
   * that release's versions with older ones, which nobody asked for, rollback or not.
   *
   * @since 0.1
   */
  STALE_PROMOTION(409),
  /**
   * The branch environments live on does not exist; Baton never creates it.
   *
   * @since 0.1
   */
  BRANCH_NOT_FOUND(404),
  /**
   * The stored pipeline and the pipeline file on the branch disagree, and the operation would
   * have to pick one silently.
   *
   * @since 0.1
   */
  PIPELINE_CONFLICT(409),
  /**
   * The durable state ref moved backwards or was rewritten: its tip is not the newest state
   * commit this repository has seen, nor a descendant of it. Every operation is refused until
   * the ref is restored (or the new tip is explicitly accepted); nothing is replayed.
   *
   * @since 0.1
   */
  STATE_ROLLED_BACK(409),
  /**
   * A conditional pipeline replacement named a version that is not the stored one: someone
   * changed (or created) the pipeline since the caller read it. Nothing was stored.
   *
   * @since 0.2
   */
  PIPELINE_VERSION_MISMATCH(412);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /**
   * The HTTP status an embedding platform should answer with.
   *
   * @return the status code, such as 409
   * @since 0.1
   */
  public int httpStatus() {
    return httpStatus;
  }
}
