package dev.baton.git.state;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.state.internal.StateLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.UUID;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest commit of the state ref this repository has seen, kept outside the ref (in
 * {@code <common git dir>/baton/state-watermark} for the default ref), so that a ref moved back
 * to an older commit or rewritten is recognised: the ref's tip must be the watermark or a
 * descendant of it. The file is replaced atomically and only ever moves forward, except through
 * {@link #accept}. Not thread-safe: {@link GitStateStore} calls it under its lock; several
 * processes may share the file (a late writer can only leave an older watermark, which weakens
 * the check but never refuses a legitimate tip).
 */
final class StateWatermark {
  private static final Logger LOG = LoggerFactory.getLogger(StateWatermark.class);

  private final Repository repository;
  private final String ref;
  private final Path file;
  // The last (tip, watermark) pair found consistent, so unchanged reads skip the history walk.
  private ObjectId verifiedTip;
  private ObjectId verifiedMark;

  StateWatermark(Repository repository, String ref) {
    this.repository = repository;
    this.ref = ref;
    Path dir = repository.getCommonDirectory().toPath().resolve("baton");
    this.file = dir.resolve(GitStateStore.DEFAULT_REF.equals(ref) ? "state-watermark"
        : "state-watermark-" + StateLayout.sha1Hex(ref).substring(0, 16));
  }

  /** Where the watermark is kept. */
  Path file() {
    return file;
  }

  /** The recorded watermark, if any. */
  Optional<ObjectId> read() {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (ObjectId.isId(text)) {
        return Optional.of(ObjectId.fromString(text));
      }
      LOG.warn("ignoring the unreadable state watermark {}", file);
      return Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "cannot read the state watermark " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses a tip that is not a descendant of (or equal to) the recorded watermark and of
   * {@code seen}, the commit this instance last indexed.
   *
   * <p>The watermark is read before the tip: another process moves the ref first and the
   * watermark after, so a watermark read after the tip could name a commit newer than it.
   *
   * @param readTip reads the ref's tip, null when the ref is absent
   * @param seen the commit the caller last indexed, or null
   * @return the tip checked
   * @throws BatonException STATE_ROLLED_BACK naming both commits and the repair
   */
  ObjectId check(Supplier<ObjectId> readTip, ObjectId seen) {
    Optional<ObjectId> mark = read();
    ObjectId tip = readTip.get();
    if (Objects.equals(tip, verifiedTip) && Objects.equals(mark.orElse(null), verifiedMark)
        && (seen == null || seen.equals(tip))) {
      return tip;
    }
    if (mark.isPresent() && !descends(tip, mark.get())) {
      throw rolledBack(tip, mark.get(), "the newest state commit this repository has seen",
          "to restore it run: git update-ref " + ref + " " + mark.get().name()
          + "; to keep the current tip instead (losing what the newer commits recorded) run:"
          + " baton state accept");
    }
    if (seen != null && !descends(tip, seen)) {
      throw rolledBack(tip, seen, "the commit this open store last read",
          "restore the ref with: git update-ref " + ref + " " + seen.name()
          + "; if the new tip was accepted on purpose, reopen the store");
    }
    verifiedTip = tip;
    verifiedMark = mark.orElse(null);
    return tip;
  }

  /**
   * Records {@code tip} when it is newer than the watermark (or there is none yet). Never throws
   * for a failed write: the ref has moved already, so that is logged and the check is weaker.
   */
  void advance(ObjectId tip) {
    if (tip == null) {
      return;
    }
    try {
      Optional<ObjectId> mark = read();
      if (mark.isPresent() && (mark.get().equals(tip) || !descends(tip, mark.get()))) {
        return; // equal, or another process already recorded something newer
      }
      write(tip);
    } catch (BatonException e) {
      // The ref already moved: failing the caller now would misreport a done change.
      LOG.warn("the state watermark was not advanced to {}: {}", tip.name(), e.getMessage());
      return;
    }
    if (Objects.equals(verifiedTip, tip)) {
      verifiedMark = tip;
    }
  }

  /** Makes {@code tip} the watermark whatever it was: the explicit repair after a rewrite. */
  void accept(ObjectId tip) {
    Optional<ObjectId> mark = read();
    LOG.warn("accepting {} at {} as the new state watermark (was {}); the state recorded by"
        + " commits after the old watermark is no longer on the ref", ref,
        tip == null ? "(no ref)" : tip.name(), mark.map(ObjectId::name).orElse("(none)"));
    if (tip == null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new BatonException(ErrorCode.BACKEND_FAILURE,
            "cannot remove the state watermark " + file + ": " + e.getMessage(), e);
      }
    } else {
      write(tip);
    }
    verifiedTip = null;
    verifiedMark = null;
  }

  /** Whether {@code tip} is {@code base} or a descendant of it (an absent tip descends nothing). */
  private boolean descends(ObjectId tip, ObjectId base) {
    if (tip == null) {
      return false;
    }
    if (tip.equals(base)) {
      return true;
    }
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit head = walk.parseCommit(tip);
      RevCommit old;
      try {
        old = walk.parseCommit(base);
      } catch (MissingObjectException | IncorrectObjectTypeException e) {
        return false; // the watermark's commit is gone, so the ref cannot contain it
      }
      return walk.isMergedInto(old, head);
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw new BatonException(ErrorCode.STORE_CORRUPT, ref + " points at " + tip.name()
          + ", which is not a commit in this repository", e);
    } catch (IOException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "cannot read the history of " + ref + ": " + e.getMessage(), e);
    }
  }

  private BatonException rolledBack(ObjectId tip, ObjectId base, String what, String repair) {
    String now = tip == null ? "deleted" : "at " + tip.name();
    String message = ref + " moved backwards or was rewritten: it is " + now + ", which does"
        + " not contain " + base.name() + " (" + what + "). Every operation is refused so"
        + " nothing is done twice; " + repair;
    return new BatonException(ErrorCode.STATE_ROLLED_BACK, message);
  }

  private void write(ObjectId tip) {
    Path temp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        out.write(ByteBuffer.wrap((tip.name() + "\n").getBytes(StandardCharsets.US_ASCII)));
        out.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "cannot write the state watermark " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        LOG.debug("could not remove {}", temp, e);
      }
    }
  }
}
