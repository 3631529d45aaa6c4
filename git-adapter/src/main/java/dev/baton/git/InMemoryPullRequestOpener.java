package dev.baton.git;

import dev.baton.model.PromotionId;
import dev.baton.model.PullRequestState;
import dev.baton.spi.PullRequestOpener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link PullRequestOpener} that opens nothing: it records every request in memory and answers
 * a stable reference per promotion ({@code pr-1}, {@code pr-2}, ... in order of first opening).
 * The default of {@link GitEnvironmentRepository} in {@link WriteMode#PULL_REQUEST} mode (its
 * builder warns when it is left at it), and a handy probe in tests: {@link #merged} and
 * {@link #closed} play the hosting service's part for {@link #state}. Thread-safe.
 *
 * @since 0.1
 */
public final class InMemoryPullRequestOpener implements PullRequestOpener {

  /**
   * One call of {@link #open}.
   *
   * @param promotion the promotion
   * @param branch the branch to merge
   * @param base the branch to merge into
   * @param title the request's title
   * @param body the request's description
   * @param reference the reference answered
   * @since 0.1
   */
  public record Request(PromotionId promotion, String branch, String base, String title,
      String body, String reference) {}

  private final Map<PromotionId, String> references = new HashMap<>();
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, PullRequestState> states = new HashMap<>();

  @Override
  public synchronized String open(PromotionId promotion, String branch, String base, String title,
      String body) {
    String reference = references.get(promotion);
    if (reference == null) {
      reference = "pr-" + (references.size() + 1);
      references.put(promotion, reference);
    }
    requests.add(new Request(promotion, branch, base, title, body, reference));
    return reference;
  }

  /** {@inheritDoc} OPEN unless {@link #merged} or {@link #closed} was called for it. */
  @Override
  public synchronized PullRequestState state(String reference) {
    return states.getOrDefault(reference, PullRequestState.OPEN);
  }

  /**
   * Reports the request as closed without merging from now on.
   *
   * @since 0.1
   */
  public synchronized void closed(String reference) {
    states.put(reference, PullRequestState.CLOSED);
  }

  /**
   * Reports the request as merged from now on (whether or not its commit is on the base).
   *
   * @since 0.1
   */
  public synchronized void merged(String reference) {
    states.put(reference, PullRequestState.MERGED);
  }

  /**
   * Every call so far, oldest first.
   *
   * @since 0.1
   */
  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /**
   * The reference answered for a promotion, if it was opened.
   *
   * @since 0.1
   */
  public synchronized Optional<String> reference(PromotionId promotion) {
    return Optional.ofNullable(references.get(promotion));
  }
}
