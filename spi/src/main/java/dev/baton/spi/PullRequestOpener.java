package dev.baton.spi;

import dev.baton.model.PromotionId;
import dev.baton.model.PullRequestState;

/**
 * Port that opens a pull (merge) request on the hosting service for a promotion written to its own
 * branch, and says whether it was merged or closed. Thread-safe.
 *
 * <p>The engine does not call it: an {@link EnvironmentRepository} that writes in pull request
 * mode does (the Git adapter's {@code WriteMode.PULL_REQUEST}). The adapter calls {@link #open}
 * after it has committed the promotion to its branch, and again whenever it finds the commit but
 * no recorded reference (a crash or failure after the commit), so opening must be idempotent per
 * promotion. It asks {@link #state} while the promotion waits for its merge, from
 * {@link EnvironmentRepository#delivery}. A failure of either is reported by the adapter as
 * {@code BACKEND_FAILURE}; nothing is lost, and the call is made again later. Calls may block and
 * use the network.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface PullRequestOpener {

  /**
   * Opens a request to merge {@code branch} into {@code base} and returns a reference to it (a
   * URL or number). Opening the same promotion twice must return the same reference.
   *
   * <p>The adapter keeps the reference and shows it in the promotion's release; it passes it back
   * to {@link #state}.
   *
   * @param promotion the promotion the branch carries
   * @param branch the branch holding the promotion's commit (the request's head)
   * @param base the branch the environment is read and deployed from
   * @param title the request's title (the commit's title)
   * @param body the request's description (the commit message's body, with its trailers)
   * @return the request's reference; never null
   * @throws RuntimeException any, when the request could not be opened; the write is kept and
   *     the opening is retried
   * @since 0.1
   */
  String open(PromotionId promotion, String branch, String base, String title, String body);

  /**
   * Optional ability: where the request {@code reference} (as {@link #open} returned it) stands.
   * The default answers {@link PullRequestState#OPEN}: the repository then learns of a merge by
   * finding the promotion on the base branch, and never learns of a closed request. An adapter
   * for a hosting service answers CLOSED for a request closed without merging, so that the
   * promotion ends visibly instead of waiting for ever; MERGED lets a promotion whose merge
   * commit lost its {@code Promotion-Id:} trailer count as delivered. A failure may throw; the
   * promotion then keeps waiting and is asked about again.
   *
   * <p>CLOSED ends the promotion REJECTED; MERGED lets the engine decide its deploy. Only asked
   * when the promotion's commit was not found on the base branch.
   *
   * @param reference a reference {@link #open} returned
   * @return the request's state; never null (null is treated as a failure)
   * @since 0.1
   */
  default PullRequestState state(String reference) {
    return PullRequestState.OPEN;
  }
}
