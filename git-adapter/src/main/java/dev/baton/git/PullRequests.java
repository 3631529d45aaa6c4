package dev.baton.git;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.Delivery;
import dev.baton.model.DeliveryStatus;
import dev.baton.model.PromotionId;
import dev.baton.model.PullRequestState;
import dev.baton.model.Revision;
import dev.baton.spi.PullRequestOpener;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull request mode: opens the request of a written promotion through the
 * {@link PullRequestOpener} (again when a first opening failed after the commit), and answers
 * where a written promotion stands, from the base branch ({@link MergeCheck}) and the opener's
 * view of the request. Thread-safe as far as the opener is.
 */
final class PullRequests {
  private static final Logger LOG = LoggerFactory.getLogger(PullRequests.class);

  private final GitBranch git;
  private final PullRequestOpener opener;
  private final MergeCheck merges;

  PullRequests(GitBranch git, PullRequestOpener opener, int historyScanLimit) {
    this.git = git;
    this.opener = opener;
    this.merges = new MergeCheck(git.repository(), historyScanLimit);
  }

  /** Opens (idempotently) the request of a written promotion and records its reference. */
  void open(PreparedWrite write, ObjectId commitId) {
    String head = GitEnvironmentRepository.PULL_REQUEST_BRANCH_PREFIX + write.promotion().value();
    String reference;
    try {
      reference = opener.open(write.promotion(), head, git.branch(),
          write.write().commit().title(),
          PromotionMessage.body(write.write().commit(), write.folder()));
    } catch (RuntimeException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE, "promotion " + write.promotion()
          + " was committed to " + head + " as " + commitId.name()
          + " but opening the pull request failed; write again to retry opening it", e);
    }
    LOG.info("pull request {} opened for promotion {} ({} into {})", reference,
        write.promotion(), head, git.branch());
    merges.recordReference(write.promotion(), reference);
  }

  /** Where a promotion written in pull request mode stands (see the repository's delivery). */
  Delivery delivery(String folder, PromotionId promotion, Revision written) throws IOException {
    git.refreshForRead();
    ObjectId tip = git.tip();
    ObjectId commit = git.knownCommit(written);
    Optional<ObjectId> landed = merges.landed(tip, commit, promotion, folder);
    Optional<String> reference = merges.reference(promotion);
    String branch = git.branch();
    if (landed.isPresent()) {
      return Delivery.landed(reference.orElse(null), branch, landed.get().equals(commit)
          ? Optional.empty() : Optional.of(Revision.of(landed.get().name())));
    }
    if (reference.isEmpty() && commit != null) {
      reference = Optional.of(reopen(promotion, commit));
    }
    if (reference.isEmpty()) {
      LOG.warn("promotion {}: {} is not on {} and no pull request is known", promotion,
          written, branch);
      return new Delivery(DeliveryStatus.AWAITING_MERGE, Optional.empty(), branch,
          Optional.empty());
    }
    PullRequestState state = state(reference.get());
    return switch (state) {
      case MERGED -> Delivery.landed(reference.get(), branch, Optional.empty());
      case CLOSED -> Delivery.closed(reference.get(), branch);
      case OPEN -> Delivery.awaitingMerge(reference.get(), branch);
    };
  }

  /** Opens the pull request again (idempotent) from the written commit's own message. */
  private String reopen(PromotionId promotion, ObjectId commit) throws IOException {
    String head = GitEnvironmentRepository.PULL_REQUEST_BRANCH_PREFIX + promotion.value();
    RevCommit parsed;
    try (RevWalk walk = new RevWalk(git.repository())) {
      parsed = walk.parseCommit(commit);
    }
    String message = parsed.getFullMessage();
    int blank = message.indexOf("\n\n");
    String reference;
    try {
      reference = opener.open(promotion, head, git.branch(), parsed.getShortMessage(),
          blank < 0 ? "" : message.substring(blank + 2));
    } catch (RuntimeException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE, "opening the pull request of"
          + " promotion " + promotion + " failed: " + e.getMessage(), e);
    }
    merges.recordReference(promotion, reference);
    return reference;
  }

  private PullRequestState state(String reference) {
    PullRequestState state;
    try {
      state = opener.state(reference);
    } catch (RuntimeException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE, "asking for the state of pull request "
          + reference + " failed: " + e.getMessage(), e);
    }
    if (state == null) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "the pull request opener answered no state for " + reference);
    }
    return state;
  }
}
