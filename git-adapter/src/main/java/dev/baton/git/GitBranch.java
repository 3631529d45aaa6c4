package dev.baton.git;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.internal.GitFailures;
import dev.baton.model.Revision;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The opened repository and the branch environments live on, locally or through a remote: what
 * reads, writes, markers and pull requests share. It resolves refs through their remote views,
 * fetches under one lock (a transport and the views it moves are not for two threads at once),
 * and runs Git work so that I/O failures become Baton errors. Thread-safe.
 */
final class GitBranch implements AutoCloseable {
  private final Repository repository;
  private final String branch;
  private final String baseRef;
  private final RemoteSync sync;
  private final boolean fetchOnRead;
  private final ReentrantLock remoteLock = new ReentrantLock();
  private final AtomicBoolean closed = new AtomicBoolean();

  GitBranch(Repository repository, String branch, String remote, boolean fetchOnRead) {
    this.repository = repository;
    this.branch = branch;
    this.baseRef = Constants.R_HEADS + branch;
    this.sync = remote == null ? null : new RemoteSync(repository, remote);
    this.fetchOnRead = fetchOnRead;
  }

  Repository repository() {
    return repository;
  }

  String branch() {
    return branch;
  }

  /** The branch's full ref name. */
  String baseRef() {
    return baseRef;
  }

  /** The remote sync, or null without a remote. */
  RemoteSync sync() {
    return sync;
  }

  /** Runs Git work under the remote lock when there is a remote. */
  <T> T remotely(GitFailures.GitWork<T> work) throws IOException {
    if (sync == null) {
      return work.run();
    }
    remoteLock.lock();
    try {
      return work.run();
    } finally {
      remoteLock.unlock();
    }
  }

  /** Runs Git work of an open repository; its I/O failures become Baton errors. */
  <T> T call(GitFailures.GitWork<T> work) {
    if (closed.get()) {
      throw new BatonException(ErrorCode.ILLEGAL_STATE, "the Git environment repository is closed");
    }
    return GitFailures.call(work);
  }

  /** Fetches the named refs into their views (a no-op without a remote). */
  void fetch(Collection<String> refs) throws IOException {
    if (sync != null) {
      remotely(() -> {
        sync.fetch(refs);
        return null;
      });
    }
  }

  /** Fetches the branch before a read, unless reads do not fetch. */
  void refreshForRead() throws IOException {
    if (fetchOnRead) {
      fetch(List.of(baseRef));
    }
  }

  /** The tip of the branch (fetched first with a remote whose view is missing), or refused. */
  ObjectId tip() throws IOException {
    ObjectId tip = resolve(view(baseRef));
    if (tip == null && sync != null) {
      fetch(List.of(baseRef));
      tip = resolve(view(baseRef));
    }
    return requireTip(tip);
  }

  /**
   * The branch tip, or BRANCH_NOT_FOUND: Baton never creates the branch it reads and promotes
   * into (a mistyped branch name must not become an orphan branch holding one promotion).
   */
  ObjectId requireTip(ObjectId tip) {
    if (tip == null) {
      throw new BatonException(ErrorCode.BRANCH_NOT_FOUND, "branch '" + branch + "' does not"
          + " exist" + (sync == null ? "" : " on remote '" + sync.remote() + "'") + " in "
          + repository.getDirectory() + "; Baton never creates the branch it promotes into"
          + " (check the branch name, or create and push the branch first); nothing was"
          + " written");
    }
    return tip;
  }

  /** The local ref that shows a ref: itself, or its remote view. */
  String view(String ref) {
    return sync == null ? ref : sync.view(ref);
  }

  /** The id a ref holds, or null when it does not exist. */
  ObjectId resolve(String name) throws IOException {
    Ref ref = repository.exactRef(name);
    return ref == null ? null : ref.getObjectId();
  }

  /** The commit a revision names, or null when it is not a commit of this repository. */
  ObjectId knownCommit(Revision revision) throws IOException {
    if (!ObjectId.isId(revision.value())) {
      return null;
    }
    ObjectId id = ObjectId.fromString(revision.value());
    if (!repository.getObjectDatabase().has(id)) {
      return null;
    }
    try (RevWalk walk = new RevWalk(repository)) {
      RevObject object = walk.parseAny(id);
      return object instanceof RevCommit ? id : null;
    }
  }

  /** Closes the repository; later calls fail with ILLEGAL_STATE. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      repository.close();
    }
  }
}
