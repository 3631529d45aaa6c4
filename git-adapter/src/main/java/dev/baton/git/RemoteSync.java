package dev.baton.git;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.internal.RefSwap;
import dev.baton.git.internal.RemoteClient;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The environment repository's side of a remote: fetches a few named refs (those that may be
 * missing too) into their local views and pushes one ref with an expected old id. Branches land
 * under {@code refs/remotes/<remote>/}, anything else (promotion markers) under its own name.
 * Thread-safe as far as Git is; the repository serialises its remote work.
 */
final class RemoteSync {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteSync.class);

  private final Repository repository;
  private final RemoteClient client;

  RemoteSync(Repository repository, String remote) {
    this.repository = repository;
    this.client = new RemoteClient(repository, remote);
  }

  String remote() {
    return client.remote();
  }

  /** The local ref that mirrors a remote ref. */
  String view(String remoteRef) {
    if (remoteRef.startsWith(Constants.R_HEADS)) {
      return Constants.R_REMOTES + remote() + "/"
          + remoteRef.substring(Constants.R_HEADS.length());
    }
    return remoteRef;
  }

  /**
   * Fetches the named remote refs and makes each local view match: a ref the remote has is
   * copied; a branch the remote no longer has loses its view; markers are only ever added.
   */
  void fetch(Collection<String> remoteRefs) throws IOException {
    Map<String, ObjectId> advertised;
    try {
      advertised = client.fetch(remoteRefs);
    } catch (RemoteClient.Unreachable e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "fetching from remote '" + remote() + "' failed: " + e.getMessage(), e.getCause());
    }
    for (String name : remoteRefs) {
      updateView(name, advertised.get(name));
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
    RefSwap.force(repository, view, id, "baton: fetch " + remoteRef + " from " + remote());
  }

  /**
   * Pushes {@code newId} to {@code remoteRef} only if the remote still holds {@code expectedOld}
   * (zero: the ref must not exist), and mirrors it in the local view.
   *
   * @return true when pushed, false when lost to a change on the remote (retry)
   */
  boolean push(String remoteRef, ObjectId newId, ObjectId expectedOld) throws IOException {
    RemoteClient.PushOutcome outcome;
    try {
      outcome = client.push(remoteRef, newId, expectedOld);
    } catch (RemoteClient.Unreachable e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "pushing to remote '" + remote() + "' failed: " + e.getMessage(), e.getCause());
    }
    return switch (outcome.status()) {
      case OK, UP_TO_DATE -> {
        RefSwap.force(repository, view(remoteRef), newId,
            "baton: push " + remoteRef + " to " + remote());
        yield true;
      }
      case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED, REJECTED_OTHER_REASON -> {
        LOG.debug("push of {} to {} lost: {}", remoteRef, remote(), outcome.detail());
        yield false;
      }
      case NOT_ATTEMPTED, REJECTED_NODELETE, NON_EXISTING, AWAITING_REPORT ->
          throw new BatonException(ErrorCode.BACKEND_FAILURE, "pushing " + remoteRef
              + " to remote '" + remote() + "' failed: " + outcome.detail());
    };
  }
}
