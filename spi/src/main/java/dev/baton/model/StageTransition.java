package dev.baton.model;

import dev.baton.error.Arguments;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An edge of a pipeline: promotions may move from {@code from} to {@code to} once
 * {@code requiredApprovals} distinct people approve (0 executes at once).
 *
 * <p>Graph rules (no cycles, no self-loops, no duplicates, known environments, non-negative
 * counts) are checked by the pipeline validator in core, which reports every problem at once;
 * this record only refuses nulls.
 *
 * <p>Immutable and thread-safe: collections are copied when it is built.
 *
 * @param from source environment
 * @param to target environment
 * @param requiredApprovals distinct approvals needed; 0 means auto-approve
 * @param requesterMayApprove whether the requester's own approval counts toward the quorum
 *     (separation of duties is on by default, so this is normally {@code false})
 * @param scope the categories this transition moves, or empty to use the pipeline's default
 * @param rules the rules this transition moves by, replacing the pipeline's rules, or empty to
 *     use the pipeline's
 * @since 0.1
 */
public record StageTransition(
    EnvironmentName from,
    EnvironmentName to,
    int requiredApprovals,
    boolean requesterMayApprove,
    Optional<Set<PromotableProperty>> scope,
    Optional<List<PromotionRule>> rules) {

  /**
   * Validates and defensively copies.
   *
   * @param from source environment
   * @param to target environment
   * @param requiredApprovals distinct approvals needed; 0 means auto-approve
   * @param requesterMayApprove whether the requester's own approval counts toward the quorum
   *     (separation of duties is on by default, so this is normally {@code false})
   * @param scope the categories this transition moves, or empty to use the pipeline's default
   * @param rules the rules this transition moves by, replacing the pipeline's rules, or empty to
   *     use the pipeline's
   * @since 0.1
   */
  public StageTransition {
    Arguments.notNull(from, "transition source");
    Arguments.notNull(to, "transition target");
    Arguments.notNull(scope, "transition scope");
    Arguments.notNull(rules, "transition rules");
    scope = scope.map(s -> s.isEmpty()
        ? Set.<PromotableProperty>of() : Set.copyOf(EnumSet.copyOf(s)));
    rules = rules.map(List::copyOf);
  }

  /**
   * A transition with the pipeline's rules.
   *
   * @param from the source environment
   * @param to the target environment
   * @param requiredApprovals how many approvals a promotion needs, 0 or more
   * @param requesterMayApprove whether the requester's own approval counts
   * @param scope its own categories, or empty for the pipeline's default
   * @since 0.1
   */
  public StageTransition(EnvironmentName from, EnvironmentName to, int requiredApprovals,
      boolean requesterMayApprove, Optional<Set<PromotableProperty>> scope) {
    this(from, to, requiredApprovals, requesterMayApprove, scope, Optional.empty());
  }

  /**
   * A transition with separation of duties and the pipeline's default scope and rules.
   *
   * @param from the source environment's name
   * @param to the target environment's name
   * @param requiredApprovals how many approvals a promotion needs, 0 or more
   * @return the transition
   * @since 0.1
   */
  public static StageTransition of(String from, String to, int requiredApprovals) {
    return new StageTransition(EnvironmentName.of(from), EnvironmentName.of(to), requiredApprovals,
        false, Optional.empty(), Optional.empty());
  }

  /**
   * This transition with the requester allowed (or not) to approve their own promotion.
   *
   * @param allowed whether the requester's own approval counts
   * @return a new transition; this one is unchanged
   * @since 0.1
   */
  public StageTransition withRequesterMayApprove(boolean allowed) {
    return new StageTransition(from, to, requiredApprovals, allowed, scope, rules);
  }

  /**
   * This transition with its own categories.
   *
   * @param properties the categories it moves
   * @return a new transition; this one is unchanged
   * @since 0.1
   */
  public StageTransition withScope(Set<PromotableProperty> properties) {
    return new StageTransition(from, to, requiredApprovals, requesterMayApprove,
        Optional.of(properties), rules);
  }

  /**
   * This transition with its own rules, replacing the pipeline's.
   *
   * @param ownRules the rules
   * @return a new transition; this one is unchanged
   * @since 0.1
   */
  public StageTransition withRules(List<PromotionRule> ownRules) {
    return new StageTransition(from, to, requiredApprovals, requesterMayApprove, scope,
        Optional.of(ownRules));
  }
}
