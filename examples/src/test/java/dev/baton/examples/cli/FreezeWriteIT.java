package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A freeze holds the Git write by default: with an auto-syncing GitOps controller the commit into
 * the frozen folder would be the deploy. Checked with the git CLI on the real repository.
 */
class FreezeWriteIT extends CliTestBase {
  private static final String LEAD = "lead@example.com";

  @BeforeEach
  void sample() {
    init();
  }

  private String head() {
    return git("rev-parse", "HEAD").ok().out().strip();
  }


  @Test
  void aFrozenTargetGetsNoCommitAndRecoverWritesItOnceAfterTheFreeze() {
    assertThat(as(LEAD, "freeze", "production", "--reason", "year-end freeze").ok().out())
        .contains("it holds write and deploy.");
    assertThat(baton("envs").ok().out())
        .containsPattern("production .*frozen \\(year-end freeze; holds write and deploy\\)");
    JsonNode envs = baton("--json", "envs").ok().json();
    JsonNode production = null;
    for (JsonNode env : envs.get("items")) {
      production = env.get("environment").asText().equals("production") ? env : production;
    }
    assertThat(production.get("freeze").get("holds").asText()).isEqualTo("WRITE_AND_DEPLOY");
    String before = head();

    String id = requestToProduction("hotfix");
    as("bob@example.com", "approve", id).ok();
    JsonNode held = as("carol@example.com", "--json", "approve", id).ok().json();
    assertThat(held.get("status").asText()).isEqualTo("PENDING_APPROVAL");
    assertThat(held.get("claim").isNull()).isTrue();
    assertThat(held.get("release").isNull()).isTrue();
    assertThat(head()).isEqualTo(before);
    assertThat(git("log", "--format=%H", before + "..HEAD").ok().out()).isEmpty();
    assertThat(baton("show", id).ok().out()).contains("held: production is frozen (year-end");

    // during the freeze: recover writes nothing, resume says why
    baton("recover").ok();
    assertThat(as(LEAD, "resume", id).exits(3).err())
        .startsWith("refused: ENVIRONMENT_FROZEN");
    assertThat(head()).isEqualTo(before);

    as(LEAD, "unfreeze", "production").ok();
    baton("recover").ok();
    baton("recover").ok();
    assertThat(git("log", "--format=%H", before + "..HEAD").ok().out().lines()).hasSize(1);
    assertThat(commitsOf(id)).isEqualTo(1);
    assertThat(baton("--json", "show", id).ok().json().get("release").isNull()).isFalse();
    assertThat(git("status", "--porcelain").ok().out()).isEmpty();
  }

  @Test
  void breakGlassLetsTheWriteThrough() {
    as(LEAD, "freeze", "production", "--reason", "year-end freeze").ok();
    as(LEAD, "break-glass", "production", "--reason", "checkout is down", "--for", "1h").ok();
    String before = head();
    String id = requestToProduction("hotfix");
    as("bob@example.com", "approve", id).ok();
    JsonNode done = as("carol@example.com", "--json", "approve", id).ok().json();
    assertThat(done.get("status").asText()).isIn("PENDING_RELEASE", "COMPLETED");
    assertThat(done.get("breakGlass").get("reason").asText()).isEqualTo("checkout is down");
    assertThat(git("log", "--format=%H", before + "..HEAD").ok().out().lines()).hasSize(1);
    assertThat(commitsOf(id)).isEqualTo(1);
  }
}
