package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several {@code baton} processes on one repository at the same moment: the approvals that race
 * to meet a quorum, and automatic requests that race for one target, end in one commit, one
 * release and one deploy, whichever process wins.
 */
class ConcurrentProcessesIT extends CliTestBase {
  private static final List<String> APPROVERS = List.of("carol@example.com", "dave@example.com",
      "erin@example.com", "frank@example.com");

  @BeforeEach
  void sample() {
    init();
  }

  @Test
  void approversRacingToMeetTheQuorumExecuteItOnce() throws Exception {
    String id = requestToProduction("1.3.2 passed staging");
    as("bob@example.com", "approve", id).ok();
    String before = git("rev-parse", "main").ok().out().trim();

    List<CliProcess.Running> racing = new ArrayList<>();
    for (String approver : APPROVERS) {
      racing.add(cli.start(repo, "--as", approver, "--json", "approve", id));
    }
    int executed = 0;
    for (CliProcess.Running running : racing) {
      int exit = running.process().waitFor();
      if (exit == 0) {
        executed++;
      } else {
        assertThat(exit).as(running.printed()).isEqualTo(3);
        assertThat(Files.readString(running.err())).as(running.printed())
            .containsAnyOf("ILLEGAL_STATE", "PROMOTION_IN_PROGRESS");
      }
    }

    assertThat(executed).as("processes whose approval met the quorum").isEqualTo(1);
    JsonNode p = baton("--json", "show", id).ok().json();
    assertThat(p.get("status").asText()).isEqualTo("PENDING_RELEASE");
    assertThat(p.get("decisions")).hasSize(2);
    assertThat(commitsOf(id)).isEqualTo(1);
    assertThat(git("rev-list", "--count", before + "..main").ok().out().trim()).isEqualTo("1");
    assertClean();
  }

  @Test
  void automaticRequestsRacingForOneTargetWriteItOnce() throws Exception {
    List<CliProcess.Running> racing = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      racing.add(cli.start(repo, "--as", "alice@example.com", "--json", "request", "--from",
          "dev", "--to", "staging", "--notes", "racer " + i));
    }
    for (CliProcess.Running running : racing) {
      int exit = running.process().waitFor();
      assertThat(exit).as(running.printed()).isIn(0, 3);
    }
    // A request that found the target busy stands; recovery runs it against the new target,
    // where it has nothing left to move and is closed without a commit.
    baton("recover", "--older-than", "0s").ok();

    JsonNode items = baton("--json", "history", "--env", "staging").ok().json().get("items");
    List<String> completed = new ArrayList<>();
    for (JsonNode item : items) {
      assertThat(item.get("status").asText()).isIn("COMPLETED", "REJECTED");
      if (item.get("status").asText().equals("COMPLETED")) {
        completed.add(item.get("id").asText());
      }
    }
    assertThat(completed).as("completed promotions into staging").hasSize(1);
    assertThat(commitsOf(completed.get(0))).isEqualTo(1);
    assertThat(git("log", "--format=%H", "--", "envs/staging").ok().out().lines()
        .filter(c -> !git("log", "-1", "--format=%(trailers:key=Promotion-Id,valueonly)", c)
            .ok().out().isBlank()).count()).as("promotion commits touching staging")
        .isEqualTo(1);
    assertClean();
  }


  private void assertClean() throws IOException {
    assertThat(git("status", "--porcelain").ok().out()).isEmpty();
    git("fsck", "--full", "--strict").ok();
    try (Stream<Path> files = Files.walk(repo.resolve(".git"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".lock")).toList())
          .as("lock files left").isEmpty();
    }
  }
}
