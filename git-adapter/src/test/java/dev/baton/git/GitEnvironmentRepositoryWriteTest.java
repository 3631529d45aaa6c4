package dev.baton.git;

import static dev.baton.git.Fixtures.PRODUCTION;
import static dev.baton.git.Fixtures.SHOP;
import static dev.baton.git.Fixtures.STAGING;
import static dev.baton.git.Fixtures.write;
import static dev.baton.git.GitCli.assertFsckClean;
import static dev.baton.git.GitCli.commitFiles;
import static dev.baton.git.GitCli.count;
import static dev.baton.git.GitCli.git;
import static dev.baton.git.GitCli.gitLine;
import static dev.baton.git.GitCli.head;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.Fixtures.RecordingSleeper;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.FileChange;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;
import dev.baton.model.WriteResult;
import dev.baton.model.WriteStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitEnvironmentRepositoryWriteTest {
  @TempDir Path tmp;

  private GitEnvironmentRepository open(Path repo) {
    return Fixtures.builder(repo, new RecordingSleeper()).build();
  }

  @Test
  void writesOneCommitThatGitLogExplains() throws Exception {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String before = head(repo, "main");
    try (GitEnvironmentRepository git = open(repo)) {
      Revision expected = git.read(SHOP, PRODUCTION).revision();

      WriteResult result = git.write(write(PRODUCTION, expected, "p-1",
          FileChange.write("values.yaml", "image: shop:1.2.0\nreplicas: 3\n"),
          FileChange.write("variables.yaml", "LOG_LEVEL: info\n"),
          FileChange.delete("manifests/service.yaml")));

      assertThat(result.status()).isEqualTo(WriteStatus.WRITTEN);
      String commit = head(repo, "main");
      assertThat(result.revision().value()).isEqualTo(commit);
      assertThat(gitLine(repo, "rev-parse", "main^")).isEqualTo(before);
      assertThat(git(repo, "log", "-1", "--format=%B", "main")).isEqualTo(
          "Promote staging to production\n\n"
              + "Roll out the new checkout.\n\n"
              + "Promotion-Id: p-1\n"
              + "Environment: envs/production\n"
              + "Requested-by: alice\n"
              + "Approved-by: bob\n"
              + "Approved-by: carol\n\n");
      assertThat(git(repo, "log", "-1", "--format=%B", "main").lines().toList())
          .isNotEmpty();
      assertThat(GitCli.gitWithInput(repo, git(repo, "log", "-1", "--format=%B", "main")
          .getBytes(), "interpret-trailers", "--parse")).isEqualTo(
          "Promotion-Id: p-1\nEnvironment: envs/production\nRequested-by: alice\n"
              + "Approved-by: bob\nApproved-by: carol\n");
      assertThat(gitLine(repo, "log", "-1", "--format=%(trailers:key=Approved-by,valueonly)"))
          .isEqualTo("bob\ncarol");
      assertThat(gitLine(repo, "log", "-1", "--format=%an <%ae> %aI | %cn <%ce> %cI"))
          .isEqualTo("alice <alice@users.baton.invalid> 2026-11-22T10:15:30+00:00"
              + " | Baton <baton@localhost> 2026-11-22T10:15:30+00:00");
      assertThat(git(repo, "show", "--name-status", "--format=", "main").lines().toList())
          .containsExactlyInAnyOrder(
              "D\tenvs/production/manifests/service.yaml",
              "M\tenvs/production/values.yaml",
              "A\tenvs/production/variables.yaml");
      assertThat(gitLine(repo, "show", "--stat", "--format=", "main"))
          .contains("3 files changed").doesNotContain("envs/staging", "envs/dev", "README");
      assertThat(git(repo, "show", "main:envs/production/values.yaml"))
          .isEqualTo("image: shop:1.2.0\nreplicas: 3\n");
      assertThat(git(repo, "show", "main:envs/production/variables.yaml"))
          .isEqualTo("LOG_LEVEL: info\n");
      assertThat(gitLine(repo, "rev-parse", "refs/baton/promotions/p-1")).isEqualTo(commit);
      assertFsckClean(repo);
      // No working tree was touched: the files on disk are still the seed.
      assertThat(Files.readString(repo.resolve("envs/production/values.yaml")))
          .isEqualTo("image: shop:1.1.0\nreplicas: 3\n");
      assertThat(repo.resolve("envs/production/variables.yaml")).doesNotExist();
      assertThat(repo.resolve("envs/production/manifests/service.yaml")).exists();

      EnvironmentFiles after = git.read(SHOP, PRODUCTION);
      assertThat(after.revision()).isEqualTo(result.revision());
      assertThat(after.files()).containsOnlyKeys("values.yaml", "variables.yaml");
    }
  }

  @Test
  void notesAreOptionalAndMessyNotesKeepTheTrailersLast() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo)) {
      Revision expected = git.read(SHOP, STAGING).revision();
      var info = new dev.baton.model.CommitInfo(PromotionId.of("p-2"), "Promote dev to staging",
          "Line one\r\n\r\nKey: looks like a trailer\u0000\n\n\n", dev.baton.model.UserId.of("al"),
          List.of(), Fixtures.AT);
      git.write(new dev.baton.model.EnvironmentWrite(SHOP, STAGING, expected, List.of(), info));
      assertThat(git(repo, "log", "-1", "--format=%B", "main")).isEqualTo(
          "Promote dev to staging\n\nLine one\n\nKey: looks like a trailer\n\n"
              + "Promotion-Id: p-2\nEnvironment: envs/staging\nRequested-by: al\n\n");
      assertThat(gitLine(repo, "log", "-1", "--format=%(trailers:only,unfold)"))
          .isEqualTo("Promotion-Id: p-2\nEnvironment: envs/staging\nRequested-by: al");
      assertFsckClean(repo);
    }
  }

  @Test
  void anEmptyChangeListStillRecordsThePromotionAsOneCommit() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo)) {
      WriteResult result = git.write(write(STAGING, git.read(SHOP, STAGING).revision(), "p-1"));
      assertThat(result.status()).isEqualTo(WriteStatus.WRITTEN);
      assertThat(count(repo, "main")).isEqualTo(2);
      assertThat(gitLine(repo, "rev-parse", "main^{tree}"))
          .isEqualTo(gitLine(repo, "rev-parse", "main~1^{tree}"));
      assertFsckClean(repo);
    }
  }

  @Test
  void staleWhenTheTargetFolderChangedAndNothingIsWritten() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo)) {
      Revision expected = git.read(SHOP, PRODUCTION).revision();
      String moved = commitFiles(repo, Map.of("envs/production/values.yaml", "hotfix\n"),
          "Hotfix production");
      long objects = GitCli.objectCount(repo);

      WriteResult result = git.write(write(PRODUCTION, expected, "p-1",
          FileChange.write("values.yaml", "promoted\n")));

      assertThat(result).isEqualTo(new WriteResult(WriteStatus.STALE, Revision.of(moved)));
      assertThat(head(repo, "main")).isEqualTo(moved);
      assertThat(count(repo, "main")).isEqualTo(2);
      assertThat(head(repo, "refs/baton/promotions/p-1")).isNull();
      assertThat(GitCli.objectCount(repo)).isEqualTo(objects);
    }
  }

  @Test
  void staleWhenTheExpectedRevisionIsUnknown() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String before = head(repo, "main");
    try (GitEnvironmentRepository git = open(repo)) {
      WriteResult result = git.write(write(PRODUCTION, Revision.of("2".repeat(40)), "p-1"));
      assertThat(result).isEqualTo(new WriteResult(WriteStatus.STALE, Revision.of(before)));
      assertThat(head(repo, "main")).isEqualTo(before);
    }
  }

  @Test
  void aChangeInAnotherEnvironmentIsNotStale() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo)) {
      Revision expected = git.read(SHOP, PRODUCTION).revision();
      String moved = commitFiles(repo, Map.of("envs/staging/values.yaml", "staging moved\n"),
          "Staging moves on");

      WriteResult result = git.write(write(PRODUCTION, expected, "p-1",
          FileChange.write("values.yaml", "promoted\n")));

      assertThat(result.status()).isEqualTo(WriteStatus.WRITTEN);
      assertThat(gitLine(repo, "rev-parse", "main^")).isEqualTo(moved);
      assertThat(git(repo, "show", "main:envs/staging/values.yaml")).isEqualTo("staging moved\n");
      assertThat(git(repo, "show", "main:envs/production/values.yaml")).isEqualTo("promoted\n");
      assertFsckClean(repo);
    }
  }

  @Test
  void writingTheSamePromotionAgainIsAlreadyWrittenWithoutASecondCommit() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo)) {
      Revision expected = git.read(SHOP, PRODUCTION).revision();
      var change = FileChange.write("values.yaml", "promoted\n");
      WriteResult first = git.write(write(PRODUCTION, expected, "p-1", change));
      WriteResult again = git.write(write(PRODUCTION, expected, "p-1", change));
      WriteResult fromNewRevision =
          git.write(write(PRODUCTION, first.revision(), "p-1", change));

      assertThat(again).isEqualTo(new WriteResult(WriteStatus.ALREADY_WRITTEN, first.revision()));
      assertThat(fromNewRevision).isEqualTo(again);
      assertThat(count(repo, "main")).isEqualTo(2);
      assertThat(git.findWrite(SHOP, PRODUCTION, PromotionId.of("p-1")))
          .contains(first.revision());
      assertThat(git.findWrite(SHOP, PRODUCTION, PromotionId.of("p-2"))).isEmpty();
    }
  }

  @Test
  void aWriteWhoseMarkerWasLostIsFoundByItsTrailer() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo)) {
      Revision expected = git.read(SHOP, PRODUCTION).revision();
      WriteResult first = git.write(write(PRODUCTION, expected, "p-1",
          FileChange.write("values.yaml", "promoted\n")));
      commitFiles(repo, Map.of("envs/dev/values.yaml", "later\n"), "Later work");
      // As if the process died between moving the branch and recording the marker.
      git(repo, "update-ref", "-d", "refs/baton/promotions/p-1");

      assertThat(git.findWrite(SHOP, PRODUCTION, PromotionId.of("p-1")))
          .contains(first.revision());
      WriteResult again = git.write(write(PRODUCTION, expected, "p-1",
          FileChange.write("values.yaml", "promoted\n")));

      assertThat(again).isEqualTo(new WriteResult(WriteStatus.ALREADY_WRITTEN, first.revision()));
      assertThat(count(repo, "main")).isEqualTo(3);
      assertThat(head(repo, "refs/baton/promotions/p-1")).isEqualTo(first.revision().value());
    }
  }

  @Test
  void theHistoryScanIsBounded() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper())
        .historyScanLimit(2).build()) {
      git.write(write(PRODUCTION, git.read(SHOP, PRODUCTION).revision(), "p-1"));
      git(repo, "update-ref", "-d", "refs/baton/promotions/p-1");
      assertThat(git.findWrite(SHOP, PRODUCTION, PromotionId.of("p-1"))).isPresent();
      commitFiles(repo, Map.of("envs/dev/a.yaml", "a\n"), "One");
      commitFiles(repo, Map.of("envs/dev/b.yaml", "b\n"), "Two");
      assertThat(git.findWrite(SHOP, PRODUCTION, PromotionId.of("p-1"))).isEmpty();
    }
  }

  @Test
  void anEmptyRepositoryIsRefusedAndGetsNoBranch() {
    Path repo = GitCli.init(tmp.resolve("empty.git"), true);
    try (GitEnvironmentRepository git = open(repo)) {
      assertThatThrownBy(() -> git.write(write(STAGING, GitEnvironmentRepository.UNBORN, "p-1",
          FileChange.write("values.yaml", "first\n"))))
          .isInstanceOfSatisfying(BatonException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.BRANCH_NOT_FOUND));
      assertThat(git(repo, "for-each-ref")).isEmpty();
      assertThat(GitCli.objectCount(repo)).isZero();
    }
  }

  @Test
  void createsANewEnvironmentFolderAndKeepsExecutableBits() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    GitCli.write(repo, Map.of("envs/dev/hook.sh", "#!/bin/sh\n"));
    git(repo, "add", "-A");
    git(repo, "update-index", "--chmod=+x", "envs/dev/hook.sh");
    git(repo, "commit", "-q", "-m", "Hook");
    EnvironmentName qa = EnvironmentName.of("qa");
    try (GitEnvironmentRepository git = open(repo)) {
      git.write(write(qa, git.read(SHOP, qa).revision(), "p-1",
          FileChange.write("deep/nested/values.yaml", "qa\n")));
      git.write(write(Fixtures.DEV, git.read(SHOP, Fixtures.DEV).revision(), "p-2",
          FileChange.write("hook.sh", "#!/bin/sh\necho hi\n")));

      assertThat(git.environments(SHOP)).contains(qa);
      assertThat(git.read(SHOP, qa).files()).containsOnlyKeys("deep/nested/values.yaml");
      assertThat(git(repo, "ls-tree", "main", "envs/dev/hook.sh")).startsWith("100755 blob");
      assertFsckClean(repo);
    }
  }

  @Test
  void deletingEveryFileRemovesTheFolder() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo)) {
      git.write(write(PRODUCTION, git.read(SHOP, PRODUCTION).revision(), "p-1",
          FileChange.delete("values.yaml"), FileChange.delete("manifests/service.yaml"),
          FileChange.delete("never-existed.yaml")));
      assertThat(git.environments(SHOP)).doesNotContain(PRODUCTION);
      assertThat(git(repo, "ls-tree", "-r", "--name-only", "main"))
          .doesNotContain("envs/production");
      assertFsckClean(repo);
    }
  }

  @Test
  void aLostRaceIsRetriedOnTheNewTip() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    RecordingSleeper sleeper = new RecordingSleeper();
    String[] other = new String[1];
    try (GitEnvironmentRepository git = Fixtures.builder(repo, sleeper)
        .raceHook(attempt -> {
          if (attempt == 1) {
            other[0] = commitFiles(repo, Map.of("envs/staging/values.yaml", "raced\n"), "Race");
          }
        })
        .build()) {
      WriteResult result = git.write(write(PRODUCTION, git.read(SHOP, PRODUCTION).revision(),
          "p-1", FileChange.write("values.yaml", "promoted\n")));

      assertThat(result.status()).isEqualTo(WriteStatus.WRITTEN);
      assertThat(gitLine(repo, "rev-parse", "main^")).isEqualTo(other[0]);
      assertThat(sleeper.delays()).hasSize(1);
      assertThat(git(repo, "show", "main:envs/staging/values.yaml")).isEqualTo("raced\n");
      assertFsckClean(repo);
    }
  }

  @Test
  void aLostRaceForTheSameFolderEndsStale() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String[] other = new String[1];
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper())
        .raceHook(attempt -> {
          if (attempt == 1) {
            other[0] = commitFiles(repo, Map.of("envs/production/values.yaml", "x\n"), "Race");
          }
        })
        .build()) {
      WriteResult result = git.write(write(PRODUCTION, git.read(SHOP, PRODUCTION).revision(),
          "p-1", FileChange.write("values.yaml", "promoted\n")));

      assertThat(result).isEqualTo(new WriteResult(WriteStatus.STALE, Revision.of(other[0])));
      assertThat(head(repo, "main")).isEqualTo(other[0]);
    }
  }

  @Test
  void twoThreadsRacingOnOneRepositoryBothLandInALinearHistory() throws Exception {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String seed = head(repo, "main");
    CyclicBarrier bothBuilt = new CyclicBarrier(2);
    RecordingSleeper sleeper = new RecordingSleeper();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    RaceHook meetAtTheLine = attempt -> {
      if (attempt == 1) {
        try {
          bothBuilt.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new AssertionError("the other writer never arrived", e);
        }
      }
    };
    // The recording sleeper returns at once, so the loser may meet the winner's ref lock a few
    // times before the winner lets go: allow plenty of attempts.
    try (GitEnvironmentRepository git = Fixtures.builder(repo, sleeper).maxAttempts(100)
        .raceHook(meetAtTheLine).build()) {
      Future<WriteResult> staging = pool.submit(() -> git.write(write(STAGING,
          Revision.of(seed), "p-s", FileChange.write("values.yaml", "staging v2\n"))));
      Future<WriteResult> production = pool.submit(() -> git.write(write(PRODUCTION,
          Revision.of(seed), "p-p", FileChange.write("values.yaml", "prod v2\n"))));

      assertThat(staging.get(60, TimeUnit.SECONDS).status()).isEqualTo(WriteStatus.WRITTEN);
      assertThat(production.get(60, TimeUnit.SECONDS).status()).isEqualTo(WriteStatus.WRITTEN);
      assertThat(sleeper.delays()).as("one of them lost the first race").isNotEmpty();
    } finally {
      pool.shutdownNow();
    }
    assertThat(count(repo, "main")).isEqualTo(3);
    assertThat(gitLine(repo, "rev-list", "--merges", "--count", "main")).isEqualTo("0");
    assertThat(git(repo, "show", "main:envs/staging/values.yaml")).isEqualTo("staging v2\n");
    assertThat(git(repo, "show", "main:envs/production/values.yaml")).isEqualTo("prod v2\n");
    assertFsckClean(repo);
  }

  @Test
  void losingEveryRaceIsAWriteConflictAfterBoundedJitteredRetries() throws Exception {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String before = head(repo, "main");
    // A held ref lock makes every compare-and-set fail, as a faster writer would.
    Files.writeString(repo.resolve(".git/refs/heads/main.lock"), before + "\n");
    RecordingSleeper sleeper = new RecordingSleeper();
    try (GitEnvironmentRepository git = Fixtures.builder(repo, sleeper).maxAttempts(4)
        .backoff(java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(300)).build()) {
      Revision expected = git.read(SHOP, PRODUCTION).revision();

      org.assertj.core.api.Assertions.assertThatThrownBy(() -> git.write(write(PRODUCTION,
              expected, "p-1", FileChange.write("values.yaml", "promoted\n"))))
          .isInstanceOfSatisfying(dev.baton.error.BatonException.class, e ->
              assertThat(e.code()).isEqualTo(dev.baton.error.ErrorCode.WRITE_CONFLICT));

      assertThat(sleeper.delays()).hasSize(3);
      assertThat(sleeper.delays().get(0)).isBetween(java.time.Duration.ofMillis(50),
          java.time.Duration.ofMillis(100));
      assertThat(sleeper.delays().get(1)).isBetween(java.time.Duration.ofMillis(100),
          java.time.Duration.ofMillis(200));
      assertThat(sleeper.delays().get(2)).isBetween(java.time.Duration.ofMillis(150),
          java.time.Duration.ofMillis(300));
      Files.delete(repo.resolve(".git/refs/heads/main.lock"));
      assertThat(head(repo, "main")).isEqualTo(before);
      assertThat(head(repo, "refs/baton/promotions/p-1")).isNull();
    }
  }

  @Test
  void theBranchMayBeTheCheckedOutOneOfANonBareRepositoryWithoutTouchingItsFiles()
      throws Exception {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    Files.writeString(repo.resolve("scratch.txt"), "uncommitted\n");
    try (GitEnvironmentRepository git = open(repo)) {
      git.write(write(STAGING, git.read(SHOP, STAGING).revision(), "p-1",
          FileChange.write("values.yaml", "new\n")));
    }
    assertThat(Files.readString(repo.resolve("scratch.txt"))).isEqualTo("uncommitted\n");
    assertThat(Files.readString(repo.resolve("envs/staging/values.yaml")))
        .isEqualTo("image: shop:1.2.0\nreplicas: 2\n");
    assertThat(git(repo, "status", "--porcelain", "--", "scratch.txt"))
        .isEqualTo("?? scratch.txt\n");
  }
}
