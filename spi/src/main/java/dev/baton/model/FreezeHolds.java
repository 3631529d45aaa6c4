package dev.baton.model;

/**
 * What a {@link Freeze} holds while it is in force.
 *
 * <p>Where the deploy is a GitOps controller syncing the environment's folder, the commit into
 * the folder is the deploy, so holding only the deploy command holds nothing: use
 * {@link #WRITE_AND_DEPLOY}, the default.
 *
 * <p>Immutable and thread-safe, as every enum.
 *
 * @since 0.1
 */
public enum FreezeHolds {
  /**
   * Promotions still write into the frozen environment's folder and get their release; only the
   * deploy waits (PENDING_RELEASE, HELD_BY_FREEZE) and manual deploys are refused.
   *
   * @since 0.1
   */
  DEPLOY,
  /**
   * Nothing is written into the frozen environment's folder: a promotion whose quorum is met
   * stays PENDING_APPROVAL, held, until the freeze ends and it is resumed or recovered; deploys
   * are held as with {@link #DEPLOY}.
   *
   * @since 0.1
   */
  WRITE_AND_DEPLOY
}
