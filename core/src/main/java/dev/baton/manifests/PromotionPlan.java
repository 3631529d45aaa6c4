package dev.baton.manifests;

import dev.baton.model.FileChange;
import dev.baton.model.PromotableProperty;
import dev.baton.model.PromotionRule;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The Git write plan of one promotion, made by {@link PromotionPlanner}: what the promotion
 * writes into the target ({@code changes}: one per file, only files that change, sorted by path)
 * and every difference between the two environments with whether it moves
 * ({@code differences}), with the categories and rules it was planned with. The preview shows
 * it; the commit carries its changes. Immutable and thread-safe.
 *
 * @param scope the categories that move
 * @param rules the rules that move more
 * @param changes the file changes
 * @param differences every difference found, moving or staying, in file and document order
 * @param backwards the moving workload versions that are older than the target's (by version
 *     order, where the versions have one): a promotion that has any is a rollback
 * @param sensitive the sensitive names the differences were marked with
 * @since 0.1
 */
public record PromotionPlan(Set<PromotableProperty> scope, List<PromotionRule> rules,
    List<FileChange> changes, List<Difference> differences, List<Difference> backwards,
    SensitiveNames sensitive) {

  /**
   * Copies.
   *
   * @since 0.1
   */
  public PromotionPlan {
    Objects.requireNonNull(sensitive, "sensitive");
    scope = Scopes.frozen(scope);
    rules = List.copyOf(rules);
    changes = List.copyOf(changes);
    differences = List.copyOf(differences);
    backwards = List.copyOf(backwards);
  }

  /**
   * A plan marked with the built-in sensitive names.
   *
   * @since 0.1
   */
  public PromotionPlan(Set<PromotableProperty> scope, List<PromotionRule> rules,
      List<FileChange> changes, List<Difference> differences, List<Difference> backwards) {
    this(scope, rules, changes, differences, backwards, SensitiveNames.defaults());
  }

  /**
   * The differences the promotion moves.
   *
   * @since 0.1
   */
  public List<Difference> moves() {
    return differences.stream().filter(Difference::moves).toList();
  }

  /**
   * Whether the promotion would write nothing.
   *
   * @since 0.1
   */
  public boolean isEmpty() {
    return changes.isEmpty();
  }
}
