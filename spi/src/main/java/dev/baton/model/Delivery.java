package dev.baton.model;

import dev.baton.error.Arguments;
import java.util.Optional;

/**
 * Where a promotion's write stands with respect to the branch that is deployed from, as an
 * {@link dev.baton.spi.EnvironmentRepository} sees it (see
 * {@link dev.baton.spi.EnvironmentRepository#delivery}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param status on the target, awaiting a merge, or closed unmerged
 * @param pullRequest the pull request's reference (a URL or number) when one carries the write
 * @param into the branch (or other place) the write must reach, empty when the repository does
 *     not say
 * @param landed for ON_TARGET, the revision on the target that carries the write when it differs
 *     from the revision written (a squash or rebase merge); empty otherwise
 * @since 0.1
 */
public record Delivery(DeliveryStatus status, Optional<String> pullRequest, String into,
    Optional<Revision> landed) {
  /**
   * Validates.
   *
   * @param status on the target, awaiting a merge, or closed unmerged
   * @param pullRequest the pull request's reference (a URL or number) when one carries the write
   * @param into the branch (or other place) the write must reach, empty when the repository does
   *     not say
   * @param landed for ON_TARGET, the revision on the target that carries the write when it differs
   *     from the revision written (a squash or rebase merge); empty otherwise
   * @since 0.1
   */
  public Delivery {
    Arguments.notNull(status, "delivery status");
    Arguments.notNull(pullRequest, "pull request");
    into = Checks.text(into);
    Arguments.notNull(landed, "landed revision");
  }

  /**
   * The write is on the target as written.
   *
   * @return ON_TARGET, naming no pull request, branch or landed revision
   * @since 0.1
   */
  public static Delivery onTarget() {
    return new Delivery(DeliveryStatus.ON_TARGET, Optional.empty(), "", Optional.empty());
  }

  /**
   * The write is on the target as {@code landed} (merged through {@code pullRequest}).
   *
   * @param pullRequest the request that carried it, or null when none is known
   * @param into the branch it reached
   * @param landed the revision that carries the write, when it differs from the written one
   * @return an ON_TARGET delivery
   * @since 0.1
   */
  public static Delivery landed(String pullRequest, String into, Optional<Revision> landed) {
    return new Delivery(DeliveryStatus.ON_TARGET, Optional.ofNullable(pullRequest), into,
        landed);
  }

  /**
   * The write waits for {@code pullRequest} to be merged into {@code into}.
   *
   * @param pullRequest the open request
   * @param into the branch it must reach
   * @return an AWAITING_MERGE delivery
   * @since 0.1
   */
  public static Delivery awaitingMerge(String pullRequest, String into) {
    return new Delivery(DeliveryStatus.AWAITING_MERGE,
        Optional.of(Arguments.notNull(pullRequest, "pull request")), into, Optional.empty());
  }

  /**
   * {@code pullRequest} was closed without merging into {@code into}.
   *
   * @param pullRequest the closed request
   * @param into the branch it will never reach
   * @return a CLOSED delivery
   * @since 0.1
   */
  public static Delivery closed(String pullRequest, String into) {
    return new Delivery(DeliveryStatus.CLOSED,
        Optional.of(Arguments.notNull(pullRequest, "pull request")), into, Optional.empty());
  }
}
