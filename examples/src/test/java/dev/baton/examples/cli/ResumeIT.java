package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code baton resume}: a promotion whose approvals are complete but whose write failed. */
class ResumeIT extends CliTestBase {

  @BeforeEach
  void sample() {
    init();
  }

  @Test
  void resumeExecutesAnApprovedPromotionWhoseWriteFailed() throws Exception {
    String id = requestToProduction("release 1.4");
    as("bob@example.com", "approve", id).ok();
    // A lock on the branch (another git process) makes the last approval's write fail.
    Path lock = repo.resolve(".git/refs/heads/main.lock");
    Files.createFile(lock);
    assertThat(as("carol@example.com", "approve", id).exits(3).err())
        .contains("refused: WRITE_CONFLICT");
    JsonNode waiting = baton("--json", "show", id).ok().json();
    assertThat(waiting.get("status").asText()).isEqualTo("PENDING_APPROVAL");
    assertThat(waiting.get("claim").isNull()).isTrue();
    Files.delete(lock);

    JsonNode resumed = as("carol@example.com", "--json", "resume", id.substring(0, 10)).ok()
        .json();

    assertThat(resumed.get("id").asText()).isEqualTo(id);
    assertThat(resumed.get("status").asText()).isEqualTo("PENDING_RELEASE");
    assertThat(git("log", "--format=%(trailers:key=Promotion-Id,valueonly)", "main").ok().out()
        .lines().filter(id::equals).count()).isEqualTo(1);
    assertThat(git("status", "--porcelain").ok().out()).isEmpty();
  }

  @Test
  void resumeRefusesAPromotionStillWaitingForApprovals() {
    String id = requestToProduction("release 1.4");

    CliProcess.Result result = as("carol@example.com", "resume", id).exits(3);

    assertThat(result.err()).startsWith("refused: ILLEGAL_STATE")
        .contains("its quorum is not met");
    assertThat(baton("--help").ok().out()).contains("resume");
  }
}
