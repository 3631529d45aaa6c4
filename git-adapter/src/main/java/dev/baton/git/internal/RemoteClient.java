package dev.baton.git.internal;

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
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PackLock;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;

/**
 * Talks to one remote (a configured remote's name or a URL): fetches the objects of a few named
 * refs, any of which may be missing there, and pushes one ref with a check of its old id. It
 * moves no local ref: what a fetch or push means locally is the caller's to record. Thread-safe
 * (each call opens its own transport).
 */
public final class RemoteClient {

  /** The remote could not be reached or refused the connection; the message says why. */
  public static final class Unreachable extends IOException {
    private static final long serialVersionUID = 1L;

    Unreachable(Exception cause) {
      super(cause.getMessage(), cause);
    }
  }

  /**
   * What the remote answered to a push.
   *
   * @param status the remote's verdict on the ref
   * @param detail the status with the remote's message, for people
   */
  public record PushOutcome(RemoteRefUpdate.Status status, String detail) {}

  private final Repository repository;
  private final String remote;

  /** A client of {@code remote} for {@code repository}. */
  public RemoteClient(Repository repository, String remote) {
    this.repository = repository;
    this.remote = remote;
  }

  /** The remote's name or URL. */
  public String remote() {
    return remote;
  }

  /**
   * Fetches the objects of those named refs the remote has (an explicit refspec would fail for
   * a missing ref, so this asks the advertisement first).
   *
   * @return the id of each named ref the remote advertised; a missing ref is absent
   * @throws Unreachable when the remote cannot be reached
   */
  public Map<String, ObjectId> fetch(Collection<String> remoteRefs) throws IOException {
    Map<String, ObjectId> advertised = new LinkedHashMap<>();
    List<PackLock> locks = new ArrayList<>();
    try (Transport transport = Transport.open(repository, remote);
        FetchConnection connection =
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
    } catch (URISyntaxException | NotSupportedException | TransportException e) {
      throw new Unreachable(e);
    } finally {
      for (PackLock lock : locks) {
        lock.unlock();
      }
    }
    return advertised;
  }

  /**
   * Pushes {@code newId} to {@code remoteRef}. With an {@code expectedOld} id (zero: the ref
   * must not exist) the receiving side checks it under its lock, so a concurrent writer is never
   * overwritten; without one (null) the push must fast-forward.
   *
   * @throws Unreachable when the remote cannot be reached
   */
  public PushOutcome push(String remoteRef, ObjectId newId, ObjectId expectedOld)
      throws IOException {
    try (Transport transport = Transport.open(repository, remote)) {
      RemoteRefUpdate update = new RemoteRefUpdate(repository, (String) null, newId, remoteRef,
          false, null, expectedOld);
      PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
      RemoteRefUpdate done = result.getRemoteUpdate(remoteRef);
      String message = done.getMessage();
      return new PushOutcome(done.getStatus(),
          done.getStatus() + (message == null ? "" : " (" + message + ")"));
    } catch (URISyntaxException | NotSupportedException | TransportException e) {
      throw new Unreachable(e);
    }
  }
}
