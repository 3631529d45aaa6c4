package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * From the command line, on the sample repository: what ships is what was approved, and every
 * refusal leaves the branch and the state ref as they were.
 */
class WhatShipsIT extends CliTestBase {

  @BeforeEach
  void sample() {
    init();
  }

  private String refs() {
    return git("rev-parse", "main", "refs/baton/state").ok().out();
  }

  private void commitEdit(String file, String from, String to) throws Exception {
    Path path = repo.resolve(file);
    Files.writeString(path, Files.readString(path).replace(from, to));
    git("commit", "-qam", "edit " + file).ok();
  }

  @Test
  void aPromotionThatWouldChangeNothingIsRefusedWithoutAnEmptyCommit() {
    as("alice@example.com", "request", "--from", "dev", "--to", "staging").ok();
    String before = refs();
    String err = as("alice@example.com", "request", "--from", "dev", "--to", "staging")
        .exits(3).err();
    assertThat(err).startsWith("refused: NOTHING_TO_PROMOTE (HTTP 409)");
    assertThat(refs()).isEqualTo(before);
  }

  @Test
  void theApproversSeeThePinnedPreviewAndAHotfixInWhatMovesStopsTheExecution()
      throws Exception {
    String id = requestToProduction("1.3.2 passed staging");
    // the source moves on after the request: the promotion still carries 1.3.2
    commitEdit("envs/staging/values.yaml", "tag: \"1.3.2\"", "tag: \"1.3.9\"");
    String pinned = baton("preview", "--promotion", id).ok().out();
    assertThat(pinned).containsPattern("values.yaml: image.tag\\s+1\\.3\\.2\\s+1\\.3\\.0\\s+moves");
    assertThat(as("bob@example.com", "inbox").ok().out())
        .contains("moves (pinned to staging at").contains("values.yaml: image.tag  1.3.0 → 1.3.2");
    assertThat(baton("show", id).ok().out()).contains("values.yaml: image.tag  1.3.0 → 1.3.2");

    // a hotfix lands in production's version line before the quorum is met
    commitEdit("envs/production/values.yaml", "tag: \"1.3.0\"", "tag: \"1.3.1\"");
    as("bob@example.com", "approve", id).ok();
    String before = git("rev-parse", "main").ok().out();
    String err = as("carol@example.com", "approve", id).exits(3).err();
    assertThat(err).startsWith("refused: TARGET_CHANGED (HTTP 409)");
    assertThat(git("rev-parse", "main").ok().out()).isEqualTo(before);
    String show = baton("show", id).ok().out();
    assertThat(show).contains("REJECTED").contains("not executed by carol@example.com");
  }

  @Test
  void anOlderVersionIsARollbackOnlyWhenAskedFor() throws Exception {
    commitEdit("envs/production/values.yaml", "tag: \"1.3.0\"", "tag: \"1.9.0\"");
    String before = refs();
    String err = as("alice@example.com", "request", "--from", "staging", "--to", "production")
        .exits(3).err();
    assertThat(err).startsWith("refused: STALE_PROMOTION (HTTP 409)").contains("1.9.0");
    assertThat(refs()).isEqualTo(before);

    String id = promotionId(as("alice@example.com", "request", "--from", "staging", "--to",
        "production", "--rollback").ok().out());
    as("bob@example.com", "approve", id).ok();
    as("carol@example.com", "approve", id).ok();
    assertThat(baton("show", id).ok().out()).contains("requested as a rollback");
    assertThat(git("log", "-1", "--format=%an <%ae>%n%(trailers:key=Rollback)", "main").ok()
        .out()).contains("alice <alice@example.com>").contains("Rollback: true");
    assertThat(git("show", "--format=", "--stat", "main").ok().out())
        .contains("envs/production/kustomization.yaml | 2 +-")
        .contains("envs/production/values.yaml        | 2 +-");
  }

  @Test
  void aStageWhoseFolderIsGoneIsRefusedAtRequest() {
    git("rm", "-rq", "envs/dev").ok();
    git("commit", "-qm", "drop dev").ok();
    String before = git("rev-parse", "main").ok().out();
    String err = as("alice@example.com", "request", "--from", "dev", "--to", "staging")
        .exits(3).err();
    assertThat(err).startsWith("refused: UNKNOWN_ENVIRONMENT");
    assertThat(git("rev-parse", "main").ok().out()).isEqualTo(before);
  }
}
