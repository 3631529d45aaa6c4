package dev.baton.examples.cli;

import dev.baton.error.BatonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * The lock files a killed process can leave behind ({@code refs/baton/state.lock} and the
 * branch's {@code refs/heads/NAME.lock}, while one is there every write of that ref fails with
 * WRITE_CONFLICT; {@code index.lock}, while it is there the work tree cannot follow Baton's
 * commits). Git and Baton hold such a lock for milliseconds, so one older than the recovery
 * threshold is stale. Stateless; thread-safe.
 */
final class StaleLocks {

  private StaleLocks() {}

  /**
   * The lock files of the refs Baton writes and, with a work tree, of the index it updates,
   * whether or not they exist.
   */
  static List<Path> candidates(Repository repository, String branch) {
    List<Path> locks = new ArrayList<>(refLocks(repository, branch));
    if (!repository.isBare()) {
      locks.add(indexLock(repository));
    }
    return locks;
  }

  private static List<Path> refLocks(Repository repository, String branch) {
    Path gitDir = repository.getDirectory().toPath();
    List<Path> locks = new ArrayList<>(List.of(gitDir.resolve("refs/baton/state.lock"),
        gitDir.resolve(Constants.R_HEADS + branch + ".lock"),
        gitDir.resolve("refs/baton/marked/heads/" + branch + ".lock")));
    // A process killed while recording a promotion's marker leaves that marker's lock.
    try (Stream<Path> markers = Files.list(gitDir.resolve("refs/baton/promotions"))) {
      markers.filter(path -> path.getFileName().toString().endsWith(".lock")).sorted()
          .forEach(locks::add);
    } catch (IOException e) {
      // No marker folder yet (or unreadable): there is no marker lock to offer.
    }
    return locks;
  }

  private static Path indexLock(Repository repository) {
    return repository.getDirectory().toPath().resolve("index.lock");
  }

  /**
   * A warning for people when Baton moved {@code branch} past {@code before} while git's index
   * lock is there (a git command running, or a process killed while updating the work tree):
   * the index and files cannot follow now, and the update is left to the next command.
   */
  static Optional<String> blockingIndexUpdate(Repository repository, String branch,
      ObjectId before) {
    Path lock = indexLock(repository);
    try {
      ObjectId now = repository.resolve(Constants.R_HEADS + branch);
      if (repository.isBare() || !Files.exists(lock) || now == null || now.equals(before)) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty(); // the update itself reports what is wrong
    }
    return Optional.of("warning: Baton committed to " + branch + ", but " + lock + " exists, so"
        + " the index and work tree still show the commit before; if no git process is running,"
        + " the lock is stale: 'baton recover' removes it (once older than 10m; with"
        + " --older-than 0s now), and the next baton command updates the work tree");
  }

  /**
   * Removes the lock files older than {@code olderThan}; returns a line for people per lock
   * removed, and per lock left because it is younger.
   */
  static List<String> removeOlderThan(Repository repository, String branch, Duration olderThan,
      Instant now) {
    List<String> lines = new ArrayList<>();
    for (Path lock : candidates(repository, branch)) {
      try {
        if (!Files.isRegularFile(lock)) {
          continue;
        }
        Instant at = Files.getLastModifiedTime(lock).toInstant();
        Duration age = Duration.between(at, now).isNegative() ? Duration.ZERO
            : Duration.between(at, now);
        if (age.compareTo(olderThan) >= 0) {
          Files.deleteIfExists(lock);
          lines.add("Removed stale lock " + lock + " (" + Durations.format(age)
              + " old: a killed process left it).");
        } else {
          lines.add("Kept lock " + lock + " (" + Durations.format(age) + " old, younger than "
              + Durations.format(olderThan) + ": a process may be writing; if none is, run"
              + " 'baton recover --older-than 0s').");
        }
      } catch (IOException e) {
        lines.add("Could not remove lock " + lock + ": " + e.getMessage());
      }
    }
    return lines;
  }

  /** The WRITE_CONFLICT with a problem per lock file present, naming it and the way out. */
  static BatonException advise(BatonException e, Repository repository, String branch,
      Instant now) {
    List<String> problems = new ArrayList<>(e.problems());
    for (Path lock : refLocks(repository, branch)) {
      try {
        if (Files.isRegularFile(lock)) {
          Duration age = Duration.between(Files.getLastModifiedTime(lock).toInstant(), now);
          problems.add(lock + " exists (" + Durations.format(age.isNegative() ? Duration.ZERO
              : age) + " old) and blocks writes; if no git or baton process is writing, it is"
              + " stale: run 'baton recover' (it removes locks older than 10m), or 'baton"
              + " recover --older-than 0s' to remove it now");
        }
      } catch (IOException ignored) {
        // gone meanwhile: nothing to advise about it
      }
    }
    if (problems.size() == e.problems().size()) {
      return e;
    }
    String prefix = e.code() + ": ";
    String message = e.getMessage().startsWith(prefix)
        ? e.getMessage().substring(prefix.length()) : e.getMessage();
    return new BatonException(e.code(), message, problems, e);
  }
}
