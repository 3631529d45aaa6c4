package dev.baton.git.state;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.internal.Backoff;
import dev.baton.git.internal.CommitWriter;
import dev.baton.git.internal.GitFailures;
import dev.baton.git.internal.RefSwap;
import dev.baton.git.internal.TreeEdits;
import dev.baton.git.state.internal.StateLayout;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state ref of one {@link GitStateStore}: every call runs under its lock, first bringing the
 * index up to the ref (refusing a ref that moved backwards, through the {@link StateWatermark});
 * a change is one commit moved onto the ref by compare-and-set, decided again on the newest state
 * after each lost race and retried with backoff. Thread-safe.
 */
final class StateRef {
  private static final Logger LOG = LoggerFactory.getLogger(StateRef.class);

  private final Repository repository;
  private final String ref;
  private final String committerName;
  private final String committerEmail;
  private final Clock clock;
  private final int maxAttempts;
  private final Backoff backoff;
  private final StateWatermark watermark;
  private final StateLoader loader;
  private final ReentrantLock lock = new ReentrantLock();
  // The newest commit this instance read from or wrote to the ref; the ref must descend from it.
  private ObjectId seenCommit;
  private boolean closed;

  StateRef(Repository repository, String ref, String committerName, String committerEmail,
      Clock clock, int maxAttempts, Backoff backoff) {
    this.repository = repository;
    this.ref = ref;
    this.committerName = committerName;
    this.committerEmail = committerEmail;
    this.clock = clock;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.watermark = new StateWatermark(repository, ref);
    this.loader = new StateLoader(repository, ref);
  }

  Repository repository() {
    return repository;
  }

  String name() {
    return ref;
  }

  StateLoader loader() {
    return loader;
  }

  int maxAttempts() {
    return maxAttempts;
  }

  /** Baton as the author and committer of a state commit made now. */
  PersonIdent who() {
    return new PersonIdent(committerName, committerEmail, clock.instant(), ZoneOffset.UTC);
  }

  /** Indexes the ref on opening, accepting its tip first when asked to. */
  void load(boolean acceptCurrentTip) {
    long started = System.nanoTime();
    locked(() -> {
      if (acceptCurrentTip) {
        watermark.accept(currentId());
      }
      refresh();
      return null;
    });
    LOG.debug("opened {} on {}: {} promotions indexed in {} ms", ref, repository.getDirectory(),
        loader.index().promotionCount(), (System.nanoTime() - started) / 1_000_000);
  }

  /** Answers a query on the newest state. */
  <R> R read(Function<StateIndex, R> query) {
    return locked(() -> {
      ensureOpen();
      refresh();
      try {
        return query.apply(loader.index());
      } catch (StateIndex.StaleIndexException e) {
        LOG.warn("{}", e.getMessage());
        loader.rebuild();
        return query.apply(loader.index());
      }
    });
  }

  /** Decides on the newest state and commits the change; again while other writers win. */
  <R> R mutate(Function<StateIndex, StateChange<R>> decide) {
    return locked(() -> {
      ensureOpen();
      String lastTried = "";
      for (int attempt = 1; attempt <= maxAttempts; attempt++) {
        refresh();
        StateChange<R> change;
        try {
          change = decide.apply(loader.index());
        } catch (StateIndex.StaleIndexException e) {
          LOG.warn("{}", e.getMessage());
          loader.rebuild();
          change = decide.apply(loader.index());
        }
        if (change.writes().isEmpty()) {
          return change.answer();
        }
        ObjectId base = loader.indexedCommit();
        ObjectId commit = commit(change);
        if (commit == null) {
          return change.answer();
        }
        if (compareAndSet(base, commit, change.message())) {
          LOG.debug("{} -> {}: {}", ref, commit.name(), change.message());
          loader.refreshTo(commit);
          seen(commit);
          return change.answer();
        }
        loader.forgetWritten();
        lastTried = change.title();
        backOffIfUnmoved(base, attempt);
      }
      throw conflict("write '" + lastTried + "'");
    });
  }

  /** Runs an action under the store's lock. */
  <R> R locked(Supplier<R> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      loader.forgetWritten();
      lock.unlock();
    }
  }

  void ensureOpen() {
    if (closed) {
      throw new BatonException(ErrorCode.ILLEGAL_STATE, "the Git state store is closed");
    }
  }

  // Refuses a ref that moved backwards or was rewritten before reading anything it holds.
  void refresh() {
    ObjectId current = watermark.check(this::currentId, seenCommit);
    if (!Objects.equals(current, loader.indexedCommit())) {
      loader.refreshTo(current);
    }
    seen(current);
  }

  /** Notes a commit read from or written to the ref; the ref must contain it from now on. */
  void seen(ObjectId commit) {
    if (commit != null && !commit.equals(seenCommit)) {
      seenCommit = commit;
      watermark.advance(commit);
    }
  }

  private ObjectId currentId() {
    try {
      Ref current = repository.exactRef(ref);
      return current == null ? null : current.getObjectId();
    } catch (IOException e) {
      throw GitFailures.backend(repository, "read " + ref, e);
    }
  }

  /** Writes the change's files and a commit on the indexed one; null if nothing changed. */
  private ObjectId commit(StateChange<?> change) {
    ObjectId base = loader.indexedCommit();
    ObjectId baseTree = loader.indexedTree();
    try (ObjectInserter inserter = repository.newObjectInserter();
         ObjectReader reader = inserter.newReader()) {
      TreeEdits edits = new TreeEdits(reader, inserter);
      for (StateChange.FileWrite w : change.writes()) {
        if (w.content() == null) {
          edits.delete(w.path());
        } else {
          loader.wrote(w.path(), edits.put(w.path(), w.content()), w.value());
        }
      }
      if (baseTree == null) {
        // The first change creates the ref; it must say what it holds.
        edits.put(StateLayout.FORMAT_PATH, StateLayout.formatFile());
      }
      ObjectId tree = edits.applyTo(baseTree);
      if (tree.equals(baseTree)) {
        return null;
      }
      PersonIdent who = who();
      return CommitWriter.commit(inserter, tree, base == null ? List.of() : List.of(base), who,
          who, change.message() + "\n");
    } catch (IOException e) {
      throw GitFailures.backend(repository, "write a state commit", e);
    }
  }

  /** Compare-and-set of the ref from {@code expected} (null: absent) to {@code next}. */
  boolean compareAndSet(ObjectId expected, ObjectId next, String message) {
    try {
      return RefSwap.compareAndSet(repository, ref, expected, next, null,
          "baton: " + message.lines().findFirst().orElse("")) == RefSwap.Outcome.MOVED;
    } catch (IOException e) {
      throw GitFailures.backend(repository, "update " + ref, e);
    }
  }

  // The ref moved: retry at once, the precondition gets checked again. It did not: someone
  // holds its lock, so wait a little (randomised, growing) before trying again.
  void backOffIfUnmoved(ObjectId base, int attempt) {
    if (!Objects.equals(currentId(), base) || attempt >= maxAttempts) {
      return;
    }
    backoff.pause(attempt);
  }

  BatonException conflict(String what) {
    LOG.warn("{} on {} lost the race {} times", what, ref, maxAttempts);
    return new BatonException(ErrorCode.WRITE_CONFLICT, "could not " + what + " on " + ref
        + " after " + maxAttempts + " attempts: other writers kept moving it, or a stale "
        + ref + ".lock file is left in the repository");
  }

  /** Closes the repository; idempotent. */
  void close() {
    locked(() -> {
      if (!closed) {
        closed = true;
        repository.close();
      }
      return null;
    });
  }
}
