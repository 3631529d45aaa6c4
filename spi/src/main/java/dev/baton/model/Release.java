package dev.baton.model;

import dev.baton.error.Arguments;
import java.time.Instant;
import java.util.Optional;

/**
 * What a promotion produced when it executed: the target's new state (as the revision that carries
 * it) and where its deployment stands. Stored with its promotion so that one compare-and-set
 * covers both.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id release identity
 * @param revision the revision (Git commit) holding the target's new state
 * @param createdAt when the release was created
 * @param deployState deployment state
 * @param deployMessage the deployer's last word, empty when none
 * @param deployedAt when it was deployed, if it was
 * @param deployedBy who deployed it (the requester's approver for DIRECT, the person for manual)
 * @since 0.1
 */
public record Release(
    ReleaseId id,
    Revision revision,
    Instant createdAt,
    DeployState deployState,
    String deployMessage,
    Optional<Instant> deployedAt,
    Optional<UserId> deployedBy) {
  /**
   * Validates.
   *
   * @param id release identity
   * @param revision the revision (Git commit) holding the target's new state
   * @param createdAt when the release was created
   * @param deployState deployment state
   * @param deployMessage the deployer's last word, empty when none
   * @param deployedAt when it was deployed, if it was
   * @param deployedBy who deployed it (the requester's approver for DIRECT, the person for manual)
   * @since 0.1
   */
  public Release {
    Arguments.notNull(id, "release id");
    Arguments.notNull(revision, "release revision");
    Arguments.notNull(createdAt, "release time");
    Arguments.notNull(deployState, "deploy state");
    deployMessage = Checks.text(deployMessage);
    Arguments.notNull(deployedAt, "deploy time");
    Arguments.notNull(deployedBy, "deployer");
  }

  /**
   * A release that is not deployed yet.
   *
   * @param id the release's id
   * @param revision the revision the promotion wrote
   * @param at when it was created
   * @return a release WAITING for its deploy
   * @since 0.1
   */
  public static Release created(ReleaseId id, Revision revision, Instant at) {
    return new Release(id, revision, at, DeployState.WAITING, "", Optional.empty(),
        Optional.empty());
  }

  /**
   * This release in another deploy state.
   *
   * @param state the new deploy state
   * @param message what happened, for people
   * @param at when it was deployed, for DEPLOYED
   * @param by who deployed it, for DEPLOYED
   * @return the release with the same id, revision and creation time
   * @since 0.1
   */
  public Release withDeploy(DeployState state, String message, Optional<Instant> at,
      Optional<UserId> by) {
    return new Release(id, revision, createdAt, state, message, at, by);
  }
}
