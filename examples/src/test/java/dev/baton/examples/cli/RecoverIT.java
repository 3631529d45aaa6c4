package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A baton process killed in the middle of an execution, and the one that finishes it. */
class RecoverIT extends CliTestBase {
  private Path fifo;

  @BeforeEach
  void sampleWithADeployThatHangsOnce() throws Exception {
    init();
    fifo = tmp.resolve("deploy-started");
    new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor();
    // First run: say so through the FIFO, then hang until killed. Any later run: succeed.
    Files.writeString(repo.resolve(".baton/deploy.yaml"), """
        staging: 'if [ ! -e ../hung-once ]; then touch ../hung-once; echo started > %s;\
         sleep 600; fi; echo recovered'
        """.formatted(fifo));
    git("commit", "-qam", "a deploy that hangs once").ok();
  }

  @Test
  void recoverWithTheSameInstanceIdFinishesTheKilledExecutionOnce() throws Exception {
    CliProcess.Running running = cli.start(repo, "--instance-id", "ci-runner-1", "--as",
        "alice@example.com", "request", "--from", "dev", "--to", "staging");
    awaitDeployStarted(running);
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
    awaitDeployStarted(running);
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

  /**
   * Waits until the deploy command writes to the FIFO. Reading blocks until it does; the bounded
   * waits only keep a broken run from hanging the build.
   */
  private void awaitDeployStarted(CliProcess.Running running) throws Exception {
    CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
      try {
        return Files.readString(fifo);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    for (int i = 0; i < 240 && !read.isDone(); i++) {
      if (!running.process().isAlive()) {
        unblock();
        throw new AssertionError("baton ended before deploying\n" + running.printed());
      }
      try {
        read.get(500, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillWaiting) {
        // keep waiting while the process lives
      }
    }
    if (!read.isDone()) {
      unblock();
      running.kill();
      throw new AssertionError("the deploy command never started\n" + running.printed());
    }
    assertThat(read.get()).isEqualTo("started\n");
  }

  private void unblock() throws IOException {
    try (OutputStream out = Files.newOutputStream(fifo)) {
      out.write("aborted\n".getBytes(StandardCharsets.UTF_8));
    }
  }
}
