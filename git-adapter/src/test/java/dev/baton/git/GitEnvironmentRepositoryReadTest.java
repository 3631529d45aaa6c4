package dev.baton.git;

import static dev.baton.git.Fixtures.DEV;
import static dev.baton.git.Fixtures.PRODUCTION;
import static dev.baton.git.Fixtures.SHOP;
import static dev.baton.git.Fixtures.STAGING;
import static dev.baton.git.GitCli.commitFiles;
import static dev.baton.git.GitCli.git;
import static dev.baton.git.GitCli.head;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.Fixtures.RecordingSleeper;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.Revision;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitEnvironmentRepositoryReadTest {
  @TempDir Path tmp;

  private GitEnvironmentRepository open(Path repo) {
    return Fixtures.builder(repo, new RecordingSleeper()).build();
  }

  @Test
  void readsTheEnvironmentFolderAtTheBranchHead() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo)) {
      EnvironmentFiles files = git.read(SHOP, PRODUCTION);

      assertThat(files.environment()).isEqualTo(PRODUCTION);
      assertThat(files.revision().value()).isEqualTo(head(repo, "main"));
      assertThat(files.files()).containsExactly(
          Map.entry("manifests/service.yaml", "kind: Service\n"),
          Map.entry("values.yaml", "image: shop:1.1.0\nreplicas: 3\n"));
    }
  }

  @Test
  void readsABareRepositoryToo() {
    Path work = Fixtures.seededRepo(tmp.resolve("work"));
    Path bare = tmp.resolve("bare.git");
    git(tmp, "clone", "-q", "--bare", work.toString(), bare.toString());
    try (GitEnvironmentRepository git = open(bare)) {
      assertThat(git.read(SHOP, STAGING).file("values.yaml"))
          .contains("image: shop:1.2.0\nreplicas: 2\n");
    }
  }

  @Test
  void readAtGivesTheFilesOfAnOlderCommit() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String first = head(repo, "main");
    String second = commitFiles(repo, Map.of("envs/staging/values.yaml", "image: shop:1.3.0\n",
        "envs/staging/extra.yaml", "x: 1\n"), "Bump staging");
    try (GitEnvironmentRepository git = open(repo)) {
      assertThat(git.read(SHOP, STAGING).files()).containsKeys("extra.yaml");
      assertThat(git.read(SHOP, STAGING).revision().value()).isEqualTo(second);

      EnvironmentFiles old = git.readAt(SHOP, STAGING, Revision.of(first)).orElseThrow();
      assertThat(old.revision().value()).isEqualTo(first);
      assertThat(old.files())
          .containsExactly(Map.entry("values.yaml", "image: shop:1.2.0\nreplicas: 2\n"));
    }
  }

  @Test
  void readAtAnUnknownRevisionIsEmpty() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String tree = GitCli.gitLine(repo, "rev-parse", "main^{tree}");
    try (GitEnvironmentRepository git = open(repo)) {
      assertThat(git.readAt(SHOP, STAGING, Revision.of("not-a-commit"))).isEmpty();
      assertThat(git.readAt(SHOP, STAGING, Revision.of("1".repeat(40)))).isEmpty();
      assertThat(git.readAt(SHOP, STAGING, Revision.of(tree))).as("a tree is no commit").isEmpty();
      assertThat(git.readAt(SHOP, STAGING, GitEnvironmentRepository.UNBORN))
          .hasValueSatisfying(files -> assertThat(files.files()).isEmpty());
    }
  }

  @Test
  void aMissingFolderHasNoFilesAtTheHeadRevision() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo)) {
      EnvironmentFiles files = git.read(SHOP, EnvironmentName.of("qa"));
      assertThat(files.files()).isEmpty();
      assertThat(files.revision().value()).isEqualTo(head(repo, "main"));
    }
  }

  @Test
  void anEmptyRepositoryHasNoBranchToReadFrom() {
    Path repo = GitCli.init(tmp.resolve("empty.git"), true);
    try (GitEnvironmentRepository git = open(repo)) {
      assertThat(catchThrowableOfType(BatonException.class, () -> git.read(SHOP, STAGING))
          .code()).isEqualTo(ErrorCode.BRANCH_NOT_FOUND);
      assertThat(catchThrowableOfType(BatonException.class, () -> git.environments(SHOP))
          .code()).isEqualTo(ErrorCode.BRANCH_NOT_FOUND);
    }
  }

  @Test
  void listsEnvironmentFoldersOnly() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    commitFiles(repo, Map.of("envs/NOTES.md", "not an environment\n",
        "envs/.hidden/values.yaml", "x: 1\n"), "Noise");
    try (GitEnvironmentRepository git = open(repo)) {
      assertThat(git.environments(SHOP)).containsExactly(DEV, PRODUCTION, STAGING);
    }
  }

  @Test
  void projectLayoutsKeepProjectsApart() {
    Path repo = GitCli.init(tmp.resolve("repo"), false);
    commitFiles(repo, Map.of(
        "projects/shop/envs/dev/values.yaml", "shop: dev\n",
        "projects/shop/envs/prod/values.yaml", "shop: prod\n",
        "projects/blog/envs/dev/values.yaml", "blog: dev\n"), "Two projects");
    EnvironmentLayout layout = EnvironmentLayout.of("projects/{project}/envs/{environment}");
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper())
        .layout(layout).build()) {
      ProjectId blog = ProjectId.of("blog");
      assertThat(git.environments(SHOP)).containsExactly(DEV, EnvironmentName.of("prod"));
      assertThat(git.environments(blog)).containsExactly(DEV);
      assertThat(git.environments(ProjectId.of("wiki"))).isEmpty();
      assertThat(git.read(SHOP, DEV).files()).containsExactly(Map.entry("values.yaml",
          "shop: dev\n"));
      assertThat(git.read(blog, DEV).files()).containsExactly(Map.entry("values.yaml",
          "blog: dev\n"));
    }
  }

  @Test
  void aLayoutWithASuffixListsOnlyFoldersThatHaveIt() {
    Path repo = GitCli.init(tmp.resolve("repo"), false);
    commitFiles(repo, Map.of(
        "dev/config/values.yaml", "dev\n",
        "staging/config/values.yaml", "staging\n",
        "docs/index.md", "docs\n"), "Suffix layout");
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper())
        .layout(EnvironmentLayout.of("{environment}/config")).build()) {
      assertThat(git.environments(SHOP)).containsExactly(DEV, STAGING);
      assertThat(git.read(SHOP, STAGING).files()).containsOnlyKeys("values.yaml");
    }
  }

  @Test
  void readsTheConfiguredBranch() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    git(repo, "checkout", "-q", "-b", "release");
    String release = commitFiles(repo, Map.of("envs/dev/values.yaml", "release\n"), "Release");
    git(repo, "checkout", "-q", "main");
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper())
        .branch("release").build()) {
      EnvironmentFiles files = git.read(SHOP, DEV);
      assertThat(files.revision().value()).isEqualTo(release);
      assertThat(files.file("values.yaml")).contains("release\n");
    }
  }

  @Test
  void readsExecutableAndEmptyFiles() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    GitCli.write(repo, Map.of("envs/dev/hook.sh", "#!/bin/sh\n", "envs/dev/empty.txt", ""));
    git(repo, "add", "-A");
    git(repo, "update-index", "--chmod=+x", "envs/dev/hook.sh");
    git(repo, "commit", "-q", "-m", "Hook");
    try (GitEnvironmentRepository git = open(repo)) {
      assertThat(git.read(SHOP, DEV).files())
          .containsEntry("hook.sh", "#!/bin/sh\n")
          .containsEntry("empty.txt", "");
    }
  }
}
