package dev.baton.git.state;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.internal.GitFailures;
import dev.baton.git.internal.RemoteClient;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares the state ref with remotes: pushes it (a fast-forward only) and fetches it, bringing
 * the local ref up to the remote's by fast-forward or, when both changed, by replaying the local
 * changes onto the remote's state ({@link StateReplay}). Thread-safe: it works under the state
 * ref's lock.
 */
final class StateSync {
  private static final Logger LOG = LoggerFactory.getLogger(StateSync.class);

  private final StateRef state;
  private final Repository repository;
  private final String ref;

  StateSync(StateRef state) {
    this.state = state;
    this.repository = state.repository();
    this.ref = state.name();
  }

  /** See {@link GitStateStore#push(String)}. */
  void push(String remote) {
    state.locked(() -> {
      state.ensureOpen();
      state.refresh();
      ObjectId tip = state.loader().indexedCommit();
      if (tip == null) {
        return null;
      }
      RemoteClient.PushOutcome pushed;
      try {
        pushed = new RemoteClient(repository, remote).push(ref, tip, null);
      } catch (IOException e) {
        throw new BatonException(ErrorCode.BACKEND_FAILURE,
            "cannot push " + ref + " to '" + remote + "': " + e.getMessage(), e);
      }
      switch (pushed.status()) {
        case OK, UP_TO_DATE -> { }
        case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> throw new BatonException(
            ErrorCode.WRITE_CONFLICT, "the remote '" + remote + "' has Baton state on " + ref
                + " that this repository lacks; fetch it first");
        case NOT_ATTEMPTED, REJECTED_NODELETE, REJECTED_OTHER_REASON, NON_EXISTING,
            AWAITING_REPORT -> throw new BatonException(ErrorCode.BACKEND_FAILURE, "pushing "
                + ref + " to '" + remote + "' failed: " + pushed.detail());
      }
      return null;
    });
  }

  /** See {@link GitStateStore#fetch(String)}. */
  SyncResult fetch(String remote) {
    return state.locked(() -> {
      state.ensureOpen();
      state.refresh();
      StateLoader loader = state.loader();
      Optional<String> before = Optional.ofNullable(loader.indexedCommit()).map(ObjectId::name);
      ObjectId theirs;
      try {
        theirs = new RemoteClient(repository, remote).fetch(List.of(ref)).get(ref);
      } catch (IOException e) {
        throw new BatonException(ErrorCode.BACKEND_FAILURE,
            "cannot fetch " + ref + " from '" + remote + "': " + e.getMessage(), e);
      }
      if (theirs == null) {
        // No state there is no news.
        return SyncResult.unchanged(SyncResult.Outcome.NO_REMOTE_STATE, before);
      }
      for (int attempt = 1; attempt <= state.maxAttempts(); attempt++) {
        state.refresh();
        ObjectId ours = loader.indexedCommit();
        Optional<String> at = Optional.ofNullable(ours).map(ObjectId::name);
        if (theirs.equals(ours) || (ours != null && isAncestor(theirs, ours))) {
          return SyncResult.unchanged(SyncResult.Outcome.UP_TO_DATE, at);
        }
        SyncResult result;
        if (ours == null || isAncestor(ours, theirs)) {
          result = new SyncResult(SyncResult.Outcome.FAST_FORWARDED, at,
              Optional.of(theirs.name()), List.of(), List.of());
        } else {
          StateReplay.Outcome merged = replay(ours, theirs, remote);
          result = new SyncResult(SyncResult.Outcome.MERGED, at,
              Optional.of(merged.commit().name()), merged.replayed(), merged.refused());
        }
        ObjectId target = ObjectId.fromString(result.after().orElseThrow());
        loader.refreshTo(target); // validates everything that differs from the local state
        if (state.compareAndSet(ours, target, "fetch from " + remote)) {
          state.seen(target);
          LOG.info("{} {} to {} from {}: {} local change(s) replayed, {} refused", ref,
              result.outcome(), target.name(), remote, result.replayed().size(),
              result.refused().size());
          result.refused().forEach(c -> LOG.warn("not replayed onto {}'s state: {} {} ({})",
              remote, c.commit(), c.description(), c.reason()));
          return result;
        }
        loader.refreshTo(ours); // the index follows the ref, which another writer moved
        state.backOffIfUnmoved(ours, attempt);
      }
      throw state.conflict("fetch from " + remote);
    });
  }

  private StateReplay.Outcome replay(ObjectId ours, ObjectId theirs, String remote) {
    try (ObjectInserter inserter = repository.newObjectInserter();
         ObjectReader reader = inserter.newReader()) {
      return new StateReplay(repository, reader, inserter)
          .replay(ours, theirs, remote, state.who());
    } catch (IOException e) {
      throw GitFailures.backend(repository, "replay local state onto '" + remote + "'", e);
    }
  }

  private boolean isAncestor(ObjectId base, ObjectId tip) {
    try (RevWalk walk = new RevWalk(repository)) {
      return walk.isMergedInto(walk.parseCommit(base), walk.parseCommit(tip));
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw new BatonException(ErrorCode.STORE_CORRUPT, "the state on " + ref
          + " or fetched for it is not a commit history: " + e.getMessage(), e);
    } catch (IOException e) {
      throw GitFailures.backend(repository, "compare local and fetched state", e);
    }
  }
}
