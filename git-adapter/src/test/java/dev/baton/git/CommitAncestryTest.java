package dev.baton.git;

import static dev.baton.git.GitCli.git;
import static dev.baton.git.GitCli.gitIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the ancestry look costs, counted in walks of an ancestor's history: one per ancestor for a
 * whole run of questions, also when two ancestors take turns (a squashed pull request's write and
 * the commit it landed as), and again only for an ancestor pushed out by newer ones. (The answers
 * themselves are checked against git in {@code GitEnvironmentRepositoryAncestryTest}.)
 */
class CommitAncestryTest {
  @TempDir Path tmp;

  @Test
  void eachAncestorsHistoryIsWalkedOncePerRunOfQuestions() throws Exception {
    Path repo = tmp.resolve("line");
    GitCli.init(repo, false);
    StringBuilder stream = new StringBuilder();
    int count = 300;
    for (int i = 1; i <= count; i++) {
      stream.append("commit refs/heads/line\nmark :").append(i)
          .append("\ncommitter A <a@example.com> ").append(1_600_000_000L + i)
          .append(" +0000\ndata 2\nc\n");
      if (i > 1) {
        stream.append("from :").append(i - 1).append('\n');
      }
      stream.append("M 100644 inline f.txt\ndata ").append(String.valueOf(i).length() + 1)
          .append('\n').append(i).append("\n\n");
    }
    gitIn(repo, stream.toString(), "fast-import", "--quiet");
    List<ObjectId> line = new ArrayList<>();
    for (String id : git(repo, "rev-list", "--reverse", "line").strip().split("\n")) {
      line.add(ObjectId.fromString(id));
    }
    assertThat(line).hasSize(count);
    try (Repository git = new FileRepositoryBuilder().setGitDir(repo.resolve(".git").toFile())
        .setMustExist(true).build()) {
      CommitAncestry ancestry = new CommitAncestry(git);
      int write = count - 50;
      int landed = count - 20;
      for (int i = 0; i < count; i++) {
        assertThat(ancestry.isAncestor(line.get(write), line.get(i))).as("write, %d", i)
            .isEqualTo(i >= write);
        assertThat(ancestry.isAncestor(line.get(landed), line.get(i))).as("landed, %d", i)
            .isEqualTo(i >= landed);
      }
      assertThat(ancestry.linesBuilt()).as("two ancestors taking turns").isEqualTo(2);

      // five ancestors in turn: more than are kept, so each question walks again
      for (int round = 0; round < 2; round++) {
        for (int k = 0; k < 5; k++) {
          assertThat(ancestry.isAncestor(line.get(10 * k), line.get(count - 1))).isTrue();
        }
      }
      assertThat(ancestry.linesBuilt()).isEqualTo(2 + 10);
      // the newest four are kept
      for (int k = 1; k < 5; k++) {
        assertThat(ancestry.isAncestor(line.get(10 * k), line.get(0))).isFalse();
      }
      assertThat(ancestry.linesBuilt()).isEqualTo(12);
    }
  }
}
