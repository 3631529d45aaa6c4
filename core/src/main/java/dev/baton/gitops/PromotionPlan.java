package dev.baton.gitops;

import dev.baton.model.FileChange;
import java.util.List;

/**
 * What a promotion writes into the target ({@code changes}: one per file, only files that change,
 * sorted by path) and every difference between the two environments with whether it moves
 * ({@code differences}). Immutable.
 *
 * @param changes the file changes
 * @param differences every difference found, moving or staying, in file and document order
 * @param backwards the moving workload versions that are older than the target's (by version
 *     order, where the versions have one): a promotion that has any is a rollback
 */
public record PromotionPlan(List<FileChange> changes, List<Difference> differences,
    List<Difference> backwards) {

  /** Copies. */
  public PromotionPlan {
    changes = List.copyOf(changes);
    differences = List.copyOf(differences);
    backwards = List.copyOf(backwards);
  }

  /** The differences the promotion moves. */
  public List<Difference> moves() {
    return differences.stream().filter(Difference::moves).toList();
  }

  /** Whether the promotion would write nothing. */
  public boolean isEmpty() {
    return changes.isEmpty();
  }
}
