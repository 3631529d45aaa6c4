package dev.baton.git.internal;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves refs: a compare-and-set on the old id, whose race outcome is a value, and a forced move
 * of the refs that are Baton's alone. Every {@link RefUpdate.Result} is decided here, in one
 * exhaustive switch. Stateless; thread-safe (Git's ref lock makes the swap atomic across
 * processes).
 */
public final class RefSwap {
  private static final Logger LOG = LoggerFactory.getLogger(RefSwap.class);

  private RefSwap() {}

  /** How a compare-and-set ended. */
  public enum Outcome {
    /** The ref now holds the new id. */
    MOVED,
    /** Another writer moved (or is moving) the ref first; nothing changed. */
    LOST
  }

  /**
   * Moves {@code ref} from {@code expectedOld} (null: the ref must not exist) to {@code next}.
   *
   * @param ident who the reflog names; null for the repository's default
   * @throws BatonException STORE_CORRUPT when an object is missing, BACKEND_FAILURE when the
   *     ref cannot be updated for any other reason than a lost race
   */
  public static Outcome compareAndSet(Repository repository, String ref, ObjectId expectedOld,
      ObjectId next, PersonIdent ident, String reflogMessage) throws IOException {
    RefUpdate update = repository.updateRef(ref);
    update.setExpectedOldObjectId(expectedOld == null ? ObjectId.zeroId() : expectedOld);
    update.setNewObjectId(next);
    if (ident != null) {
      update.setRefLogIdent(ident);
    }
    update.setRefLogMessage(reflogMessage, false);
    RefUpdate.Result result = update.update();
    return switch (result) {
      case NEW, FAST_FORWARD -> Outcome.MOVED;
      case LOCK_FAILURE, REJECTED, REJECTED_OTHER_REASON -> Outcome.LOST;
      case REJECTED_MISSING_OBJECT -> throw new BatonException(ErrorCode.STORE_CORRUPT,
          "moving " + ref + " failed: an object is missing");
      case NOT_ATTEMPTED, NO_CHANGE, FORCED, REJECTED_CURRENT_BRANCH, IO_FAILURE, RENAMED ->
          throw new BatonException(ErrorCode.BACKEND_FAILURE,
              "moving " + ref + " failed: " + result);
    };
  }

  /**
   * Forces {@code ref} to {@code id} (a remote view, a record of Baton's own); a failure is
   * logged, not thrown, since what these refs record can be found again.
   *
   * @return whether the ref now holds {@code id}
   */
  public static boolean force(Repository repository, String ref, ObjectId id, String why)
      throws IOException {
    RefUpdate update = repository.updateRef(ref);
    update.setNewObjectId(id);
    update.setForceUpdate(true);
    update.setRefLogMessage(why, false);
    RefUpdate.Result result = update.update();
    return switch (result) {
      case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> true;
      case NOT_ATTEMPTED, LOCK_FAILURE, REJECTED, REJECTED_CURRENT_BRANCH, IO_FAILURE, RENAMED,
          REJECTED_MISSING_OBJECT, REJECTED_OTHER_REASON -> {
        LOG.warn("could not set {} to {}: {}", ref, id.name(), result);
        yield false;
      }
    };
  }
}
