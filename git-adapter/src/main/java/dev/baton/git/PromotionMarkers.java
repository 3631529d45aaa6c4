package dev.baton.git;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.internal.RefSwap;
import dev.baton.model.PromotionId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotency of writes: finds the commit a promotion was already written as, in O(1) through
 * its marker ref {@code refs/baton/promotions/<promotion-id>}, or, should a crash have come
 * between moving the branch and recording the marker, by scanning the newest commits of the pull
 * request and base branches for the promotion's trailers. Thread-safe.
 */
final class PromotionMarkers {
  private static final Logger LOG = LoggerFactory.getLogger(PromotionMarkers.class);

  /** An existing write of a promotion and how it was found. */
  record Found(ObjectId commit, boolean byMarker) {}

  private final GitBranch git;
  private final int historyScanLimit;

  PromotionMarkers(GitBranch git, int historyScanLimit) {
    this.git = git;
    this.historyScanLimit = historyScanLimit;
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
   * The marker first (O(1)); then the newest commits of the pull request and base branches. A
   * write counts only for the folder it wrote, named in its {@code Environment:} trailer.
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
    List<String> branches = new ArrayList<>();
    if (pullRequestRef != null) {
      branches.add(git.view(pullRequestRef));
    }
    branches.add(git.view(git.baseRef()));
    for (String ref : branches) {
      ObjectId start = git.resolve(ref);
      if (start == null) {
        continue;
      }
      try (RevWalk walk = new RevWalk(git.repository())) {
        walk.markStart(walk.parseCommit(start));
        int seen = 0;
        for (RevCommit commit : walk) {
          if (PromotionMessage.carries(commit, promotion, folder)) {
            return Optional.of(new Found(commit.copy(), false));
          }
          if (++seen >= historyScanLimit) {
            break;
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Records the marker ref; best effort, since the history scan finds the write without it. */
  void record(String marker, ObjectId commitId) {
    try {
      RefSwap.Outcome recorded = RefSwap.compareAndSet(git.repository(), marker, null, commitId,
          null, "baton: promotion written");
      if (recorded != RefSwap.Outcome.MOVED) {
        LOG.warn("could not record marker {} -> {}: {}", marker, commitId.name(), recorded);
      }
      if (git.sync() != null && !git.sync().push(marker, commitId, ObjectId.zeroId())) {
        LOG.warn("could not push marker {}", marker);
      }
    } catch (IOException | BatonException e) {
      LOG.warn("could not record marker {} -> {}", marker, commitId.name(), e);
    }
  }
}
