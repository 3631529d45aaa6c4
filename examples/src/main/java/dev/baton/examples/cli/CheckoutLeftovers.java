package dev.baton.examples.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * What a killed work-tree update leaves. JGit writes each file it checks out to
 * {@code ._NAME<digits>.tmp} beside it and then renames it, so a process killed in between
 * leaves that file, which {@code git status} shows as untracked; one killed after some renames
 * and before it wrote the index leaves files already at the new commit under an index still at
 * the old one, which would read as local changes and block the update's finish. Finishing a
 * killed process's update removes the first and puts the second back as the index has them,
 * only for the files the update changes. Stateless; thread-safe.
 */
final class CheckoutLeftovers {

  private CheckoutLeftovers() {}

  /**
   * Puts back, as {@code from} has them, the files an update from {@code from} to {@code to}
   * already wrote while the index still holds {@code from}'s entries for them: their contents
   * are exactly {@code to}'s (a file {@code to} adds is removed again). A file whose content is
   * anything else is a local change and stays. The update then runs again from {@code from}.
   * Returns how many files were put back. Called with the index lock free.
   */
  static int undoWritten(Repository repository, ObjectId from, ObjectId to) throws IOException {
    Path root = repository.getWorkTree().toPath();
    DirCache index = repository.readDirCache();
    int undone = 0;
    try (RevWalk walk = new RevWalk(repository); TreeWalk changed = new TreeWalk(repository);
        ObjectInserter.Formatter hashing = new ObjectInserter.Formatter()) {
      changed.addTree(walk.parseCommit(from).getTree());
      changed.addTree(walk.parseCommit(to).getTree());
      changed.setRecursive(true);
      changed.setFilter(TreeFilter.ANY_DIFF);
      while (changed.next()) {
        String path = changed.getPathString();
        Path file = root.resolve(path);
        ObjectId before = changed.getFileMode(0) == FileMode.MISSING ? null
            : changed.getObjectId(0);
        ObjectId after = changed.getFileMode(1) == FileMode.MISSING ? null
            : changed.getObjectId(1);
        DirCacheEntry entry = index.getEntry(path);
        boolean indexAtBefore = before == null ? entry == null
            : entry != null && entry.getObjectId().equals(before);
        if (after == null || !indexAtBefore || !Files.isRegularFile(file)
            || !hashing.idFor(Constants.OBJ_BLOB, Files.readAllBytes(file)).equals(after)) {
          continue;
        }
        if (before == null) {
          Files.delete(file);
        } else {
          Files.write(file, repository.open(before, Constants.OBJ_BLOB).getBytes());
        }
        undone++;
      }
    }
    return undone;
  }

  /** Removes the leftovers of an update from {@code from} to {@code to}; returns how many. */
  static int remove(Repository repository, ObjectId from, ObjectId to) throws IOException {
    Path root = repository.getWorkTree().toPath();
    int removed = 0;
    try (RevWalk walk = new RevWalk(repository); TreeWalk changed = new TreeWalk(repository)) {
      changed.addTree(walk.parseCommit(from).getTree());
      changed.addTree(walk.parseCommit(to).getTree());
      changed.setRecursive(true);
      changed.setFilter(TreeFilter.ANY_DIFF);
      while (changed.next()) {
        Path file = root.resolve(changed.getPathString());
        Path folder = file.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
          continue;
        }
        Pattern leftover = Pattern.compile(
            Pattern.quote("._" + file.getFileName()) + "-?[0-9]+\\.tmp");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder,
            f -> leftover.matcher(f.getFileName().toString()).matches()
                && Files.isRegularFile(f))) {
          for (Path f : files) {
            Files.deleteIfExists(f);
            removed++;
          }
        }
      }
    }
    return removed;
  }
}
