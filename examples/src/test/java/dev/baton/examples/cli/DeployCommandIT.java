package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeployCommandIT extends CliTestBase {

  @BeforeEach
  void sample() {
    init();
  }

  private void deployFile(String yaml) throws Exception {
    Files.writeString(repo.resolve(".baton/deploy.yaml"), yaml);
    git("commit", "-qam", "deploy commands").ok();
  }

  @Test
  void theCommandSeesTheReleaseInItsEnvironment() throws Exception {
    deployFile("""
        staging: 'env | grep ^BATON_ | sort > "$BATON_ENVIRONMENT.env"; echo done'
        """);

    JsonNode p = cli.baton(repo, "--as", "alice@example.com", "--json", "request", "--from",
        "dev", "--to", "staging").ok().json();

    assertThat(p.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(p.get("release").get("deployMessage").asText()).isEqualTo("done");
    String env = Files.readString(repo.resolve("staging.env"));
    assertThat(env).contains("BATON_PROJECT=shop\n").contains("BATON_ENVIRONMENT=staging\n")
        .contains("BATON_PROMOTION=" + p.get("id").asText() + "\n")
        .contains("BATON_RELEASE=" + p.get("release").get("id").asText() + "\n")
        .contains("BATON_REVISION=" + p.get("release").get("revision").asText() + "\n")
        .contains("BATON_USER=alice@example.com\n")
        .containsPattern("BATON_FENCING_TOKEN=[1-9][0-9]*\n");
  }

  @Test
  void aFailingCommandLeavesThePromotionPendingReleaseWithItsOutput() throws Exception {
    deployFile("""
        staging: 'echo "sync failed: cluster unreachable" >&2; exit 7'
        """);

    JsonNode p = cli.baton(repo, "--as", "alice@example.com", "--json", "request", "--from",
        "dev", "--to", "staging").ok().json();

    assertThat(p.get("status").asText()).isEqualTo("PENDING_RELEASE");
    assertThat(p.get("release").get("deployState").asText()).isEqualTo("FAILED");
    assertThat(p.get("release").get("deployMessage").asText())
        .contains("exit status 7").contains("sync failed: cluster unreachable");
    assertThat(cli.baton(repo, "show", p.get("id").asText()).ok().out())
        .contains("| sync failed: cluster unreachable");

    deployFile("""
        staging: 'echo fixed'
        """);
    JsonNode retried = cli.baton(repo, "--as", "bob@example.com", "--json", "deploy",
        p.get("id").asText()).ok().json();
    assertThat(retried.get("status").asText()).isEqualTo("COMPLETED");
  }

  @Test
  void anEnvironmentWithoutCommandFailsItsDeploy() throws Exception {
    deployFile("""
        production: 'echo prod'
        """);

    JsonNode p = cli.baton(repo, "--as", "alice@example.com", "--json", "request", "--from",
        "dev", "--to", "staging").ok().json();

    assertThat(p.get("release").get("deployState").asText()).isEqualTo("FAILED");
    assertThat(p.get("release").get("deployMessage").asText())
        .contains(".baton/deploy.yaml has no command for staging");
  }

  @Test
  void aMalformedDeployFileStopsTheVerbsThatDeployButNotTheReads() throws Exception {
    deployFile("""
        staging: ''
        production:
          command: 'echo hi'
          timeout: forever
          retries: 3
        """);
    String main = git("rev-parse", "main").ok().out();
    String state = git("rev-parse", "refs/baton/state").ok().out();

    CliProcess.Result result = cli.baton(repo, "--as", "alice@example.com", "request",
        "--from", "dev", "--to", "staging").exits(3);

    assertThat(result.err()).startsWith("refused: MALFORMED_DOCUMENT")
        .contains("  - staging must be a command")
        .contains("  - production.timeout")
        .contains("  - production.retries is not a known key");
    assertThat(git("rev-parse", "main").ok().out()).isEqualTo(main);
    assertThat(git("rev-parse", "refs/baton/state").ok().out()).isEqualTo(state);
    cli.baton(repo, "history").ok();
    cli.baton(repo, "preview", "--from", "dev", "--to", "staging").ok();
  }

  @Test
  void aDeployFileThatIsAFolderIsRefusedBeforeAnythingIsWritten() throws Exception {
    git("rm", "-q", ".baton/deploy.yaml").ok();
    Files.createDirectories(repo.resolve(".baton/deploy.yaml"));
    Files.writeString(repo.resolve(".baton/deploy.yaml/staging"), "echo hi\n");
    git("add", ".baton").ok();
    git("commit", "-qm", "deploy commands as a folder").ok();

    assertRefusedWithoutWriting(".baton/deploy.yaml on main is a folder, not a file");
  }

  @Test
  void anEmptyDeployFileIsRefusedBeforeAnythingIsWritten() throws Exception {
    deployFile("# nothing here yet\n");

    assertRefusedWithoutWriting("the file is empty");
  }

  private void assertRefusedWithoutWriting(String why) {
    String main = git("rev-parse", "main").ok().out();
    String state = git("rev-parse", "refs/baton/state").ok().out();

    CliProcess.Result result = cli.baton(repo, "--as", "alice@example.com", "request",
        "--from", "dev", "--to", "staging").exits(3);

    assertThat(result.err()).startsWith("refused: MALFORMED_DOCUMENT").contains(why);
    assertThat(git("rev-parse", "main").ok().out()).isEqualTo(main);
    assertThat(git("rev-parse", "refs/baton/state").ok().out()).isEqualTo(state);
    cli.baton(repo, "history").ok();
  }
}
