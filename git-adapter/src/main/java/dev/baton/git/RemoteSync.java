package dev.baton.git;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PackLock;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to the configured remote: fetches a few named refs (those that may be missing too) into
 * their local views and pushes one ref with an expected old id. Branches land under
 * {@code refs/remotes/<remote>/}, anything else (promotion markers) under its own name.
 */
final class RemoteSync {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteSync.class);

  /** The outcome of a push: done, or lost to a change on the remote (retry), and why. */
  record PushOutcome(boolean ok, String detail) {}

  private final Repository repository;
  private final String remote;

  RemoteSync(Repository repository, String remote) {
    this.repository = repository;
    this.remote = remote;
  }

  String remote() {
    return remote;
  }

  /** The local ref that mirrors a remote ref. */
  String view(String remoteRef) {
    if (remoteRef.startsWith(Constants.R_HEADS)) {
      return Constants.R_REMOTES + remote + "/" + remoteRef.substring(Constants.R_HEADS.length());
    }
    return remoteRef;
  }

  /**
   * Fetches the named remote refs and makes each local view match: a ref the remote has is
   * copied; a branch the remote no longer has loses its view; markers are only ever added.
   * An explicit refspec would fail for a missing ref, so this asks the advertisement first.
   */
  void fetch(Collection<String> remoteRefs) throws IOException {
    Map<String, ObjectId> advertised = new LinkedHashMap<>();
    List<PackLock> locks = new ArrayList<>();
    try (Transport transport = Transport.open(repository, remote)) {
      try (FetchConnection connection =
          transport.openFetch(List.of(), remoteRefs.toArray(String[]::new))) {
        Map<ObjectId, Ref> wants = new LinkedHashMap<>();
        for (String name : remoteRefs) {
          Ref ref = connection.getRef(name);
          if (ref != null && ref.getObjectId() != null) {
            advertised.put(name, ref.getObjectId());
            if (!repository.getObjectDatabase().has(ref.getObjectId())) {
              wants.putIfAbsent(ref.getObjectId(), ref);
            }
          }
        }
        if (!wants.isEmpty()) {
          connection.setPackLockMessage("baton fetch from " + remote);
          try {
            connection.fetch(NullProgressMonitor.INSTANCE, wants.values(), Set.of());
          } finally {
            locks.addAll(connection.getPackLocks());
          }
        }
      }
      for (String name : remoteRefs) {
        updateView(name, advertised.get(name));
      }
    } catch (URISyntaxException | NotSupportedException | TransportException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "fetching from remote '" + remote + "' failed: " + e.getMessage(), e);
    } finally {
      for (PackLock lock : locks) {
        lock.unlock();
      }
    }
  }

  private void updateView(String remoteRef, ObjectId id) throws IOException {
    String view = view(remoteRef);
    Ref current = repository.exactRef(view);
    if (id == null) {
      if (current != null && !view.equals(remoteRef)) {
        RefUpdate delete = repository.updateRef(view);
        delete.setForceUpdate(true);
        delete.delete();
      }
      return;
    }
    if (current != null && id.equals(current.getObjectId())) {
      return;
    }
    setRef(repository, view, id, "baton: fetch " + remoteRef + " from " + remote);
  }

  /**
   * Pushes {@code newId} to {@code remoteRef} only if the remote still holds {@code expectedOld}
   * (zero: the ref must not exist). The receiving side checks the old id again under its lock,
   * so a concurrent writer can never be overwritten.
   */
  PushOutcome push(String remoteRef, ObjectId newId, ObjectId expectedOld) throws IOException {
    try (Transport transport = Transport.open(repository, remote)) {
      RemoteRefUpdate update = new RemoteRefUpdate(repository, (String) null, newId, remoteRef,
          false, null, expectedOld);
      PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
      RemoteRefUpdate done = result.getRemoteUpdate(remoteRef);
      RemoteRefUpdate.Status status = done.getStatus();
      String detail = status + (done.getMessage() == null ? "" : " (" + done.getMessage() + ")");
      switch (status) {
        case OK:
        case UP_TO_DATE:
          setRef(repository, view(remoteRef), newId, "baton: push " + remoteRef + " to " + remote);
          return new PushOutcome(true, detail);
        case REJECTED_NONFASTFORWARD:
        case REJECTED_REMOTE_CHANGED:
        case REJECTED_OTHER_REASON:
          LOG.debug("push of {} to {} lost: {}", remoteRef, remote, detail);
          return new PushOutcome(false, detail);
        default:
          throw new BatonException(ErrorCode.BACKEND_FAILURE,
              "pushing " + remoteRef + " to remote '" + remote + "' failed: " + detail);
      }
    } catch (URISyntaxException | NotSupportedException | TransportException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "pushing to remote '" + remote + "' failed: " + e.getMessage(), e);
    }
  }

  /** Forces a local ref to an id (views and markers are ours to move). */
  static void setRef(Repository repository, String name, ObjectId id, String why)
      throws IOException {
    RefUpdate update = repository.updateRef(name);
    update.setNewObjectId(id);
    update.setForceUpdate(true);
    update.setRefLogMessage(why, false);
    RefUpdate.Result result = update.update();
    switch (result) {
      case NEW:
      case FORCED:
      case FAST_FORWARD:
      case NO_CHANGE:
        return;
      default:
        LOG.warn("could not set {} to {}: {}", name, id.name(), result);
    }
  }
}
