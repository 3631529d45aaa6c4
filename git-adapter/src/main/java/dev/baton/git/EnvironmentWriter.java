package dev.baton.git;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.internal.Backoff;
import dev.baton.git.internal.CommitWriter;
import dev.baton.git.internal.RefSwap;
import dev.baton.model.Revision;
import dev.baton.model.WriteResult;
import dev.baton.model.WriteStatus;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writing half of {@link GitEnvironmentRepository}: one commit per promotion, built in the
 * object database on the branch tip, and a compare-and-set of the target ref (locally or by
 * push), retried with backoff while other writers win; the folder check makes a write whose
 * environment moved STALE. Thread-safe; with a remote the repository serialises writes.
 */
final class EnvironmentWriter {
  private static final Logger LOG = LoggerFactory.getLogger(EnvironmentWriter.class);

  private final GitBranch git;
  private final WriteMode mode;
  private final int maxAttempts;
  private final Backoff backoff;
  private final RaceHook raceHook;
  private final WriteSteps steps;
  private final PromotionMarkers markers;
  private final PullRequests pullRequests;
  private final VerifiedTrees verified = new VerifiedTrees(64);

  EnvironmentWriter(GitBranch git, WriteMode mode, int maxAttempts, Backoff backoff,
      RaceHook raceHook, WriteSteps steps, PromotionMarkers markers, PullRequests pullRequests) {
    this.git = git;
    this.mode = mode;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.raceHook = raceHook;
    this.steps = steps;
    this.markers = markers;
    this.pullRequests = pullRequests;
  }

  WriteResult write(PreparedWrite write) throws IOException {
    for (int attempt = 1; ; attempt++) {
      if (git.sync() != null) {
        git.sync().fetch(List.of(git.baseRef(), write.pullRequestRef(), write.marker()));
      }
      Optional<PromotionMarkers.Found> existing = markers.lookup(write.promotion(),
          write.folder(), write.marker(), write.pullRequestRef());
      if (existing.isPresent()) {
        return alreadyWritten(write, existing.get());
      }
      Optional<WriteResult> done =
          attempt(write, git.requireTip(git.resolve(git.view(git.baseRef()))), attempt);
      if (done.isPresent()) {
        return done.get();
      }
      if (attempt >= maxAttempts) {
        throw new BatonException(ErrorCode.WRITE_CONFLICT, "promotion " + write.promotion()
            + " lost the race for " + targetRef(write) + " " + attempt
            + " times in a row; nothing was written");
      }
      LOG.debug("promotion {} lost the race for {} (attempt {}), retrying", write.promotion(),
          targetRef(write), attempt);
      backoff.pause(attempt);
    }
  }

  /** One try: empty when the ref moved under us (retry), else the outcome. */
  private Optional<WriteResult> attempt(PreparedWrite write, ObjectId tip, int attempt)
      throws IOException {
    try (ObjectInserter inserter = git.repository().newObjectInserter();
        ObjectReader reader = inserter.newReader();
        RevWalk walk = new RevWalk(reader)) {
      ObjectId tipTree = walk.parseCommit(tip).getTree();
      Optional<ObjectId> current = FolderTrees.resolve(reader, tipTree, write.folder());
      if (!folderUnchanged(walk, write, tip, current)) {
        LOG.info("promotion {} is stale: {} changed since {}", write.promotion(), write.folder(),
            write.write().expectedRevision());
        return Optional.of(new WriteResult(WriteStatus.STALE, Revision.of(tip.name())));
      }
      // Everything is read and checked before the first object is written.
      if (current.isPresent() && !verified.contains(current.get())) {
        FolderTrees.verify(reader, current.get(), write.folder());
        verified.add(current.get());
      }
      FolderEdit edit = FolderEdit.plan(reader, current.orElse(null), write.changes(),
          write.executable());
      ObjectId folderTree = edit.write(inserter);
      if (folderTree != null) {
        // Checked folder plus checked changes: the new folder needs no listing next time.
        verified.add(folderTree);
      }
      ObjectId tree =
          FolderTrees.replaceFolder(reader, inserter, tipTree, write.folder(), folderTree);
      ObjectId commitId = CommitWriter.commit(inserter, tree, List.of(tip), write.author(),
          write.committer(), write.message());
      steps.reached(WriteSteps.Step.COMMIT_BUILT);

      raceHook.beforeUpdate(attempt);
      if (!moveTarget(write, tip, commitId)) {
        return Optional.empty();
      }
      steps.reached(WriteSteps.Step.BRANCH_MOVED);
      boolean marked = markers.record(write.marker(), commitId);
      steps.reached(WriteSteps.Step.MARKER_RECORDED);
      LOG.info("promotion {} written to {} as {}", write.promotion(), targetRef(write),
          commitId.name());
      if (mode == WriteMode.PULL_REQUEST) {
        pullRequests.open(write, commitId);
      } else if (marked) {
        // Without its marker the commit must stay above the watermark, where lookups read it.
        markers.advance(commitId, tip);
      }
      return Optional.of(new WriteResult(WriteStatus.WRITTEN, Revision.of(commitId.name())));
    }
  }

  /** Whether the folder at the tip is the folder at the expected revision. */
  private boolean folderUnchanged(RevWalk walk, PreparedWrite write, ObjectId tip,
      Optional<ObjectId> current) throws IOException {
    Revision expected = write.write().expectedRevision();
    if (expected.value().equals(tip.name())) {
      return true;
    }
    Optional<ObjectId> then;
    if (expected.equals(GitEnvironmentRepository.UNBORN)) {
      then = Optional.empty();
    } else {
      ObjectId id = git.knownCommit(expected);
      if (id == null) {
        // A revision this repository does not know cannot be vouched for: the caller re-reads.
        return false;
      }
      then = FolderTrees.resolve(walk.getObjectReader(), walk.parseCommit(id).getTree(),
          write.folder());
    }
    return then.equals(current);
  }

  private String targetRef(PreparedWrite write) {
    return mode == WriteMode.DIRECT ? git.baseRef() : write.pullRequestRef();
  }

  /** Compare-and-set of the target ref (locally or by push); false when another write won. */
  private boolean moveTarget(PreparedWrite write, ObjectId tip, ObjectId commitId)
      throws IOException {
    String target = targetRef(write);
    ObjectId expectedOld = mode == WriteMode.DIRECT ? tip : ObjectId.zeroId();
    if (git.sync() != null) {
      return git.sync().push(target, commitId, expectedOld);
    }
    return RefSwap.compareAndSet(git.repository(), target, expectedOld, commitId,
        write.committer(), "baton: " + write.write().commit().title())
        == RefSwap.Outcome.MOVED;
  }

  private WriteResult alreadyWritten(PreparedWrite write, PromotionMarkers.Found found)
      throws IOException {
    LOG.info("promotion {} was already written as {}", write.promotion(),
        found.commit().name());
    if (!found.byMarker()) {
      markers.record(write.marker(), found.commit());
    }
    if (mode == WriteMode.PULL_REQUEST && git.resolve(git.view(write.pullRequestRef())) != null) {
      // Opening is idempotent; this also opens it if the first attempt failed after the commit.
      pullRequests.open(write, found.commit());
    }
    return new WriteResult(WriteStatus.ALREADY_WRITTEN, Revision.of(found.commit().name()));
  }
}
