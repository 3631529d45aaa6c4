package dev.baton.git;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.internal.RefSwap;
import dev.baton.model.PromotionId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotency of writes: finds the commit a promotion was already written as.
 *
 * <p>The marker ref {@code refs/baton/promotions/<promotion-id>} is the evidence, found in O(1).
 * A crash between moving the branch and recording the marker leaves a commit without one, so in
 * direct mode the repository also keeps a watermark ref, {@code refs/baton/marked/<branch>}
 * (per branch view: {@code heads/main}, or {@code remotes/origin/main} with a remote; local,
 * never pushed): a commit of the branch such that every promotion commit reachable from it (within
 * the history scan limit) has its marker. A write moves the watermark onto its own commit only
 * after recording its marker, and only after checking (and, where missing, recording) the markers
 * of every promotion commit between the old watermark and its commit, so the invariant survives
 * other writers and crashes at any step. A lookup whose marker is missing therefore reads the
 * trailers only of the commits above the watermark: none in the steady state, where the
 * watermark is the branch tip.
 *
 * <p>Without a watermark (a repository written by 0.1, or one whose newest marker was deleted by
 * hand: the watermark counts only while its own commit's marker is there) the lookup scans the
 * newest {@code historyScanLimit} commits as 0.1 did, and the next write records the markers that
 * scan would find and sets the watermark: the scan is paid once per repository, not per write.
 * Pull request mode keeps no watermark: the pull request branch is per promotion, so scanning it
 * is cheap, and the base branch is scanned as before. Thread-safe.
 */
final class PromotionMarkers {
  private static final Logger LOG = LoggerFactory.getLogger(PromotionMarkers.class);

  /** Where watermark refs live, followed by the branch view without {@code refs/}. */
  static final String WATERMARK_REF_PREFIX = "refs/baton/marked/";

  /** An existing write of a promotion and how it was found. */
  record Found(ObjectId commit, boolean byMarker) {}

  private final GitBranch git;
  private final int historyScanLimit;
  private final boolean watermarked;
  private final String watermarkRef;
  private final WriteSteps steps;
  private final AtomicLong commitsScanned = new AtomicLong();

  PromotionMarkers(GitBranch git, int historyScanLimit, boolean watermarked, WriteSteps steps) {
    this.git = git;
    this.historyScanLimit = historyScanLimit;
    this.watermarked = watermarked;
    this.steps = steps;
    this.watermarkRef = WATERMARK_REF_PREFIX
        + git.view(git.baseRef()).substring(Constants.R_REFS.length());
  }

  /** The promotion's marker ref (perhaps not a valid ref name). */
  static String markerRef(PromotionId promotion) {
    return GitEnvironmentRepository.MARKER_REF_PREFIX + promotion.value();
  }

  /** The promotion's pull request branch as a full ref (perhaps not a valid ref name). */
  static String pullRequestRef(PromotionId promotion) {
    return Constants.R_HEADS + GitEnvironmentRepository.PULL_REQUEST_BRANCH_PREFIX
        + promotion.value();
  }

  static String requireRefName(String name) {
    if (!Repository.isValidRefName(name)) {
      throw new BatonException(ErrorCode.INVALID_REF_NAME, "'" + name + "' is not a valid Git ref"
          + " name; nothing was written");
    }
    return name;
  }

  private static String validRefOrNull(String name) {
    return Repository.isValidRefName(name) ? name : null;
  }

  /** The watermark ref of this repository's branch. */
  String watermarkRef() {
    return watermarkRef;
  }

  /** Test seam: how many commits the trailer scans have read so far. */
  long commitsScanned() {
    return commitsScanned.get();
  }

  /**
   * Looks a promotion's write up by id alone (ids are unique), fetching the refs first with a
   * remote; a write counts only for the folder it wrote.
   */
  Optional<ObjectId> find(PromotionId promotion, String folder) throws IOException {
    String marker = validRefOrNull(markerRef(promotion));
    String pullRequestRef = validRefOrNull(pullRequestRef(promotion));
    List<String> refs = new ArrayList<>(List.of(git.baseRef()));
    for (String ref : new String[] {marker, pullRequestRef}) {
      if (ref != null) {
        refs.add(ref);
      }
    }
    git.fetch(refs);
    return lookup(promotion, folder, marker, pullRequestRef).map(Found::commit);
  }

  /**
   * The marker first (O(1)); then the pull request branch's newest commits, and the base
   * branch's commits above the watermark (all of its newest commits without one). A write counts
   * only for the folder it wrote, named in its {@code Environment:} trailer.
   */
  Optional<Found> lookup(PromotionId promotion, String folder, String marker,
      String pullRequestRef) throws IOException {
    ObjectId marked = marker == null ? null : git.resolve(marker);
    if (marked != null) {
      try (RevWalk walk = new RevWalk(git.repository())) {
        return PromotionMessage.carries(walk.parseCommit(marked), promotion, folder)
            ? Optional.of(new Found(marked, true)) : Optional.empty();
      }
    }
    if (pullRequestRef != null) {
      Optional<ObjectId> onBranch =
          scan(git.resolve(git.view(pullRequestRef)), null, promotion, folder);
      if (onBranch.isPresent()) {
        return Optional.of(new Found(onBranch.get(), false));
      }
    }
    // A promotion id that makes no ref name can have no marker: the watermark says nothing.
    ObjectId covered = watermarked && marker != null ? covered(git.resolve(watermarkRef)) : null;
    return scan(git.resolve(git.view(git.baseRef())), covered, promotion, folder)
        .map(commit -> new Found(commit, false));
  }

  /**
   * The newest commit from {@code start} (not reachable from {@code stop}, if given) that
   * carries the promotion, among at most {@code historyScanLimit} commits.
   */
  private Optional<ObjectId> scan(ObjectId start, ObjectId stop, PromotionId promotion,
      String folder) throws IOException {
    if (start == null || start.equals(stop)) {
      return Optional.empty();
    }
    try (RevWalk walk = new RevWalk(git.repository())) {
      walk.markStart(walk.parseCommit(start));
      if (stop != null) {
        walk.markUninteresting(walk.parseCommit(stop));
      }
      int seen = 0;
      for (RevCommit commit : walk) {
        commitsScanned.incrementAndGet();
        if (PromotionMessage.carries(commit, promotion, folder)) {
          return Optional.of(commit.copy());
        }
        if (++seen >= historyScanLimit) {
          break;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The watermark, if it still vouches: its commit names a promotion whose marker holds it.
   * Null when there is none, or when that marker is gone (deleted by hand: then nothing below
   * the watermark can be trusted to have its marker either).
   */
  private ObjectId covered(ObjectId watermark) throws IOException {
    if (watermark == null) {
      return null;
    }
    try (RevWalk walk = new RevWalk(git.repository())) {
      RevCommit commit = walk.parseCommit(watermark);
      for (String id : commit.getFooterLines(PromotionMessage.PROMOTION_ID)) {
        String marker = GitEnvironmentRepository.MARKER_REF_PREFIX + id;
        if (Repository.isValidRefName(marker) && watermark.equals(git.resolve(marker))) {
          return watermark;
        }
      }
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      LOG.warn("ignoring watermark {}: {}", watermarkRef, e.getMessage());
    }
    return null;
  }

  /**
   * After a direct write recorded its marker: moves the watermark onto {@code written} (whose
   * parent is {@code parent}), first recording the marker of every promotion commit between the
   * old watermark and the parent that lacks one (a writer that crashed after moving the branch).
   * Best effort: a watermark left behind only makes later lookups read more trailers.
   */
  void advance(ObjectId written, ObjectId parent) {
    if (!watermarked) {
      return;
    }
    try {
      ObjectId current = git.resolve(watermarkRef);
      ObjectId covered = covered(current);
      if (!parent.equals(covered) && !recordMissing(parent, covered)) {
        return;
      }
      steps.reached(WriteSteps.Step.MARKERS_CHECKED);
      RefSwap.Outcome moved = RefSwap.compareAndSet(git.repository(), watermarkRef, current,
          written, null, "baton: markers recorded up to here");
      if (moved != RefSwap.Outcome.MOVED) {
        LOG.debug("watermark {} not moved to {}: another writer moved it", watermarkRef,
            written.name());
        return;
      }
    } catch (IOException | BatonException e) {
      LOG.warn("could not move watermark {} to {}", watermarkRef, written.name(), e);
      return;
    }
    steps.reached(WriteSteps.Step.WATERMARK_MOVED);
  }

  /**
   * Records the missing markers of the promotion commits from {@code start} down to
   * {@code stop}; false when one could not be recorded (the watermark must then stay).
   */
  private boolean recordMissing(ObjectId start, ObjectId stop) throws IOException {
    try (RevWalk walk = new RevWalk(git.repository())) {
      walk.markStart(walk.parseCommit(start));
      if (stop != null) {
        walk.markUninteresting(walk.parseCommit(stop));
      }
      Set<String> recorded = new HashSet<>();
      int seen = 0;
      for (RevCommit commit : walk) {
        commitsScanned.incrementAndGet();
        if (!commit.getFooterLines(PromotionMessage.ENVIRONMENT).isEmpty()) {
          for (String id : commit.getFooterLines(PromotionMessage.PROMOTION_ID)) {
            String marker = GitEnvironmentRepository.MARKER_REF_PREFIX + id;
            // The newest commit of a promotion is what a lookup's scan would have answered.
            if (Repository.isValidRefName(marker) && recorded.add(marker)
                && git.resolve(marker) == null && !recordLocally(marker, commit.copy())) {
              return false;
            }
          }
        }
        if (++seen >= historyScanLimit) {
          break;
        }
      }
    }
    return true;
  }

  private boolean recordLocally(String marker, ObjectId commit) throws IOException {
    RefSwap.Outcome outcome = RefSwap.compareAndSet(git.repository(), marker, null, commit, null,
        "baton: promotion written (found by its trailer)");
    if (outcome == RefSwap.Outcome.MOVED) {
      LOG.info("recorded the missing marker {} -> {}", marker, commit.name());
      steps.reached(WriteSteps.Step.MISSING_MARKER_RECORDED);
      return true;
    }
    return commit.equals(git.resolve(marker));
  }

  /**
   * Records the marker ref; best effort, since the trailer scan finds the write without it.
   *
   * @return whether the local marker now holds the commit
   */
  boolean record(String marker, ObjectId commitId) {
    boolean recorded = false;
    try {
      RefSwap.Outcome outcome = RefSwap.compareAndSet(git.repository(), marker, null, commitId,
          null, "baton: promotion written");
      recorded = outcome == RefSwap.Outcome.MOVED || commitId.equals(git.resolve(marker));
      if (!recorded) {
        LOG.warn("could not record marker {} -> {}: {}", marker, commitId.name(), outcome);
      }
      if (git.sync() != null && !git.sync().push(marker, commitId, ObjectId.zeroId())) {
        LOG.warn("could not push marker {}", marker);
      }
    } catch (IOException | BatonException e) {
      LOG.warn("could not record marker {} -> {}", marker, commitId.name(), e);
    }
    return recorded;
  }
}
