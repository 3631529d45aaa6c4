package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A deploy that runs three times longer than the claim lease, with {@code baton recover} run again
 * and again beside it: the running process renews its claim, so nothing takes it over and the
 * deploy command starts once. When that process is killed during the deploy, recovery records the
 * deploy as interrupted and never starts it again; {@code baton deploy} retries it explicitly.
 */
class LongDeployIT extends CliTestBase {
  private static final Map<String, String> SHORT_LEASE = Map.of("BATON_CLAIM_LEASE", "2s");

  private Path log;
  private DeployStarted fifo;

  @BeforeEach
  void sampleWithASlowDeploy() throws Exception {
    init();
    log = tmp.resolve("deploys.log");
    fifo = DeployStarted.at(tmp.resolve("deploy-started"));
    // Logs its start with the fencing token, tells a waiting test through the FIFO (if one is
    // there), runs for 6 s (three leases), and logs its end.
    Files.writeString(repo.resolve(".baton/deploy.yaml"), """
        staging: 'echo "start $BATON_PROMOTION $BATON_FENCING_TOKEN" >> %s;\
         if [ -p %s ]; then echo started > %s; fi; sleep 6; echo end >> %s; echo synced'
        """.formatted(log, fifo.path(), fifo.path(), log));
    git("commit", "-qam", "a deploy longer than the lease").ok();
  }

  @Test
  void recoverBesideALiveLongDeployNeverStartsASecondOne() throws Exception {
    Files.delete(fifo.path());
    CliProcess.Running running = cli.start(repo, SHORT_LEASE, "--as", "alice@example.com",
        "--json", "request", "--from", "dev", "--to", "staging");
    int besideTheDeploy = 0;
    while (running.process().isAlive()) {
      CliProcess.Result recovered = cli.baton(repo, SHORT_LEASE, "recover").ok();
      // The live process renews its claim, so recover may meet its fresh ref lock: kept, never
      // removed, and nothing taken over.
      String out = recovered.out().lines().filter(line -> !line.startsWith("Kept lock "))
          .collect(Collectors.joining("\n"));
      assertThat(out).startsWith("Nothing to recover.");
      assertThat(recovered.out()).doesNotContain("Removed stale lock");
      if (starts().size() == 1 && !Files.readString(log).contains("end")) {
        besideTheDeploy++;
      }
    }
    assertThat(running.process().exitValue()).as(running.printed()).isZero();

    String id = baton("--json", "history").ok().json().get("items").get(0).get("id").asText();
    JsonNode p = baton("--json", "show", id).ok().json();
    assertThat(besideTheDeploy).as("recover ran while the deploy ran").isGreaterThanOrEqualTo(2);
    assertThat(starts()).as("one deploy start").hasSize(1);
    assertThat(p.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(p.get("release").get("deployState").asText()).isEqualTo("DEPLOYED");
    assertThat(p.get("release").get("deployMessage").asText()).isEqualTo("synced");
    assertThat(commitsOf(id)).isEqualTo(1);
  }

  @Test
  void aKilledDeployIsRecordedInterruptedAndRetriedOnlyByDeploy() throws Exception {
    CliProcess.Running running = cli.start(repo, SHORT_LEASE, "--as", "alice@example.com",
        "request", "--from", "dev", "--to", "staging");
    fifo.await(running);
    Files.delete(fifo.path());
    running.kill();
    String id = baton("--json", "history").ok().json().get("items").get(0).get("id").asText();

    // Once the killed process's claim is a lease old, recover takes it over (no --older-than).
    CliProcess.Result recovered = null;
    for (int attempt = 0; attempt < 60; attempt++) {
      recovered = cli.baton(repo, SHORT_LEASE, "recover").ok();
      if (!recovered.out().startsWith("Nothing to recover.")) {
        break;
      }
    }
    assertThat(recovered.out()).contains("Recovered 1 promotion(s):").contains(id)
        .contains("PENDING_RELEASE");
    assertThat(starts()).as("recovery started no deploy").hasSize(1);
    JsonNode p = baton("--json", "show", id).ok().json();
    assertThat(p.get("status").asText()).isEqualTo("PENDING_RELEASE");
    assertThat(p.get("release").get("deployState").asText()).isEqualTo("INTERRUPTED");
    assertThat(p.get("claim").isNull()).isTrue();
    assertThat(baton("show", id).ok().out()).containsPattern("deploy:\\s+INTERRUPTED")
        .containsPattern("PENDING_APPROVAL → PENDING_RELEASE .*interrupted");
    assertThat(cli.baton(repo, SHORT_LEASE, "recover").ok().out())
        .startsWith("Nothing to recover.");
    assertThat(starts()).hasSize(1);

    JsonNode deployed = cli.baton(repo, SHORT_LEASE, "--as", "bob@example.com", "--json",
        "deploy", id).ok().json();

    assertThat(deployed.get("status").asText()).isEqualTo("COMPLETED");
    List<String> starts = starts();
    assertThat(starts).as("one explicit retry").hasSize(2);
    long first = Long.parseLong(starts.get(0).split(" ")[2]);
    long retry = Long.parseLong(starts.get(1).split(" ")[2]);
    assertThat(retry).as("the retry's fencing token").isGreaterThan(first);
    assertThat(commitsOf(id)).isEqualTo(1);
    assertThat(git("status", "--porcelain").ok().out()).isEmpty();
  }

  private List<String> starts() throws IOException {
    return Files.exists(log)
        ? Files.readAllLines(log).stream().filter(l -> l.startsWith("start ")).toList()
        : List.of();
  }
}
