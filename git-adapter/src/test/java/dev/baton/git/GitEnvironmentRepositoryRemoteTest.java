package dev.baton.git;

import static dev.baton.git.Fixtures.DEV;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes through a bare remote on disk, from clones, with deterministic and threaded races. */
class GitEnvironmentRepositoryRemoteTest {
  @TempDir Path tmp;
  private Path remote;
  private Path clone1;
  private Path clone2;
  private String seed;

  @BeforeEach
  void setUp() {
    Path seedRepo = Fixtures.seededRepo(tmp.resolve("seed"));
    remote = tmp.resolve("remote.git");
    git(tmp, "clone", "-q", "--bare", seedRepo.toString(), remote.toString());
    clone1 = tmp.resolve("clone1");
    clone2 = tmp.resolve("clone2");
    git(tmp, "clone", "-q", remote.toString(), clone1.toString());
    git(tmp, "clone", "-q", "file://" + remote, clone2.toString());
    seed = head(remote, "main");
  }

  private GitEnvironmentRepository.Builder on(Path clone, RecordingSleeper sleeper) {
    // The recording sleeper returns at once, so a loser may meet the winner's lock on the remote
    // a few times in a row: allow plenty of attempts.
    return Fixtures.builder(clone, sleeper).remote("origin").maxAttempts(100);
  }

  /** Commits in the given clone and pushes, as another team member would. */
  private static String pushFrom(Path clone, Map<String, String> files) {
    git(clone, "pull", "-q", "--ff-only");
    String commit = commitFiles(clone, files, "Change from a person");
    git(clone, "push", "-q", "origin", "main");
    return commit;
  }

  @Test
  void aWriteCommitsOnTheRemoteTipAndPushesWithoutTouchingTheLocalBranch() {
    try (GitEnvironmentRepository git = on(clone1, new RecordingSleeper()).build()) {
      EnvironmentFiles before = git.read(SHOP, PRODUCTION);
      assertThat(before.revision().value()).isEqualTo(seed);

      WriteResult result = git.write(write(PRODUCTION, before.revision(), "p-1",
          FileChange.write("values.yaml", "promoted\n")));

      assertThat(result.status()).isEqualTo(WriteStatus.WRITTEN);
      assertThat(head(remote, "main")).isEqualTo(result.revision().value());
      assertThat(gitLine(remote, "rev-parse", "main^")).isEqualTo(seed);
      assertThat(head(remote, "refs/baton/promotions/p-1"))
          .isEqualTo(result.revision().value());
      assertThat(git(remote, "show", "main:envs/production/values.yaml")).isEqualTo("promoted\n");
      assertThat(gitLine(remote, "log", "-1", "--format=%(trailers:key=Promotion-Id,valueonly)",
          "main")).isEqualTo("p-1");
      assertThat(head(clone1, "refs/heads/main")).as("the clone's own branch").isEqualTo(seed);
      assertThat(head(clone1, "refs/remotes/origin/main")).isEqualTo(result.revision().value());
      assertFsckClean(remote);
      assertFsckClean(clone1);
    }
  }

  @Test
  void readsFetchFirstUnlessToldNotTo() {
    try (GitEnvironmentRepository fetching = on(clone1, new RecordingSleeper()).build();
        GitEnvironmentRepository lazy = Fixtures.builder(clone1, new RecordingSleeper())
            .remote("origin").fetchOnRead(false).build()) {
      assertThat(lazy.read(SHOP, DEV).revision().value()).isEqualTo(seed);
      String pushed = pushFrom(clone2, Map.of("envs/dev/values.yaml", "from clone2\n"));

      assertThat(lazy.read(SHOP, DEV).revision().value()).isEqualTo(seed);
      EnvironmentFiles fresh = fetching.read(SHOP, DEV);
      assertThat(fresh.revision().value()).isEqualTo(pushed);
      assertThat(fresh.file("values.yaml")).contains("from clone2\n");
      assertThat(lazy.read(SHOP, DEV).revision().value()).as("shares the fetched view")
          .isEqualTo(pushed);
      assertThat(lazy.readAt(SHOP, DEV, Revision.of(seed))).isPresent();
    }
  }

  @Test
  void aRejectedPushIsFetchedAgainAndRebuiltOnTheNewTip() {
    RecordingSleeper sleeper = new RecordingSleeper();
    String[] other = new String[1];
    try (GitEnvironmentRepository git = on(clone1, sleeper).raceHook(attempt -> {
      if (attempt == 1) {
        other[0] = pushFrom(clone2, Map.of("envs/dev/values.yaml", "raced\n"));
      }
    }).build()) {
      WriteResult result = git.write(write(PRODUCTION, Revision.of(seed), "p-1",
          FileChange.write("values.yaml", "promoted\n")));

      assertThat(result.status()).isEqualTo(WriteStatus.WRITTEN);
      assertThat(sleeper.delays()).hasSize(1);
      assertThat(head(remote, "main")).isEqualTo(result.revision().value());
      assertThat(gitLine(remote, "rev-parse", "main^")).isEqualTo(other[0]);
      assertThat(git(remote, "show", "main:envs/dev/values.yaml")).isEqualTo("raced\n");
      assertThat(gitLine(remote, "rev-list", "--merges", "--count", "main")).isEqualTo("0");
      assertFsckClean(remote);
    }
  }

  @Test
  void aRemoteChangeToTheTargetFolderMakesTheWriteStale() {
    String[] other = new String[1];
    try (GitEnvironmentRepository git = on(clone1, new RecordingSleeper()).raceHook(attempt -> {
      if (attempt == 1) {
        other[0] = pushFrom(clone2, Map.of("envs/production/values.yaml", "hotfix\n"));
      }
    }).build()) {
      WriteResult result = git.write(write(PRODUCTION, Revision.of(seed), "p-1",
          FileChange.write("values.yaml", "promoted\n")));

      assertThat(result).isEqualTo(new WriteResult(WriteStatus.STALE, Revision.of(other[0])));
      assertThat(head(remote, "main")).isEqualTo(other[0]);
      assertThat(head(remote, "refs/baton/promotions/p-1")).isNull();
    }
  }

  @Test
  void anotherInstanceSeesThePromotionAsAlreadyWritten() {
    try (GitEnvironmentRepository first = on(clone1, new RecordingSleeper()).build();
        GitEnvironmentRepository second = on(clone2, new RecordingSleeper()).build()) {
      var change = FileChange.write("values.yaml", "promoted\n");
      WriteResult written = first.write(write(PRODUCTION, Revision.of(seed), "p-1", change));
      int commits = count(remote, "main");

      assertThat(second.findWrite(SHOP, PRODUCTION, PromotionId.of("p-1")))
          .contains(written.revision());
      WriteResult again = second.write(write(PRODUCTION, Revision.of(seed), "p-1", change));

      assertThat(again).isEqualTo(
          new WriteResult(WriteStatus.ALREADY_WRITTEN, written.revision()));
      assertThat(count(remote, "main")).isEqualTo(commits);
    }
  }

  @Test
  void aLostRemoteMarkerIsFoundByTrailerAndPushedAgain() {
    try (GitEnvironmentRepository first = on(clone1, new RecordingSleeper()).build();
        GitEnvironmentRepository second = on(clone2, new RecordingSleeper()).build()) {
      var change = FileChange.write("values.yaml", "promoted\n");
      WriteResult written = first.write(write(PRODUCTION, Revision.of(seed), "p-1", change));
      git(remote, "update-ref", "-d", "refs/baton/promotions/p-1");

      WriteResult again = second.write(write(PRODUCTION, Revision.of(seed), "p-1", change));

      assertThat(again).isEqualTo(
          new WriteResult(WriteStatus.ALREADY_WRITTEN, written.revision()));
      assertThat(count(remote, "main")).isEqualTo(2);
      assertThat(head(remote, "refs/baton/promotions/p-1"))
          .isEqualTo(written.revision().value());
    }
  }

  @Test
  void twoInstancesRacingOnDifferentEnvironmentsBothLandInALinearHistory() throws Exception {
    CyclicBarrier bothBuilt = new CyclicBarrier(2);
    RaceHook meetAtTheLine = attempt -> {
      if (attempt == 1) {
        try {
          bothBuilt.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new AssertionError("the other writer never arrived", e);
        }
      }
    };
    RecordingSleeper sleeper1 = new RecordingSleeper();
    RecordingSleeper sleeper2 = new RecordingSleeper();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (GitEnvironmentRepository first = on(clone1, sleeper1).raceHook(meetAtTheLine).build();
        GitEnvironmentRepository second = on(clone2, sleeper2).raceHook(meetAtTheLine).build()) {
      Future<WriteResult> staging = pool.submit(() -> first.write(write(STAGING,
          Revision.of(seed), "p-staging", FileChange.write("values.yaml", "staging v2\n"))));
      Future<WriteResult> production = pool.submit(() -> second.write(write(PRODUCTION,
          Revision.of(seed), "p-production", FileChange.write("values.yaml", "prod v2\n"))));

      assertThat(staging.get(60, TimeUnit.SECONDS).status()).isEqualTo(WriteStatus.WRITTEN);
      assertThat(production.get(60, TimeUnit.SECONDS).status()).isEqualTo(WriteStatus.WRITTEN);
      assertThat(sleeper1.delays().size() + sleeper2.delays().size())
          .as("one of them lost the first race").isGreaterThanOrEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(count(remote, "main")).isEqualTo(3);
    assertThat(git(remote, "rev-list", "--parents", "main").lines())
        .allSatisfy(line -> assertThat(line.split(" ")).hasSizeLessThanOrEqualTo(2));
    assertThat(git(remote, "show", "main:envs/staging/values.yaml")).isEqualTo("staging v2\n");
    assertThat(git(remote, "show", "main:envs/production/values.yaml")).isEqualTo("prod v2\n");
    assertThat(git(remote, "for-each-ref", "--format=%(refname)", "refs/baton/").lines())
        .containsExactlyInAnyOrder("refs/baton/promotions/p-production",
            "refs/baton/promotions/p-staging");
    assertFsckClean(remote);
  }

  @Test
  void twoInstancesRacingOnTheSameEnvironmentLetExactlyOneWin() throws Exception {
    CyclicBarrier bothBuilt = new CyclicBarrier(2);
    RaceHook meetAtTheLine = attempt -> {
      if (attempt == 1) {
        try {
          bothBuilt.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new AssertionError("the other writer never arrived", e);
        }
      }
    };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<WriteResult> results;
    try (GitEnvironmentRepository first = on(clone1, new RecordingSleeper())
        .raceHook(meetAtTheLine).build();
        GitEnvironmentRepository second = on(clone2, new RecordingSleeper())
            .raceHook(meetAtTheLine).build()) {
      Future<WriteResult> a = pool.submit(() -> first.write(write(STAGING, Revision.of(seed),
          "p-a", FileChange.write("values.yaml", "from a\n"))));
      Future<WriteResult> b = pool.submit(() -> second.write(write(STAGING, Revision.of(seed),
          "p-b", FileChange.write("values.yaml", "from b\n"))));
      results = List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    assertThat(results).extracting(WriteResult::status)
        .containsExactlyInAnyOrder(WriteStatus.WRITTEN, WriteStatus.STALE);
    WriteResult winner = results.stream().filter(r -> r.status() == WriteStatus.WRITTEN)
        .findFirst().orElseThrow();
    WriteResult loser = results.stream().filter(r -> r.status() == WriteStatus.STALE)
        .findFirst().orElseThrow();
    assertThat(loser.revision()).isEqualTo(winner.revision());
    assertThat(head(remote, "main")).isEqualTo(winner.revision().value());
    assertThat(count(remote, "main")).isEqualTo(2);
    assertFsckClean(remote);
  }

  @Test
  void anEmptyRemoteIsRefusedAndGetsNoBranch() {
    Path empty = GitCli.init(tmp.resolve("empty.git"), true);
    Path clone = tmp.resolve("empty-clone");
    git(tmp, "clone", "-q", empty.toString(), clone.toString());
    try (GitEnvironmentRepository git = on(clone, new RecordingSleeper()).build()) {
      assertThatThrownBy(() -> git.read(SHOP, STAGING)).isInstanceOfSatisfying(
          BatonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BRANCH_NOT_FOUND));
      assertThatThrownBy(() -> git.write(write(STAGING, GitEnvironmentRepository.UNBORN, "p-1",
          FileChange.write("values.yaml", "first\n")))).isInstanceOfSatisfying(
          BatonException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BRANCH_NOT_FOUND));
      assertThat(git(empty, "for-each-ref")).isEmpty();
    }
  }

  @Test
  void anUnreachableRemoteIsABackendFailureAndWritesNothing() throws Exception {
    try (GitEnvironmentRepository git = on(clone1, new RecordingSleeper()).build()) {
      Files.move(remote, tmp.resolve("moved.git"));
      String before = head(clone1, "refs/remotes/origin/main");
      assertThatThrownBy(() -> git.read(SHOP, STAGING))
          .isInstanceOfSatisfying(BatonException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE));
      assertThatThrownBy(() -> git.write(write(STAGING, Revision.of(seed), "p-1")))
          .isInstanceOfSatisfying(BatonException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE));
      assertThat(head(clone1, "refs/remotes/origin/main")).isEqualTo(before);
      assertThat(head(clone1, "refs/baton/promotions/p-1")).isNull();
    }
  }
}
