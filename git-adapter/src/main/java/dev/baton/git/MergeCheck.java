package dev.baton.git;

import dev.baton.git.internal.RefSwap;
import dev.baton.model.PromotionId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull request mode's half of delivery: remembers the reference of each promotion's pull request
 * (a blob under {@code refs/baton/pull-requests/<promotion-id>}), and finds a promotion's write on
 * the base branch however it was merged: the written commit itself (a merge or fast-forward), or
 * a commit that names the promotion and folder in its message (a squash or rebase merge makes a
 * new commit; {@code git merge --squash} indents the original message, so the lines are matched
 * without their indentation). The search is bounded like the write lookup. Thread-safe.
 */
final class MergeCheck {
  /** Where pull request references are kept: {@code refs/baton/pull-requests/<promotion-id>}. */
  static final String REFERENCE_REF_PREFIX = "refs/baton/pull-requests/";
  private static final int MAX_REFERENCE_BYTES = 4096;
  private static final Logger LOG = LoggerFactory.getLogger(MergeCheck.class);

  private final Repository repository;
  private final int historyScanLimit;

  MergeCheck(Repository repository, int historyScanLimit) {
    this.repository = repository;
    this.historyScanLimit = historyScanLimit;
  }

  /** Records the reference the opener answered; best effort, since opening again answers it. */
  void recordReference(PromotionId promotion, String reference) {
    String name = refName(promotion);
    if (name == null) {
      return;
    }
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB,
          reference.getBytes(StandardCharsets.UTF_8));
      inserter.flush();
      if (!RefSwap.force(repository, name, blob, "baton: pull request opened")) {
        LOG.warn("could not record pull request {} of promotion {}", reference, promotion);
      }
    } catch (IOException e) {
      LOG.warn("could not record pull request {} of promotion {}", reference, promotion, e);
    }
  }

  /** The recorded reference of the promotion's pull request, if any. */
  Optional<String> reference(PromotionId promotion) throws IOException {
    String name = refName(promotion);
    Ref ref = name == null ? null : repository.exactRef(name);
    if (ref == null || ref.getObjectId() == null) {
      return Optional.empty();
    }
    ObjectLoader loader = repository.open(ref.getObjectId(), Constants.OBJ_BLOB);
    if (loader.getSize() > MAX_REFERENCE_BYTES) {
      return Optional.empty();
    }
    String text = new String(loader.getBytes(), StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  /**
   * The commit of the base branch that carries the promotion's write: {@code written} when it is
   * an ancestor of {@code baseTip}, else the newest of the last {@code historyScanLimit} commits
   * whose message names the promotion and the folder; empty when neither is found.
   */
  Optional<ObjectId> landed(ObjectId baseTip, ObjectId written, PromotionId promotion,
      String folder) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit tip = walk.parseCommit(baseTip);
      if (written != null && walk.isMergedInto(walk.parseCommit(written), tip)) {
        return Optional.of(written);
      }
      walk.reset();
      walk.markStart(walk.parseCommit(baseTip));
      int seen = 0;
      for (RevCommit commit : walk) {
        if (names(commit.getFullMessage(), promotion, folder)) {
          return Optional.of(commit.copy());
        }
        if (++seen >= historyScanLimit) {
          break;
        }
      }
    }
    return Optional.empty();
  }

  /** Whether a message holds the promotion's two trailer lines, indented or not. */
  static boolean names(String message, PromotionId promotion, String folder) {
    boolean id = false;
    boolean environment = false;
    for (String line : message.split("\n", -1)) {
      String bare = line.strip();
      id |= bare.equals(PromotionMessage.PROMOTION_ID + ": " + promotion.value());
      environment |= bare.equals(PromotionMessage.ENVIRONMENT + ": " + folder);
    }
    return id && environment;
  }

  private static String refName(PromotionId promotion) {
    String name = REFERENCE_REF_PREFIX + promotion.value();
    return Repository.isValidRefName(name) ? name : null;
  }
}
