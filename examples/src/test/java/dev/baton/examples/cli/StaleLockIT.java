package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A ref lock a killed process left behind: named by the refusal, removed by recover. */
class StaleLockIT extends CliTestBase {
  private Path lock;

  @BeforeEach
  void sample() {
    init();
    lock = repo.resolve(".git/refs/baton/state.lock");
  }

  @Test
  void theRefusalNamesTheLockAndRecoverRemovesItOnceOld() throws Exception {
    Files.createFile(lock);
    Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofMinutes(20))));
    String state = git("rev-parse", "refs/baton/state").ok().out();

    String refused = as("alice@example.com", "request", "--from", "dev", "--to", "staging")
        .exits(3).err();

    assertThat(refused).contains("refused: WRITE_CONFLICT")
        .contains(lock.toString() + " exists (20m old)")
        .contains("run 'baton recover'");
    assertThat(git("rev-parse", "refs/baton/state").ok().out()).isEqualTo(state);

    String recovered = baton("recover").ok().out();

    assertThat(recovered).contains("Removed stale lock " + lock + " (20m old");
    assertThat(lock).doesNotExist();
    as("alice@example.com", "request", "--from", "dev", "--to", "staging").ok();
  }

  @Test
  void aFreshLockIsKeptUnlessOlderThanZeroIsAskedFor() throws Exception {
    Files.createFile(lock);

    assertThat(baton("recover").ok().out()).contains("Kept lock " + lock)
        .contains("'baton recover --older-than 0s'");
    assertThat(lock).exists();

    assertThat(baton("recover", "--older-than", "0s").ok().out())
        .contains("Removed stale lock " + lock);
    assertThat(lock).doesNotExist();
  }
}
