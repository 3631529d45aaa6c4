package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
  void anIndexLockOfAKilledWorkTreeUpdateIsRemovedByRecoverWhichThenFinishesTheUpdate()
      throws Exception {
    Path indexLock = repo.resolve(".git/index.lock");
    CliProcess.Result killed = cli.baton(repo, Map.of("BATON_TEST_HALT", "in-work-tree-update"),
        "--as", "alice@example.com", "request", "--from", "dev", "--to", "staging");
    assertThat(killed.exit()).as("halted like kill -9:%n%s", killed.err()).isEqualTo(137);
    assertThat(indexLock).exists();

    // A command while the lock is there cannot update the work tree, and keeps the journal.
    assertThat(baton("history").ok().err()).contains(indexLock.toString());
    assertThat(repo.resolve(".git/baton/worktree-sync")).exists();

    CliProcess.Result recovered = baton("recover", "--older-than", "0s").ok();

    assertThat(recovered.out()).contains("Removed stale lock " + indexLock);
    assertThat(recovered.err()).contains("the index and work tree are now up to date");
    assertThat(indexLock).doesNotExist();
    assertThat(repo.resolve(".git/baton/worktree-sync")).doesNotExist();
    assertThat(git("status", "--porcelain").ok().out()).isEmpty();
    assertThat(Files.readString(repo.resolve("envs/staging/kustomization.yaml")))
        .contains("1.4.0");
  }

  @Test
  void theFilesAKilledWorkTreeUpdateWasWritingAreRemovedWhenTheUpdateIsFinished()
      throws Exception {
    CliProcess.Result killed = cli.baton(repo, Map.of("BATON_TEST_HALT", "in-work-tree-update"),
        "--as", "alice@example.com", "request", "--from", "dev", "--to", "staging");
    assertThat(killed.exit()).as("halted like kill -9:%n%s", killed.err()).isEqualTo(137);
    // What JGit leaves when killed while writing a file it checks out (CrashIT found it so).
    Path leftover = repo.resolve("envs/staging/._values.yaml14451846232430430501.tmp");
    Files.writeString(leftover, "half written");
    Path mine = repo.resolve("envs/staging/._values.yaml.tmp");
    Files.writeString(mine, "not JGit's");

    baton("recover", "--older-than", "0s").ok();

    assertThat(leftover).doesNotExist();
    assertThat(git("status", "--porcelain").ok().out())
        .isEqualTo("?? envs/staging/._values.yaml.tmp\n");
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

  @Test
  void theLocksOfAKilledMarkerAndWatermarkUpdateAreRemovedByRecover() throws Exception {
    as("alice@example.com", "request", "--from", "dev", "--to", "staging").ok();
    Path markers = repo.resolve(".git/refs/baton/promotions");
    Path markerLock = Files.createFile(markers.resolve("p-killed.lock"));
    Path watermarkLock = repo.resolve(".git/refs/baton/marked/heads/main.lock");
    Files.createDirectories(watermarkLock.getParent());
    Files.createFile(watermarkLock);
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofMinutes(20)));
    Files.setLastModifiedTime(markerLock, old);
    Files.setLastModifiedTime(watermarkLock, old);

    String recovered = baton("recover").ok().out();

    assertThat(recovered).contains("Removed stale lock " + markerLock)
        .contains("Removed stale lock " + watermarkLock);
    assertThat(markerLock).doesNotExist();
    assertThat(watermarkLock).doesNotExist();
  }
}
