package dev.baton.examples.cli;

import dev.baton.model.EnvironmentWrite;
import dev.baton.model.WriteResult;
import dev.baton.spi.EnvironmentRepository;
import dev.baton.spi.ForwardingEnvironmentRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The pending work-tree update of a checked-out branch, kept in {@code <git dir>/baton/
 * worktree-sync} so that a process killed between Baton's commit and the work-tree update does
 * not leave the index and files at the old commit (where the user's next {@code git commit -a}
 * would silently revert the promotion). It is written before Baton commits on the branch
 * ({@link #recordingBefore}), removed once the work tree was brought up to the branch, and a
 * workspace that opens and finds it finishes the update first ({@link Workspace#open}).
 *
 * <p>The file holds two lines: {@code branch refs/heads/NAME} and {@code from SHA} (the commit
 * the index and work tree match); the new tip is the branch's tip when the update is finished.
 * Not thread-safe; one per workspace.
 */
final class WorkTreeJournal {
  /**
   * Test hook, read only by the CLI: when this environment variable is {@code after-commit}, the
   * process halts right after Baton's commit on the branch, before the work tree is updated, as
   * a {@code kill -9} there would (no shutdown hooks, no finally blocks); when it is {@code
   * in-work-tree-update}, it halts while it holds the index lock to update the work tree. For
   * crash tests only.
   */
  static final String HALT_HOOK = "BATON_TEST_HALT";

  /** Halts the process like {@code kill -9} when the {@link #HALT_HOOK} names this point. */
  static void haltAt(String point) {
    if (point.equals(System.getenv(HALT_HOOK))) {
      Runtime.getRuntime().halt(137);
    }
  }

  private final Path file;
  private final String branchRef;
  private boolean written;

  /** The pending update, as read from the file. */
  record Pending(String branchRef, ObjectId from) {}

  WorkTreeJournal(Path gitDir, String branchRef) {
    this.file = gitDir.resolve("baton").resolve("worktree-sync");
    this.branchRef = branchRef;
  }

  /** The pending update a killed process left, if any (an unreadable file counts as none). */
  Optional<Pending> pending() {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.size() >= 2 && lines.get(0).startsWith("branch ")
          && lines.get(1).startsWith("from ") && ObjectId.isId(lines.get(1).substring(5))) {
        return Optional.of(new Pending(lines.get(0).substring(7),
            ObjectId.fromString(lines.get(1).substring(5))));
      }
      return Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Records that the work tree matches {@code from} while Baton is about to commit. */
  void begin(ObjectId from) {
    if (written) {
      return; // the first write of this process knows what the work tree matches
    }
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("worktree-sync.tmp");
      Files.writeString(tmp, "branch " + branchRef + "\nfrom " + from.name() + "\n",
          StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      written = true;
    } catch (IOException e) {
      // Without the journal nothing is committed: the promotion must not outrun its recovery.
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  /** Removes the journal once the update is done (or was handed to the user). */
  void finish() {
    try {
      Files.deleteIfExists(file);
      written = false;
    } catch (IOException e) {
      // A journal left behind is finished again by the next command: a no-op then.
    }
  }

  /**
   * The environment repository, recording the work tree's commit before every write. {@code
   * workTreeTip} is the commit the checked-out work tree matches.
   */
  EnvironmentRepository recordingBefore(EnvironmentRepository delegate, ObjectId workTreeTip) {
    WorkTreeJournal journal = this;
    return new ForwardingEnvironmentRepository(delegate) {
      @Override
      public WriteResult write(EnvironmentWrite write) {
        journal.begin(workTreeTip);
        WriteResult result = super.write(write);
        haltAt("after-commit");
        return result;
      }
    };
  }
}
