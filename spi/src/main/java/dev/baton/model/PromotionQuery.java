package dev.baton.model;

import dev.baton.error.Arguments;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A filter and page over promotions, newest first (by request time, then id). Empty filters match
 * everything.
 *
 * <p>Immutable and thread-safe: collections are copied when it is built.
 *
 * @param project only this project, or all projects when empty
 * @param target only promotions into this environment
 * @param statuses only these statuses (empty: any)
 * @param requester only promotions by this person
 * @param requestedFrom requested at or after this instant
 * @param requestedUntil requested before this instant
 * @param executingOnly only promotions that hold an execution claim
 * @param offset how many matches to skip
 * @param limit at most this many results (1 to 1000)
 * @since 0.1
 */
public record PromotionQuery(
    Optional<ProjectId> project,
    Optional<EnvironmentName> target,
    Set<PromotionStatus> statuses,
    Optional<UserId> requester,
    Optional<Instant> requestedFrom,
    Optional<Instant> requestedUntil,
    boolean executingOnly,
    int offset,
    int limit) {

  /**
   * Validates and copies.
   *
   * @param project only this project, or all projects when empty
   * @param target only promotions into this environment
   * @param statuses only these statuses (empty: any)
   * @param requester only promotions by this person
   * @param requestedFrom requested at or after this instant
   * @param requestedUntil requested before this instant
   * @param executingOnly only promotions that hold an execution claim
   * @param offset how many matches to skip
   * @param limit at most this many results (1 to 1000)
   * @since 0.1
   */
  public PromotionQuery {
    Arguments.notNull(project, "project");
    Arguments.notNull(target, "target");
    statuses = statuses == null || statuses.isEmpty() ? Set.of() : copyOf(statuses);
    Arguments.notNull(requester, "requester");
    Arguments.notNull(requestedFrom, "from");
    Arguments.notNull(requestedUntil, "until");
    Checks.nonNegative(offset, "offset");
    if (limit < 1 || limit > 1000) {
      throw new dev.baton.error.BatonException(dev.baton.error.ErrorCode.INVALID_ARGUMENT,
          "limit must be between 1 and 1000, was " + limit);
    }
  }

  // An immutable set (Set.copyOf returns it as it is) is kept: the engine passes the same
  // constant on every request. Any other set is checked through an EnumSet, as before.
  private static Set<PromotionStatus> copyOf(Set<PromotionStatus> statuses) {
    Set<PromotionStatus> copy = Set.copyOf(statuses);
    return copy == statuses ? copy : Set.copyOf(EnumSet.copyOf(statuses));
  }

  /**
   * All promotions of a project, first page of 50.
   *
   * @param project the project
   * @return a query with no other filter, offset 0, limit 50
   * @since 0.1
   */
  public static PromotionQuery of(ProjectId project) {
    return new PromotionQuery(Optional.of(project), Optional.empty(), Set.of(), Optional.empty(),
        Optional.empty(), Optional.empty(), false, 0, 50);
  }

  /**
   * Every promotion of every project that holds an execution claim (for recovery).
   *
   * @return a query over all projects, executing promotions only, first page of 1000
   * @since 0.1
   */
  public static PromotionQuery executing() {
    return new PromotionQuery(Optional.empty(), Optional.empty(), Set.of(), Optional.empty(),
        Optional.empty(), Optional.empty(), true, 0, 1000);
  }

  /**
   * Whether a promotion passes the filters (paging aside).
   *
   * @param p a promotion
   * @return whether it passes every filter of this query
   * @since 0.1
   */
  public boolean matches(Promotion p) {
    return matches(p.project(), p.target(), p.status(), p.requester(), p.requestedAt(),
        p.claim().isPresent());
  }

  /**
   * Whether a promotion with these properties passes the filters (paging aside): the same test
   * as {@link #matches(Promotion)}, for a store that keeps only a summary of each promotion.
   *
   * @param promotionProject the promotion's project
   * @param promotionTarget its target environment
   * @param status its status
   * @param promotionRequester who requested it
   * @param requestedAt when it was requested
   * @param claimed whether it holds an execution claim
   * @return whether it passes every filter of this query
   * @since 0.1
   */
  public boolean matches(ProjectId promotionProject, EnvironmentName promotionTarget,
      PromotionStatus status, UserId promotionRequester, Instant requestedAt, boolean claimed) {
    return project.map(promotionProject::equals).orElse(true)
        && target.map(promotionTarget::equals).orElse(true)
        && (statuses.isEmpty() || statuses.contains(status))
        && requester.map(promotionRequester::equals).orElse(true)
        && requestedFrom.map(f -> !requestedAt.isBefore(f)).orElse(true)
        && requestedUntil.map(u -> requestedAt.isBefore(u)).orElse(true)
        && (!executingOnly || claimed);
  }

  /**
   * This query restricted to one target environment.
   *
   * @param value the target environment
   * @return a new query; this one is unchanged
   * @since 0.1
   */
  public PromotionQuery withTarget(EnvironmentName value) {
    return new PromotionQuery(project, Optional.of(value), statuses, requester, requestedFrom,
        requestedUntil, executingOnly, offset, limit);
  }

  /**
   * This query restricted to some statuses.
   *
   * @param value the statuses to match; empty matches any
   * @return a new query; this one is unchanged
   * @since 0.1
   */
  public PromotionQuery withStatuses(Set<PromotionStatus> value) {
    return new PromotionQuery(project, target, value, requester, requestedFrom, requestedUntil,
        executingOnly, offset, limit);
  }

  /**
   * This query restricted to one requester.
   *
   * @param value the requester
   * @return a new query; this one is unchanged
   * @since 0.1
   */
  public PromotionQuery withRequester(UserId value) {
    return new PromotionQuery(project, target, statuses, Optional.of(value), requestedFrom,
        requestedUntil, executingOnly, offset, limit);
  }

  /**
   * This query restricted to a request-time window {@code [from, until)}; either may be null.
   *
   * @param from the earliest request time (inclusive), or null for no bound
   * @param until the request time bound (exclusive), or null for no bound
   * @return a new query; this one is unchanged
   * @since 0.1
   */
  public PromotionQuery withRequestedBetween(Instant from, Instant until) {
    return new PromotionQuery(project, target, statuses, requester, Optional.ofNullable(from),
        Optional.ofNullable(until), executingOnly, offset, limit);
  }

  /**
   * This query on another page.
   *
   * @param newOffset how many matches to skip, zero or more
   * @param newLimit at most this many results, 1 to 1000
   * @return a new query; this one is unchanged
   * @since 0.1
   */
  public PromotionQuery withPage(int newOffset, int newLimit) {
    return new PromotionQuery(project, target, statuses, requester, requestedFrom,
        requestedUntil, executingOnly, newOffset, newLimit);
  }
}
