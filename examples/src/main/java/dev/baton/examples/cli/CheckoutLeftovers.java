package dev.baton.examples.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The temporary files a killed work-tree update leaves: JGit writes each file it checks out to
 * {@code ._NAME<digits>.tmp} beside it and then renames it, so a process killed in between
 * leaves that file, which {@code git status} shows as untracked. Finishing a killed process's
 * update removes them, only in the folders of the files the update changes and only under that
 * exact name. Stateless; thread-safe.
 */
final class CheckoutLeftovers {

  private CheckoutLeftovers() {}

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
