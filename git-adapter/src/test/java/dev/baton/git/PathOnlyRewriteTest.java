package dev.baton.git;

import static dev.baton.git.Fixtures.PRODUCTION;
import static dev.baton.git.Fixtures.SHOP;
import static dev.baton.git.Fixtures.STAGING;
import static dev.baton.git.GitCli.git;
import static dev.baton.git.GitCli.gitLine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.FileChange;
import dev.baton.model.Revision;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write rebuilds only the trees on the folder's path; everything beside them keeps its id. */
class PathOnlyRewriteTest {
  @TempDir
  Path tmp;

  @Test
  void siblingTreesKeepTheirIdsAndOnlyThePathChanges() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String devBefore = gitLine(repo, "rev-parse", "main:envs/dev");
    String stagingBefore = gitLine(repo, "rev-parse", "main:envs/staging");
    String manifestsBefore = gitLine(repo, "rev-parse", "main:envs/production/manifests");
    try (GitEnvironmentRepository git = GitEnvironmentRepository.builder().repository(repo)
        .build()) {
      Revision head = git.read(SHOP, PRODUCTION).revision();
      git.write(Fixtures.write(PRODUCTION, head, "p-1",
          FileChange.write("values.yaml", "image: shop:1.2.0\nreplicas: 3\n"),
          FileChange.write("a/b/c.yaml", "deep: true\n")));
    }
    assertThat(gitLine(repo, "rev-parse", "main:envs/dev")).isEqualTo(devBefore);
    assertThat(gitLine(repo, "rev-parse", "main:envs/staging")).isEqualTo(stagingBefore);
    assertThat(gitLine(repo, "rev-parse", "main:envs/production/manifests"))
        .isEqualTo(manifestsBefore);
    assertThat(git(repo, "show", "main:envs/production/a/b/c.yaml")).isEqualTo("deep: true\n");
    assertThat(git(repo, "diff", "--name-only", "main~1", "main")).isEqualTo(
        "envs/production/a/b/c.yaml\nenvs/production/values.yaml\n");
    git(repo, "fsck", "--full", "--strict");
  }

  @Test
  void removingEveryFileRemovesTheFolderAndParentsLeftEmpty() {
    Path repo = GitCli.init(tmp.resolve("repo"), false);
    GitCli.commitFiles(repo, java.util.Map.of("deploy/envs/staging/values.yaml", "v: 1\n",
        "README.md", "hi\n"), "seed");
    try (GitEnvironmentRepository git = GitEnvironmentRepository.builder().repository(repo)
        .layout(EnvironmentLayout.of("deploy/envs/{environment}")).build()) {
      Revision head = git.read(SHOP, STAGING).revision();
      git.write(Fixtures.write(STAGING, head, "p-2", FileChange.delete("values.yaml")));
    }
    assertThat(git(repo, "ls-tree", "-r", "--name-only", "main")).isEqualTo("README.md\n");
    git(repo, "fsck", "--full", "--strict");
  }
}
