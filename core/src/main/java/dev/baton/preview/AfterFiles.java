package dev.baton.preview;

import dev.baton.manifests.PromotionPlanner;
import dev.baton.manifests.Snapshot;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.FileChange;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The target's files as a plan leaves them, and their snapshots read the way a caller reads
 * them. A snapshot is a function of the files (and the way of reading), except for the
 * environment its warnings name and the revision stamped on it: so when the after files are
 * the source's own (a promotion that moves everything that differs) and the source's snapshot
 * has no warnings, that snapshot stamped with the after's environment and revision is what
 * reading the after files returns; when the plan writes nothing, the target's is. Either way
 * the after files are neither made nor hashed for the look-up. Not thread-safe (one preview).
 */
final class AfterFiles {
  private final EnvironmentFiles source;
  private final EnvironmentFiles target;
  private final List<FileChange> changes;
  // whether the after files are the source's; decided at the first question
  private Boolean takesSource;
  private EnvironmentFiles files;

  AfterFiles(EnvironmentFiles source, EnvironmentFiles target, List<FileChange> changes) {
    this.source = source;
    this.target = target;
    this.changes = changes;
  }

  /**
   * What {@code read} returns for the after files, given what it returned for the source's
   * and the target's.
   */
  Snapshot snapshot(Snapshot sourceSnapshot, Snapshot targetSnapshot,
      Function<EnvironmentFiles, Snapshot> read) {
    if (changes.isEmpty()) {
      // a plan that writes nothing leaves the target as it is: the same files, read once
      return targetSnapshot;
    }
    if (sourceSnapshot.warnings().isEmpty()) {
      if (takesSource == null) {
        takesSource = takesSourceFiles(target, changes, source);
      }
      if (takesSource) {
        // the after files are the target's environment and revision (as applyTo makes them)
        return new Snapshot(target.environment(), target.revision(),
            sourceSnapshot.workloads(), sourceSnapshot.values(), sourceSnapshot.bindings(),
            sourceSnapshot.variables(), sourceSnapshot.warnings());
      }
    }
    if (files == null) {
      files = PromotionPlanner.applyTo(target, changes);
    }
    return read.apply(files);
  }

  /**
   * Whether {@code target} with {@code changes} applied holds exactly the source's files,
   * decided without making the after files: every written file holds the source's text, every
   * deleted one is not the source's, every other target file holds the source's text, and the
   * after files number as many as the source's. A path changed twice is left to applyTo.
   */
  static boolean takesSourceFiles(EnvironmentFiles target, List<FileChange> changes,
      EnvironmentFiles source) {
    Map<String, String> from = source.files();
    Map<String, String> to = target.files();
    // a plan changes a file or two: a hash set only for many
    Set<String> changed = changes.size() > 8 ? new HashSet<>() : null;
    int size = to.size();
    for (int i = 0; i < changes.size(); i++) {
      FileChange change = changes.get(i);
      if (changed != null ? !changed.add(change.path())
          : indexOf(changes, change.path()) < i) {
        return false;
      }
      boolean had = to.containsKey(change.path());
      if (change.content().isPresent()) {
        if (!change.content().get().equals(from.get(change.path()))) {
          return false;
        }
        size += had ? 0 : 1;
      } else {
        if (from.containsKey(change.path())) {
          return false;
        }
        size -= had ? 1 : 0;
      }
    }
    if (size != from.size()) {
      return false;
    }
    for (Map.Entry<String, String> file : to.entrySet()) {
      boolean isChanged = changed != null ? changed.contains(file.getKey())
          : indexOf(changes, file.getKey()) >= 0;
      if (!isChanged && !file.getValue().equals(from.get(file.getKey()))) {
        return false;
      }
    }
    return true;
  }

  // the first change of the path; -1 when none
  private static int indexOf(List<FileChange> changes, String path) {
    for (int i = 0; i < changes.size(); i++) {
      if (changes.get(i).path().equals(path)) {
        return i;
      }
    }
    return -1;
  }
}
