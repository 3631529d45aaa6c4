package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Baton commits straight to the branch; a checked-out work tree follows it. */
class WorkTreeIT extends CliTestBase {

  @BeforeEach
  void sample() {
    init();
  }

  @Test
  void aCleanWorkTreeFollowsThePromotionCommit() throws Exception {
    as("alice@example.com", "request", "--from", "dev", "--to", "staging").ok();

    assertThat(git("status", "--porcelain").ok().out()).isEmpty();
    assertThat(Files.readString(repo.resolve("envs/staging/kustomization.yaml")))
        .contains("1.4.0");
  }

  @Test
  void localChangesElsewhereStayAndTheEnvironmentFilesAreUpdated() throws Exception {
    Files.writeString(repo.resolve("README.md"), "my notes\n", StandardOpenOption.APPEND);

    CliProcess.Result result = as("alice@example.com", "request", "--from", "dev", "--to",
        "staging").ok();

    assertThat(result.err()).isEmpty();
    assertThat(git("status", "--porcelain").ok().out()).isEqualTo(" M README.md\n");
    assertThat(Files.readString(repo.resolve("README.md"))).endsWith("my notes\n");
  }

  @Test
  void localChangesToAPromotedFileKeepTheWorkTreeAsItWasAndSayHowToCatchUp() throws Exception {
    String before = git("rev-parse", "--short=12", "main").ok().out().trim();
    Files.writeString(repo.resolve("envs/staging/values.yaml"), "# mine\n",
        StandardOpenOption.APPEND);

    CliProcess.Result result = as("alice@example.com", "request", "--from", "dev", "--to",
        "staging").ok();

    assertThat(result.out()).contains("COMPLETED");
    assertThat(result.err()).contains("envs/staging/values.yaml")
        .contains("git read-tree -m -u " + before + " main");
    assertThat(Files.readString(repo.resolve("envs/staging/values.yaml"))).endsWith("# mine\n");
    assertThat(git("show", "main:envs/staging/values.yaml").ok().out()).contains("1.4.0")
        .doesNotContain("# mine");
  }

  @Test
  void aBareRepositoryWorksToo() {
    java.nio.file.Path bare = tmp.resolve("bare.git");
    cli.git(tmp, "clone", "-q", "--bare", repo.toString(), bare.toString()).ok();
    // The state ref is not cloned by default: store the pipeline again in the bare one.
    cli.baton(tmp, "--repo", bare.toString(), "--project", "shop", "--as", "lead@example.com",
        "pipeline", "set", repo.resolve(".baton/pipeline.yaml").toString()).ok();

    CliProcess.Result result = cli.baton(tmp, "--repo", bare.toString(), "--as",
        "alice@example.com", "request", "--from", "dev", "--to", "staging").ok();

    assertThat(result.out()).contains("COMPLETED");
    assertThat(cli.git(bare, "log", "-1", "--format=%s", "main").ok().out())
        .startsWith("Promote dev to staging");
    cli.git(bare, "fsck", "--full", "--strict").ok();
  }

  @Test
  void aProcessKilledBetweenItsCommitAndTheWorkTreeUpdateIsCaughtUpByTheNextCommand()
      throws Exception {
    CliProcess.Result killed = cli.baton(repo, java.util.Map.of("BATON_TEST_HALT", "after-commit"),
        "--instance-id", "runner-1", "--as", "alice@example.com", "request", "--from", "dev",
        "--to", "staging");
    assertThat(killed.exit()).as("halted like kill -9:%n%s", killed.err()).isEqualTo(137);
    assertThat(git("log", "-1", "--format=%s", "main").ok().out())
        .startsWith("Promote dev to staging");
    assertThat(Files.exists(repo.resolve(".git/baton/worktree-sync"))).isTrue();

    CliProcess.Result recovered = baton("--instance-id", "runner-1", "recover").ok();

    assertThat(recovered.out()).contains("Recovered 1 promotion(s):");
    assertThat(recovered.err()).contains("the index and work tree are now up to date");
    assertThat(git("status", "--porcelain").ok().out()).isEmpty();
    assertThat(git("diff", "--cached", "--stat").ok().out()).isEmpty();
    assertThat(Files.readString(repo.resolve("envs/staging/kustomization.yaml")))
        .contains("1.4.0");
    assertThat(Files.exists(repo.resolve(".git/baton/worktree-sync"))).isFalse();
  }

  @Test
  void aJournalLeftBeforeTheCommitIsHarmless() throws Exception {
    String tip = git("rev-parse", "main").ok().out().trim();
    Files.createDirectories(repo.resolve(".git/baton"));
    Files.writeString(repo.resolve(".git/baton/worktree-sync"),
        "branch refs/heads/main\nfrom " + tip + "\n");

    CliProcess.Result result = as("alice@example.com", "request", "--from", "dev", "--to",
        "staging").ok();

    assertThat(result.err()).isEmpty();
    assertThat(git("status", "--porcelain").ok().out()).isEmpty();
    assertThat(Files.exists(repo.resolve(".git/baton/worktree-sync"))).isFalse();
  }
}
