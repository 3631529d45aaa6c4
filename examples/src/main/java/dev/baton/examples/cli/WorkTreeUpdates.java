package dev.baton.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.errors.CheckoutConflictException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Keeps a checked-out branch's work tree and index up to the commits Baton makes on it (Baton
 * commits straight into the object database, like a push from elsewhere would): the update is
 * journaled before each commit ({@link WorkTreeJournal}), done after the command, and finished
 * by the next command when a process was killed in between. Not thread-safe: one per workspace.
 */
final class WorkTreeUpdates {
  private final Repository repository;
  private final String branch;
  // The branch tip when opened, when the work tree has the branch checked out.
  private final Optional<ObjectId> checkedOutTip;
  private final WorkTreeJournal journal;

  private WorkTreeUpdates(Repository repository, String branch,
      Optional<ObjectId> checkedOutTip, WorkTreeJournal journal) {
    this.repository = repository;
    this.branch = branch;
    this.checkedOutTip = checkedOutTip;
    this.journal = journal;
  }

  /**
   * Finishes a killed process's update first (its notice, if any, is added to
   * {@code notices}), then notes where the work tree of {@code branch} is, if it is checked out.
   */
  static WorkTreeUpdates open(Repository repository, String branch, List<String> notices) {
    Path gitDir = repository.getDirectory().toPath();
    PendingUpdate pending = finishPending(repository, gitDir, branch);
    pending.notice().ifPresent(notices::add);
    // While git's index lock keeps that update from finishing, the work tree stays at the
    // journal's commit: this process's own update then starts from there.
    Optional<ObjectId> tip = pending.workTreeAt().or(() -> checkedOutTip(repository, branch));
    return new WorkTreeUpdates(repository, branch, tip,
        new WorkTreeJournal(gitDir, Constants.R_HEADS + branch));
  }

  /** The tip of the checked-out branch when opened; empty when it is not checked out. */
  Optional<ObjectId> checkedOutTip() {
    return checkedOutTip;
  }

  /** The journal every commit on the checked-out branch is recorded in first. */
  WorkTreeJournal journal() {
    return journal;
  }

  /**
   * Brings the work tree and index up to the branch when Baton committed on the checked-out
   * branch: the two-way merge of {@code git read-tree -m -u OLD NEW}, so local changes to files
   * the commits did not touch stay; if they touched a file with local changes nothing is
   * updated.
   *
   * @param notices what was already said this command (a warning is not said twice)
   * @return a warning for people when the work tree could not be updated
   */
  Optional<String> sync(List<String> notices) {
    if (checkedOutTip.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> blocked = StaleLocks.blockingIndexUpdate(repository, branch,
        checkedOutTip.get());
    if (blocked.isPresent()) {
      // The journal stays: the next command finishes the update. Said once per command.
      return blocked.filter(warning -> !notices.contains(warning));
    }
    try {
      return twoWayMerge(repository, branch, checkedOutTip.get());
    } finally {
      // Done, or handed to the user with the command that finishes it.
      journal.finish();
    }
  }

  /**
   * What opening found of a killed process's work-tree update: a notice for people, and the
   * commit the work tree still matches when the update could not be finished now.
   */
  private record PendingUpdate(Optional<String> notice, Optional<ObjectId> workTreeAt) {
    static final PendingUpdate NONE = new PendingUpdate(Optional.empty(), Optional.empty());
  }

  /**
   * Finishes the work-tree update a killed process left in its {@link WorkTreeJournal}, when
   * its branch is still the checked-out one and has moved since; while git's index lock is
   * there, the journal is kept for a later command.
   *
   * @param openedBranch the branch this workspace opens
   */
  private static PendingUpdate finishPending(Repository repository, Path gitDir,
      String openedBranch) {
    if (repository.isBare()) {
      return PendingUpdate.NONE;
    }
    try {
      String head = repository.getFullBranch();
      WorkTreeJournal journal = new WorkTreeJournal(gitDir, head == null ? "" : head);
      Optional<WorkTreeJournal.Pending> pending = journal.pending();
      if (pending.isEmpty()) {
        return PendingUpdate.NONE;
      }
      if (!pending.get().branchRef().equals(head)) {
        journal.finish(); // the user checked out something else since: git updated the tree
        return PendingUpdate.NONE;
      }
      ObjectId tip = repository.resolve(head);
      if (tip == null || tip.equals(pending.get().from())) {
        // Not committed (yet): a crash before the commit, or a process about to commit.
        return PendingUpdate.NONE;
      }
      String branch = head.substring(Constants.R_HEADS.length());
      Optional<String> blocked = StaleLocks.blockingIndexUpdate(repository, branch,
          pending.get().from());
      if (blocked.isPresent()) {
        // Kept for the next command, once the lock is gone.
        return new PendingUpdate(blocked, Optional.of(pending.get().from())
            .filter(from -> branch.equals(openedBranch)));
      }
      // A kill inside the update leaves files written under an index at the old commit: they
      // are put back first, so that the update does not take them for local changes.
      CheckoutLeftovers.undoWritten(repository, pending.get().from(), tip);
      Optional<String> warning = twoWayMerge(repository, branch, pending.get().from());
      // A kill inside the update leaves the files JGit was writing.
      CheckoutLeftovers.remove(repository, pending.get().from(), tip);
      journal.finish();
      return new PendingUpdate(Optional.of(warning.orElse("notice: a baton process stopped"
          + " after committing to " + branch + " and before updating the work tree; the index"
          + " and work tree are now up to date")), Optional.empty());
    } catch (IOException e) {
      return new PendingUpdate(Optional.of("warning: finishing a killed baton's work-tree"
          + " update failed: " + e.getMessage()), Optional.empty());
    }
  }

  /**
   * {@code git read-tree -m -u BEFORE BRANCH}: local changes to files the commits did not touch
   * stay; if they touched a file with local changes nothing is updated.
   */
  private static Optional<String> twoWayMerge(Repository repository, String branch,
      ObjectId before) {
    try {
      ObjectId now = repository.resolve(Constants.R_HEADS + branch);
      if (now == null || now.equals(before)) {
        return Optional.empty();
      }
      try (RevWalk walk = new RevWalk(repository)) {
        DirCacheCheckout checkout = new DirCacheCheckout(repository,
            walk.parseCommit(before).getTree(), repository.lockDirCache(),
            walk.parseCommit(now).getTree());
        WorkTreeJournal.haltAt("in-work-tree-update");
        checkout.setFailOnConflict(true);
        checkout.checkout();
        return Optional.empty();
      }
    } catch (CheckoutConflictException e) {
      return Optional.of("warning: Baton committed to " + branch + ", but your local changes to "
          + String.join(", ", e.getConflictingFiles()) + " kept the work tree from being updated;"
          + " after dealing with them run: git read-tree -m -u "
          + before.abbreviate(12).name() + " " + branch);
    } catch (IOException e) {
      return Optional.of("warning: Baton committed to " + branch + ", but updating the work tree"
          + " failed (" + e.getMessage() + "); run: git read-tree -m -u "
          + before.abbreviate(12).name() + " " + branch);
    }
  }

  private static Optional<ObjectId> checkedOutTip(Repository repository, String branch) {
    try {
      if (repository.isBare()
          || !(Constants.R_HEADS + branch).equals(repository.getFullBranch())) {
        return Optional.empty();
      }
      return Optional.ofNullable(repository.resolve(Constants.R_HEADS + branch));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
