package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class InitIT extends CliTestBase {

  @Test
  void createsTheSampleRepositoryWithOneCommitAndTheStoredPipeline() throws Exception {
    CliProcess.Result result = cli.baton(tmp, "init", repo.toString()).ok();

    assertThat(result.out()).contains("Created a sample GitOps repository in " + repo);
    assertThat(git("ls-files").ok().out().lines().toList()).contains(
        "envs/dev/kustomization.yaml", "envs/dev/values.yaml", "envs/staging/variables.yaml",
        "envs/production/service.yaml", ".baton/pipeline.yaml", ".baton/deploy.yaml");
    assertThat(git("rev-parse", "--abbrev-ref", "HEAD").ok().out().trim()).isEqualTo("main");
    assertThat(git("rev-list", "--count", "main").ok().out().trim()).isEqualTo("1");
    assertThat(git("status", "--porcelain").ok().out()).isEmpty();
    assertThat(git("show", "main:envs/dev/kustomization.yaml").ok().out()).contains("1.4.0");
    assertThat(git("show", "main:envs/staging/kustomization.yaml").ok().out())
        .contains("1.3.2");
    assertThat(git("show", "main:envs/production/kustomization.yaml").ok().out())
        .contains("1.3.0");
    // The pipeline is stored durably on the state ref, as readable JSON.
    assertThat(git("cat-file", "-p", "refs/baton/state:pipelines/shop.json").ok().out())
        .contains("\"production\"").contains("MANUAL");
    git("fsck", "--full", "--strict").ok();
  }

  @Test
  void refusesAFolderThatIsNotEmpty() throws Exception {
    Files.createDirectories(repo);
    Files.writeString(repo.resolve("notes.txt"), "mine");

    CliProcess.Result result = cli.baton(tmp, "init", repo.toString()).exits(3);

    assertThat(result.err()).contains("refused: INVALID_ARGUMENT").contains("is not empty");
    assertThat(repo.resolve(".git")).doesNotExist();
    assertThat(Files.readString(repo.resolve("notes.txt"))).isEqualTo("mine");
  }

  @Test
  void initWithoutDirUsesTheCurrentFolderAndPrintsJson() {
    CliProcess.Result result = cli.baton(repo, "--json", "init").ok();

    assertThat(result.json().get("repository").asText()).isEqualTo(repo.toString());
    assertThat(result.json().get("project").asText()).isEqualTo("shop");
    assertThat(repo.resolve(".git")).isDirectory();
  }
}
