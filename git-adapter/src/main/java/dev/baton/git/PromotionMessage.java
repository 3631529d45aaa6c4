package dev.baton.git;

import dev.baton.model.CommitInfo;
import dev.baton.model.PromotionId;
import dev.baton.model.UserId;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The commit message of a promotion: the title, a blank line, the requester's notes (if any), a
 * blank line, then one trailer block that {@code git interpret-trailers --parse} understands:
 * {@code Promotion-Id}, {@code Environment} (the folder written), {@code Requested-by} and one
 * {@code Approved-by} per approver, and {@code Rollback: true} for a promotion requested as a
 * rollback.
 */
final class PromotionMessage {
  static final String PROMOTION_ID = "Promotion-Id";
  static final String ENVIRONMENT = "Environment";
  static final String REQUESTED_BY = "Requested-by";
  static final String APPROVED_BY = "Approved-by";
  static final String ROLLBACK = "Rollback";

  private PromotionMessage() {}

  /** The whole message. */
  static String format(CommitInfo info, String folder) {
    return info.title() + "\n\n" + body(info, folder);
  }

  /** Everything after the title: notes and trailers; also the pull request's description. */
  static String body(CommitInfo info, String folder) {
    StringBuilder out = new StringBuilder();
    String notes = cleanNotes(info.notes());
    if (!notes.isEmpty()) {
      out.append(notes).append("\n\n");
    }
    out.append(PROMOTION_ID).append(": ").append(info.promotion().value()).append('\n');
    out.append(ENVIRONMENT).append(": ").append(folder).append('\n');
    out.append(REQUESTED_BY).append(": ").append(info.requestedBy().value()).append('\n');
    for (UserId approver : info.approvedBy()) {
      out.append(APPROVED_BY).append(": ").append(approver.value()).append('\n');
    }
    if (info.rollback()) {
      out.append(ROLLBACK).append(": true\n");
    }
    return out.toString();
  }

  /** Whether the commit's trailer block names the promotion and the folder it wrote. */
  static boolean carries(RevCommit commit, PromotionId promotion, String folder) {
    return commit.getFooterLines(PROMOTION_ID).contains(promotion.value())
        && commit.getFooterLines(ENVIRONMENT).contains(folder);
  }

  /**
   * Notes are free text from a person: normalise line ends and drop control characters (git
   * fsck frowns on NUL in a commit) so the trailer block stays the last paragraph.
   */
  private static String cleanNotes(String notes) {
    String text = notes.replace("\r\n", "\n").replace('\r', '\n');
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .filter(c -> c == '\n' || c == '\t' || !Character.isISOControl(c))
        .forEach(out::appendCodePoint);
    return out.toString().replaceFirst("^\\s*\n", "").stripTrailing();
  }
}
