package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FreezeIT extends CliTestBase {
  private static final String LEAD = "lead@example.com";

  @BeforeEach
  void sample() {
    init();
  }

  @Test
  void aDeployOnlyFreezeHoldsTheDeployUntilBreakGlassLetsItThrough() {
    assertThat(as(LEAD, "freeze", "production", "--reason", "year-end freeze", "--holds",
        "deploy").ok().out())
        .contains("Froze production (year-end freeze) until 'baton unfreeze production'; it"
            + " holds deploy.");
    assertThat(baton("envs").ok().out())
        .containsPattern("production .*frozen \\(year-end freeze; holds deploy\\)");
    assertThat(git("ls-tree", "-r", "--name-only", "refs/baton/state").ok().out())
        .contains("freezes/shop/production.json");

    String id = requestToProduction("hotfix");
    as("bob@example.com", "approve", id).ok();
    JsonNode held = as("carol@example.com", "--json", "approve", id).ok().json();
    assertThat(held.get("status").asText()).isEqualTo("PENDING_RELEASE");
    assertThat(held.get("release").get("deployState").asText()).isEqualTo("HELD_BY_FREEZE");

    CliProcess.Result refused = as(LEAD, "deploy", id).exits(3);
    assertThat(refused.err()).startsWith("refused: ENVIRONMENT_FROZEN (HTTP 423): ");

    assertThat(as(LEAD, "break-glass", "production", "--reason", "checkout is down", "--for",
        "1h").ok().out()).contains("Break-glass open on production until ");
    CliProcess.Result deployed = as(LEAD, "deploy", id).ok();
    assertThat(deployed.out()).contains("COMPLETED").contains("deploy DEPLOYED");
    assertThat(baton("show", id).ok().out()).contains("break-glass:")
        .contains("opened by " + LEAD).contains("checkout is down");
    assertThat(baton("--json", "show", id).ok().json().get("breakGlass").get("reason").asText())
        .isEqualTo("checkout is down");
  }

  @Test
  void unfreezeLiftsTheFreeze() {
    as(LEAD, "freeze", "staging", "--reason", "load test", "--until", "2999-01-01").ok();
    assertThat(envs().get(1).get("freeze").get("reason").asText()).isEqualTo("load test");

    assertThat(as(LEAD, "unfreeze", "staging").ok().out()).contains("Unfroze staging.");
    assertThat(envs().get(1).get("freeze").isNull()).isTrue();
    // A deploy into staging goes through again.
    assertThat(as(LEAD, "request", "--from", "dev", "--to", "staging").ok().out())
        .contains("COMPLETED");
  }

  @Test
  void controlsRefuseUnknownEnvironmentsAndBadDurations() {
    assertThat(as(LEAD, "freeze", "qa", "--reason", "x").exits(3).err())
        .startsWith("refused: UNKNOWN_ENVIRONMENT");
    assertThat(as(LEAD, "break-glass", "production", "--reason", "x", "--for", "soon")
        .exits(2).err()).contains("--for");
    assertThat(as(LEAD, "break-glass", "production", "--reason", "x", "--for", "8d")
        .exits(3).err()).startsWith("refused: INVALID_ARGUMENT");
    assertThat(as(LEAD, "freeze", "production").exits(2).err()).contains("--reason");
    assertThat(as(LEAD, "freeze", "production", "--reason", "x", "--holds", "nothing")
        .exits(2).err()).contains("--holds: 'write' or 'deploy', not 'nothing'");
  }

  private JsonNode envs() {
    return baton("--json", "envs").ok().json().get("items");
  }
}
