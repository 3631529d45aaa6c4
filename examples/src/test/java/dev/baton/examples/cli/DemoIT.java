package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoIT extends CliTestBase {

  @Test
  void theDemoRunsTheWholeStoryAndExitsZero() {
    CliProcess.Result result = cli.baton(tmp, "demo", "--dir", repo.toString()).ok();
    String out = result.out();

    assertThat(out).contains("Baton demo on a new sample GitOps repository: " + repo);
    assertThat(out).contains("refused: ALREADY_APPROVED (HTTP 409)");
    assertThat(out).contains("PENDING_RELEASE").contains("next:     baton deploy ");
    assertThat(out).contains("Deployed p-");
    assertThat(out).contains("Promotion-Id: p-").contains("Requested-by: alice@example.com")
        .contains("Approved-by: bob@example.com").contains("Approved-by: carol@example.com");
    assertThat(out).contains("commit ").contains("Author: alice <alice@example.com>")
        .contains("Commit: Baton <baton@localhost>");
    assertThat(result.err()).isEmpty();

    // The repository stays behind, readable with plain git and with baton.
    assertThat(git("log", "--format=%(trailers:key=Promotion-Id,valueonly)", "main").ok().out()
        .lines().filter(l -> !l.isBlank()).count()).isEqualTo(2);
    assertThat(baton("history").ok().out()).contains("staging → production")
        .contains("completed");
    git("fsck", "--full", "--strict").ok();
  }

  @Test
  void theDemoWithoutDirUsesATemporaryFolderAndSaysWhere() {
    CliProcess.Result result = cli.baton(tmp, "demo").ok();

    assertThat(result.out()).containsPattern("sample GitOps repository: .*baton-demo-.*shop");
  }
}
