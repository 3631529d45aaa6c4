package dev.baton.git;

import static dev.baton.git.Fixtures.PRODUCTION;
import static dev.baton.git.Fixtures.SHOP;
import static dev.baton.git.Fixtures.STAGING;
import static dev.baton.git.GitCli.assertFsckClean;
import static dev.baton.git.GitCli.commitFiles;
import static dev.baton.git.GitCli.git;
import static dev.baton.git.GitCli.gitLine;
import static dev.baton.git.GitCli.head;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.Fixtures.RecordingSleeper;
import dev.baton.model.CommitInfo;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.FileChange;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;
import dev.baton.model.Stage;
import dev.baton.model.UserId;
import dev.baton.model.WriteStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A branch that does not exist is refused and never created; layouts and stage folders from a
 * pipeline; who authors and who commits a promotion. Checked with the {@code git} CLI.
 */
class GitEnvironmentRepositoryBranchLayoutTest {
  @TempDir Path tmp;

  private static void refusedAsUnknownBranch(Executable call) {
    BatonException e = catchThrowableOfType(BatonException.class, () -> {
      try {
        call.execute();
      } catch (Throwable t) {
        throw t instanceof RuntimeException r ? r : new AssertionError(t);
      }
    });
    assertThat(e).as("refused").isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.BRANCH_NOT_FOUND);
    assertThat(e.httpStatus()).isEqualTo(404);
    assertThat(e.getMessage()).contains("'mian'").contains("never creates");
  }

  @Test
  void aMistypedBranchIsRefusedForEveryReadAndWriteAndNothingIsWritten() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String refs = git(repo, "for-each-ref");
    long objects = GitCli.objectCount(repo);
    Revision main = Revision.of(head(repo, "main"));
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper())
        .branch("mian").build()) {
      refusedAsUnknownBranch(() -> git.environments(SHOP));
      refusedAsUnknownBranch(() -> git.read(SHOP, STAGING));
      refusedAsUnknownBranch(() -> git.readAt(SHOP, STAGING, main));
      refusedAsUnknownBranch(() -> git.write(Fixtures.write(PRODUCTION, main, "p-1",
          FileChange.write("values.yaml", "promoted\n"))));
      refusedAsUnknownBranch(() -> git.write(Fixtures.write(PRODUCTION,
          GitEnvironmentRepository.UNBORN, "p-2", FileChange.write("values.yaml", "x\n"))));
    }
    assertThat(git(repo, "for-each-ref")).isEqualTo(refs);
    assertThat(GitCli.objectCount(repo)).isEqualTo(objects);
    assertThat(GitCli.run(repo, null, "rev-parse", "--verify", "-q", "mian").exitCode())
        .isNotZero();
  }

  @Test
  void pullRequestModeRefusesAMissingBaseBranch() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String refs = git(repo, "for-each-ref");
    InMemoryPullRequestOpener opener = new InMemoryPullRequestOpener();
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper())
        .branch("mian").mode(WriteMode.PULL_REQUEST).pullRequestOpener(opener).build()) {
      refusedAsUnknownBranch(() -> git.write(Fixtures.write(PRODUCTION,
          Revision.of(head(repo, "main")), "p-1", FileChange.write("values.yaml", "x\n"))));
    }
    assertThat(git(repo, "for-each-ref")).isEqualTo(refs).doesNotContain("baton/promotion");
    assertThat(opener.requests()).isEmpty();
  }

  @Test
  void remoteModeRefusesABranchTheRemoteDoesNotHave() {
    Path seed = Fixtures.seededRepo(tmp.resolve("seed"));
    Path remote = tmp.resolve("remote.git");
    git(tmp, "clone", "-q", "--bare", seed.toString(), remote.toString());
    Path clone = tmp.resolve("clone");
    git(tmp, "clone", "-q", remote.toString(), clone.toString());
    String remoteRefs = git(remote, "for-each-ref");
    try (GitEnvironmentRepository git = Fixtures.builder(clone, new RecordingSleeper())
        .remote("origin").branch("mian").build()) {
      refusedAsUnknownBranch(() -> git.read(SHOP, STAGING));
      refusedAsUnknownBranch(() -> git.write(Fixtures.write(PRODUCTION,
          Revision.of(head(remote, "main")), "p-1", FileChange.write("values.yaml", "x\n"))));
    }
    assertThat(git(remote, "for-each-ref")).isEqualTo(remoteRefs);
  }

  @Test
  void aPipelineGivesTheLayoutAndEachStageItsOwnFolder() {
    Path repo = GitCli.init(tmp.resolve("repo"), false);
    commitFiles(repo, Map.of(
        "base/deployment.yaml", "kind: Deployment\n",
        "env/dev/kustomization.yaml", "resources: [../../base]\n",
        "env/staging/kustomization.yaml", "resources: [../../base]\n",
        "env/production/kustomization.yaml", "stale: the production stage lives elsewhere\n",
        "overlays/prod-eu/kustomization.yaml", "resources: [../../base]\n"), "Kustomize");
    Pipeline pipeline = Pipeline.builder(SHOP).layout("env/{environment}")
        .stage("dev").stage("staging").stage(Stage.of("production").withPath("overlays/prod-eu"))
        .transition("dev", "staging", 0).transition("staging", "production", 1).build();

    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper())
        .pipeline(pipeline).build()) {
      assertThat(git.layout()).isEqualTo(EnvironmentLayout.of(pipeline));
      assertThat(git.environments(SHOP)).containsExactly(EnvironmentName.of("dev"), PRODUCTION,
          STAGING);
      for (Stage stage : pipeline.stages()) {
        assertThat(git.folder(SHOP, stage.environment()))
            .contains(pipeline.folderOf(stage.environment()));
      }
      assertThat(git.folder(SHOP, PRODUCTION)).contains("overlays/prod-eu");
      assertThat(git.read(SHOP, PRODUCTION).files())
          .containsExactly(Map.entry("kustomization.yaml", "resources: [../../base]\n"));

      var result = git.write(Fixtures.write(PRODUCTION, git.read(SHOP, PRODUCTION).revision(),
          "p-1", FileChange.write("kustomization.yaml", "resources: [../../base]\n# v2\n")));

      assertThat(result.status()).isEqualTo(WriteStatus.WRITTEN);
      assertThat(git(repo, "show", "--name-only", "--format=", "main"))
          .isEqualTo("overlays/prod-eu/kustomization.yaml\n");
      assertThat(gitLine(repo, "log", "-1", "--format=%(trailers:key=Environment,valueonly)"))
          .isEqualTo("overlays/prod-eu");
      assertThat(git.findWrite(SHOP, PRODUCTION, PromotionId.of("p-1")))
          .contains(result.revision());
      assertFsckClean(repo);
    }
  }

  @Test
  void anEnvironmentWithItsOwnFolderIsListedOnlyWhenThatFolderExists() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    EnvironmentLayout layout = EnvironmentLayout.defaultLayout()
        .withFolder(PRODUCTION, "regions/{project}/eu");
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper())
        .layout(layout).build()) {
      assertThat(git.environments(SHOP)).doesNotContain(PRODUCTION);
      assertThat(git.folder(SHOP, PRODUCTION)).contains("regions/shop/eu");
      commitFiles(repo, Map.of("regions/shop/eu/values.yaml", "image: shop:1.0.0\n"), "EU");
      assertThat(git.environments(SHOP)).contains(PRODUCTION);
      assertThat(git.environments(ProjectId.of("other"))).doesNotContain(PRODUCTION);
    }
    assertThat(layout.usesProject()).isTrue();
    assertThat(catchThrowableOfType(BatonException.class,
        () -> layout.withFolder(STAGING, "../outside")).code())
        .isEqualTo(ErrorCode.PATH_OUTSIDE_ENVIRONMENT);
    assertThat(catchThrowableOfType(BatonException.class,
        () -> layout.withFolder(STAGING, "a/{env}")).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void theRequesterAuthorsAndBatonCommits() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper())
        .committer("Baton Bot", "baton@ci.example.com").build()) {
      write(git, STAGING, "p-1", "alice@example.com", false);
      assertThat(git(repo, "log", "-1", "--format=%an%n%ae%n%cn%n%ce%n%(trailers)", "main"))
          .isEqualTo("alice\nalice@example.com\nBaton Bot\nbaton@ci.example.com\n"
              + "Promotion-Id: p-1\nEnvironment: envs/staging\n"
              + "Requested-by: alice@example.com\nApproved-by: bob\n\n");

      write(git, PRODUCTION, "p-2", "ci bot <ci>", true);
      assertThat(git(repo, "log", "-1", "--format=%an%n%ae%n%cn%n%(trailers)", "main"))
          .isEqualTo("ci bot ci\nci-bot--ci-@users.baton.invalid\nBaton Bot\n"
              + "Promotion-Id: p-2\nEnvironment: envs/production\n"
              + "Requested-by: ci bot <ci>\nApproved-by: bob\nRollback: true\n\n");
      assertThat(gitLine(repo, "log", "-1", "--format=%(trailers:key=Rollback,valueonly)"))
          .isEqualTo("true");
      assertFsckClean(repo);
    }
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper())
        .build()) {
      write(git, EnvironmentName.of("dev"), "p-3", "carol", false);
      assertThat(git(repo, "log", "-1", "--format=%an <%ae>%n%cn <%ce>", "main"))
          .isEqualTo("carol <carol@users.baton.invalid>\nBaton <baton@localhost>\n");
    }
  }

  private static void write(GitEnvironmentRepository git, EnvironmentName env, String id,
      String requester, boolean rollback) {
    CommitInfo info = new CommitInfo(PromotionId.of(id), "Promote to " + env, "",
        UserId.of(requester), List.of(UserId.of("bob")), Fixtures.AT, rollback);
    var result = git.write(new EnvironmentWrite(SHOP, env, git.read(SHOP, env).revision(),
        List.of(FileChange.write("values.yaml", "image: shop:" + id + "\n")), info));
    assertThat(result.status()).isEqualTo(WriteStatus.WRITTEN);
  }
}
