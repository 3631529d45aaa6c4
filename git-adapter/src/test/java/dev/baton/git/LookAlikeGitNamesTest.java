package dev.baton.git;

import static dev.baton.git.Fixtures.PRODUCTION;
import static dev.baton.git.Fixtures.SHOP;
import static dev.baton.git.Fixtures.STAGING;
import static dev.baton.git.Fixtures.write;
import static dev.baton.git.GitCli.git;
import static dev.baton.git.GitCli.head;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.Fixtures.RecordingSleeper;
import dev.baton.model.FileChange;
import dev.baton.model.Revision;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A source environment holding a name that some file system reads as {@code .git} (or that Git
 * refuses there) is refused on read and on write, so it is never copied into a target: the
 * branch, the refs and the objects stay as they were and {@code git fsck} finds nothing new.
 */
class LookAlikeGitNamesTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {".git.", ".git ", "GIT~1", ".g\u200Cit", ".g\u200Bit", ".GIT\uFEFF",
      "hooks/.git./config", "con.yaml", "a:b.yaml"})
  void aLookAlikeNameInTheSourceIsRefusedAndNothingIsWritten(String name) {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String blob = GitCli.gitWithInput(repo, "x: 1\n".getBytes(StandardCharsets.UTF_8),
        "hash-object", "-w", "--stdin").strip();
    // Git itself refuses such names by default; a hostile clone need not.
    git(repo, "-c", "core.protectNTFS=false", "-c", "core.protectHFS=false", "update-index",
        "--add", "--cacheinfo", "100644," + blob + ",envs/staging/" + name);
    git(repo, "commit", "-q", "-m", "Look-alike name");
    String before = head(repo, "main");
    long objects = GitCli.objectCount(repo);
    GitCli.Result fsckBefore = GitCli.run(repo, null, "fsck", "--full", "--strict",
        "--no-dangling");

    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper()).build()) {
      refused(() -> git.read(SHOP, STAGING));
      refused(() -> FileChange.write(name, "x: 1\n"));
      refused(() -> git.write(write(STAGING, Revision.of(before), "p-1",
          FileChange.write("values.yaml", "x: 2\n"))));
      assertThat(git.read(SHOP, PRODUCTION).files()).doesNotContainKey(name);
    }

    assertThat(head(repo, "main")).isEqualTo(before);
    assertThat(git(repo, "for-each-ref", "refs/baton/")).isEmpty();
    assertThat(GitCli.objectCount(repo)).isEqualTo(objects);
    assertThat(git(repo, "ls-tree", "-r", "--name-only", "main", "envs/production"))
        .doesNotContain(name);
    GitCli.Result fsckAfter = GitCli.run(repo, null, "fsck", "--full", "--strict",
        "--no-dangling");
    assertThat(fsckAfter.exitCode()).isEqualTo(fsckBefore.exitCode());
    assertThat(fsckAfter.err() + fsckAfter.out()).isEqualTo(fsckBefore.err() + fsckBefore.out());
    if (name.equals(".g\u200Bit") || name.equals("con.yaml") || name.equals("a:b.yaml")) {
      GitCli.assertFsckClean(repo); // names fsck itself does not flag
    }
  }

  private static void refused(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(BatonException.class,
        e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.PATH_OUTSIDE_ENVIRONMENT));
  }
}
