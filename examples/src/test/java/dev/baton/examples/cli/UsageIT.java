package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageIT extends CliTestBase {

  @ParameterizedTest
  @ValueSource(strings = {"init", "pipeline", "pipeline show", "pipeline set", "preview",
      "request", "approve", "reject", "withdraw", "deploy", "show", "history", "inbox", "envs",
      "freeze", "unfreeze", "break-glass", "recover", "demo"})
  void everyCommandHasHelpWithTheExitCodes(String command) {
    List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
    args.add("--help");

    CliProcess.Result result = cli.baton(tmp, args.toArray(String[]::new)).ok();

    assertThat(result.out()).startsWith("Usage: baton " + command)
        .contains("Exit codes:").contains("3  refused by Baton");
  }

  @Test
  void topLevelHelpListsTheCommands() {
    String out = cli.baton(tmp, "--help").ok().out();

    assertThat(out).contains("request").contains("approve").contains("break-glass")
        .contains("demo").contains("Exit codes:");
    assertThat(cli.baton(tmp).ok().out()).startsWith("Usage: baton");
  }

  @Test
  void unknownCommandsAndOptionsAreUsageErrors() {
    assertThat(cli.baton(tmp, "promote").exits(2).err()).contains("Unmatched argument");
    assertThat(cli.baton(tmp, "history", "--colour").exits(2).err()).contains("--colour")
        .contains("Try 'baton history --help' for more information.").doesNotContain("Usage:");
    assertThat(cli.baton(tmp, "request", "--from", "dev").exits(2).err())
        .contains("Missing required option").doesNotContain("Usage:");
  }

  @Test
  void underJsonAUsageErrorIsOneJsonObjectOnStderr() {
    CliProcess.Result result = cli.baton(tmp, "history", "--colour", "--json").exits(2);

    assertThat(result.out()).isEmpty();
    assertThat(result.errJson().get("error").get("code").asText()).isEqualTo("USAGE");
    assertThat(result.errJson().get("error").get("message").asText()).contains("--colour");
  }

  @Test
  void aFolderWithoutRepositoryIsRefused() {
    CliProcess.Result result = cli.baton(tmp, "history").exits(3);

    assertThat(result.err()).startsWith("refused: INVALID_ARGUMENT (HTTP 400): no Git repository")
        .contains("baton init");
  }

  @Test
  void aRepositoryWithoutPipelineSaysHowToStoreOne() throws Exception {
    java.nio.file.Files.createDirectories(repo.resolve("envs/dev"));
    java.nio.file.Files.writeString(repo.resolve("envs/dev/values.yaml"), "a: 1\n");
    git("init", "-q", "-b", "main").ok();
    git("add", ".").ok();
    git("commit", "-qm", "one environment").ok();

    CliProcess.Result result = baton("pipeline", "show").exits(3);

    assertThat(result.err()).startsWith("refused: PIPELINE_NOT_FOUND (HTTP 404): project default")
        .contains("hint: store one with 'baton pipeline set FILE'");
    assertThat(baton("--json", "envs").ok().json().get("items").get(0).get("environment").asText())
        .isEqualTo("dev");
  }

  @Test
  void withoutUserTheVerbsAskWhoYouAre() {
    init();

    CliProcess.Result result = baton("request", "--from", "dev", "--to", "staging").exits(2);

    assertThat(result.err()).contains("pass --as USER, or set git config user.email");
  }

  @Test
  void theUserDefaultsToTheRepositorysGitConfig() {
    init();
    git("config", "user.email", "configured@example.com").ok();

    String out = baton("--json", "request", "--from", "dev", "--to", "staging").ok().out();

    assertThat(out).contains("\"requester\" : \"configured@example.com\"");
  }

  @Test
  void debugShowsTheStackTraceOfARefusal() {
    init();

    assertThat(baton("--debug", "show", "nope").exits(3).err())
        .contains("at dev.baton.examples.cli.Ids");
    assertThat(baton("show", "nope").exits(3).err()).doesNotContain("\tat ");
  }

  @Test
  void versionIsPrinted() {
    assertThat(cli.baton(tmp, "--version").ok().out()).startsWith("baton ");
  }
}
