package dev.baton.examples.cli;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Prints commits the way {@code git log} does (id, author, date, the whole message indented),
 * read with JGit so the demo needs no {@code git} binary. Stateless.
 */
final class GitLog {
  private static final DateTimeFormatter GIT_DATE =
      DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy Z", Locale.ROOT);

  private GitLog() {}

  /** The commits on a branch that carry a {@code Promotion-Id:} trailer, newest first. */
  static List<RevCommit> promotionCommits(Repository repository, String branch, int max)
      throws IOException {
    List<RevCommit> commits = new ArrayList<>();
    ObjectId tip = repository.resolve(Constants.R_HEADS + branch);
    if (tip == null) {
      return commits;
    }
    try (RevWalk walk = new RevWalk(repository)) {
      walk.markStart(walk.parseCommit(tip));
      for (RevCommit commit : walk) {
        if (!commit.getFooterLines("Promotion-Id").isEmpty()) {
          commits.add(commit);
          if (commits.size() == max) {
            break;
          }
        }
      }
    }
    return commits;
  }

  /** Prints one commit like {@code git log}. */
  static void print(Output out, RevCommit commit) {
    PersonIdent author = commit.getAuthorIdent();
    out.line(out.yellow("commit " + commit.name()));
    PersonIdent committer = commit.getCommitterIdent();
    out.line("Author: " + author.getName() + " <" + author.getEmailAddress() + ">");
    out.line("Commit: " + committer.getName() + " <" + committer.getEmailAddress() + ">");
    out.line("Date:   " + GIT_DATE.format(
        ZonedDateTime.ofInstant(author.getWhenAsInstant(), author.getZoneId())));
    out.line();
    commit.getFullMessage().stripTrailing().lines()
        .forEach(l -> out.line(l.isEmpty() ? "" : "    " + l));
    out.line();
  }
}
