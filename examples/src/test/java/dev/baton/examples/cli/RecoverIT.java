package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A baton process killed in the middle of an execution, and the one that finishes it. */
class RecoverIT extends CliTestBase {
  private DeployStarted fifo;

  @BeforeEach
  void sampleWithADeployThatHangsOnce() throws Exception {
    init();
    fifo = DeployStarted.at(tmp.resolve("deploy-started"));
    // First run: say so through the FIFO, then hang until killed. Any later run: succeed.
    Files.writeString(repo.resolve(".baton/deploy.yaml"), """
        staging: 'if [ ! -e ../hung-once ]; then touch ../hung-once; echo started > %s;\
         sleep 600; fi; echo recovered'
        """.formatted(fifo.path()));
    git("commit", "-qam", "a deploy that hangs once").ok();
  }

  @Test
  void recoverWithTheSameInstanceIdFinishesTheKilledExecutionOnce() throws Exception {
    CliProcess.Running running = cli.start(repo, "--instance-id", "ci-runner-1", "--as",
        "alice@example.com", "request", "--from", "dev", "--to", "staging");
    fifo.await(running);
    running.kill();

    JsonNode stuck = baton("--json", "history").ok().json().get("items").get(0);
    String id = stuck.get("id").asText();
    assertThat(stuck.get("status").asText()).isEqualTo("PENDING_APPROVAL");
    assertThat(stuck.get("claim").get("step").asText()).isEqualTo("DEPLOYING");
    assertThat(baton("show", id).ok().out()).contains("[executing: DEPLOYING]");
    // Another process leaves a fresh claim alone (it could still be running)...
    // ...and says when it will take it over, and how to do it now.
    assertThat(baton("recover").ok().out()).startsWith("Nothing to recover.\n")
        .contains(id.substring(0, 10) + " (dev → staging) is executing, step DEPLOYING,"
            + " claimed by ci-runner-1/")
        .contains("'baton recover' takes it over from ")
        .contains("'baton recover --older-than 0s' does now");
    assertThat(as("bob@example.com", "request", "--from", "dev", "--to", "staging")
        .exits(3).err()).startsWith("refused: PROMOTION_IN_PROGRESS")
        .contains("'baton recover --older-than 0s' does now");

    // ...while the restarted one takes its own claim back at once: the deploy it was running is
    // recorded as interrupted, never started again by recovery...
    CliProcess.Result recovered = baton("--instance-id", "ci-runner-1", "recover").ok();

    assertThat(recovered.out()).contains("Recovered 1 promotion(s):").contains(id)
        .contains("PENDING_RELEASE");
    assertThat(baton("--json", "show", id).ok().json().get("release").get("deployState")
        .asText()).isEqualTo("INTERRUPTED");
    // ...and a person deploys it again.
    as("bob@example.com", "deploy", id).ok();
    JsonNode done = baton("--json", "show", id).ok().json();
    assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.get("release").get("deployMessage").asText()).isEqualTo("recovered");
    assertThat(done.get("claim").isNull()).isTrue();
    assertThat(git("log", "--format=%(trailers:key=Promotion-Id,valueonly)", "main").ok().out()
        .lines().filter(id::equals).count()).isEqualTo(1);
    git("fsck", "--full", "--strict").ok();
  }

  @Test
  void olderThanZeroTakesOverAFreshClaimOfAnotherProcessAtOnce() throws Exception {
    CliProcess.Running running = cli.start(repo, "--instance-id", "ci-runner-1", "--as",
        "alice@example.com", "request", "--from", "dev", "--to", "staging");
    fifo.await(running);
    running.kill();
    String id = baton("--json", "history").ok().json().get("items").get(0).get("id").asText();

    CliProcess.Result recovered = baton("recover", "--older-than", "0s").ok();

    assertThat(recovered.out()).contains("Recovered 1 promotion(s):").contains(id)
        .contains("PENDING_RELEASE");
    assertThat(git("status", "--porcelain").ok().out()).isEmpty();
  }

  @Test
  void olderThanMustBeADuration() {
    assertThat(baton("recover", "--older-than", "later").exits(2).err())
        .contains("--older-than");
  }

}
