package dev.baton.git;

import static dev.baton.git.Fixtures.PRODUCTION;
import static dev.baton.git.Fixtures.SHOP;
import static dev.baton.git.Fixtures.STAGING;
import static dev.baton.git.Fixtures.write;
import static dev.baton.git.GitCli.commitFiles;
import static dev.baton.git.GitCli.head;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.git.Fixtures.RecordingSleeper;
import dev.baton.git.WriteSteps.Step;
import dev.baton.model.EnvironmentName;
import dev.baton.model.FileChange;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;
import dev.baton.model.WriteResult;
import dev.baton.model.WriteStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exactly once under crashes: a write stopped at every durable step (as {@code kill -9} would
 * stop it: nothing after that step runs), another writer stopped at every step of its own write
 * on top of the leftovers, then both retried by a new instance. Every promotion lands in exactly
 * one commit, its marker holds that commit, and the next complete write leaves the watermark on
 * the tip with nothing left for a lookup to scan.
 */
class WriteCrashTest {
  @TempDir static Path shared;
  private static Path seed;

  @TempDir Path tmp;

  /** Thrown by the step hook: the write stops there, like a killed process. */
  private static final class Killed extends RuntimeException {
    Killed(Step step) {
      super("killed at " + step, null, false, false);
    }
  }

  @BeforeAll
  static void seed() {
    seed = Fixtures.seededRepo(shared.resolve("seed"));
  }

  static Stream<Arguments> schedules() {
    List<Arguments> all = new ArrayList<>();
    List<Step> first = new ArrayList<>(List.of(Step.values()));
    first.add(null);
    List<Step> second = new ArrayList<>(List.of(Step.values()));
    second.add(null);
    for (Step p : first) {
      for (Step q : second) {
        all.add(Arguments.of(p, q, true));
        all.add(Arguments.of(p, q, false));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "p killed at {0}, then q killed at {1}, p retried first: {2}")
  @MethodSource("schedules")
  void everyPromotionLandsOnceWhereverTwoWritesWereKilled(Step killP, Step killQ,
      boolean pFirst) {
    Path repo = copyOfSeed();
    Revision base = Revision.of(head(repo, "main"));
    attempt(repo, killP, PRODUCTION, base, "p");
    attempt(repo, killQ, STAGING, base, "q");

    try (GitEnvironmentRepository git = open(repo, WriteSteps.NONE)) {
      List<String> order = pFirst ? List.of("p", "q") : List.of("q", "p");
      for (String promotion : order) {
        EnvironmentName target = promotion.equals("p") ? PRODUCTION : STAGING;
        WriteResult retried = git.write(write(target, base, promotion,
            FileChange.write("values.yaml", promotion + "\n")));
        assertThat(retried.status()).isIn(WriteStatus.WRITTEN, WriteStatus.ALREADY_WRITTEN);
        assertThat(retried.revision().value()).isEqualTo(onlyCommitOf(repo, promotion));
      }
      for (String promotion : order) {
        EnvironmentName target = promotion.equals("p") ? PRODUCTION : STAGING;
        assertThat(head(repo, PromotionMarkers.markerRef(PromotionId.of(promotion))))
            .isEqualTo(onlyCommitOf(repo, promotion));
        assertThat(git.findWrite(SHOP, target, PromotionId.of(promotion)))
            .contains(Revision.of(onlyCommitOf(repo, promotion)));
      }
      assertSteadyStateAfterOneMoreWrite(repo, git);
    }
  }

  @ParameterizedTest(name = "killed at {0}")
  @EnumSource(Step.class)
  void aWriteKilledAtAnyStepLandsOnceAfterOtherPeoplesCommits(Step kill) {
    Path repo = copyOfSeed();
    Revision base = Revision.of(head(repo, "main"));
    attempt(repo, kill, PRODUCTION, base, "p");
    GitCli.git(repo, "reset", "-q", "--hard", "main");
    commitFiles(repo, Map.of("envs/dev/values.yaml", "by hand\n"), "Work by hand");
    commitFiles(repo, Map.of("README.md", "by hand\n"), "More work by hand");

    try (GitEnvironmentRepository git = open(repo, WriteSteps.NONE)) {
      WriteResult retried = git.write(write(PRODUCTION, base, "p",
          FileChange.write("values.yaml", "p\n")));
      assertThat(retried.revision().value()).isEqualTo(onlyCommitOf(repo, "p"));
      assertSteadyStateAfterOneMoreWrite(repo, git);
    }
  }

  @Test
  void aLookupReadsNoTrailersOnceTheWatermarkIsSetAndOnlyNewerOnesAfterOtherCommits() {
    Path repo = copyOfSeed();
    try (GitEnvironmentRepository git = open(repo, WriteSteps.NONE)) {
      promote(git, PRODUCTION, "p-1");
      long scanned = git.markers().commitsScanned();
      promote(git, STAGING, "p-2");
      assertThat(git.findWrite(SHOP, PRODUCTION, PromotionId.of("never"))).isEmpty();
      assertThat(git.markers().commitsScanned()).as("steady state").isEqualTo(scanned);

      GitCli.git(repo, "reset", "-q", "--hard", "main");
      commitFiles(repo, Map.of("envs/dev/values.yaml", "by hand\n"), "Work by hand");
      assertThat(git.findWrite(SHOP, PRODUCTION, PromotionId.of("never"))).isEmpty();
      assertThat(git.markers().commitsScanned()).as("the one commit above the watermark")
          .isEqualTo(scanned + 1);

      promote(git, PRODUCTION, "p-3");
      scanned = git.markers().commitsScanned();
      assertThat(git.findWrite(SHOP, PRODUCTION, PromotionId.of("never"))).isEmpty();
      assertThat(git.markers().commitsScanned()).isEqualTo(scanned);
    }
  }

  @Test
  void aCommitWrittenBy01WithoutItsMarkerIsFoundThenMarkedByTheNextWrite() {
    Path repo = copyOfSeed();
    String old = commitFiles(repo, Map.of("envs/production/values.yaml", "old\n"),
        "Promote staging to production\n\nPromotion-Id: p-old\nEnvironment: envs/production\n"
            + "Requested-by: alice\nApproved-by: bob\n");
    commitFiles(repo, Map.of("envs/dev/values.yaml", "later\n"), "Later work");
    String marker = PromotionMarkers.markerRef(PromotionId.of("p-old"));
    try (GitEnvironmentRepository git = open(repo, WriteSteps.NONE)) {
      assertThat(git.findWrite(SHOP, PRODUCTION, PromotionId.of("p-old")))
          .contains(Revision.of(old));
      assertThat(head(repo, marker)).as("a lookup writes nothing").isNull();

      WriteResult other = promote(git, STAGING, "p-new");
      assertThat(head(repo, marker)).isEqualTo(old);
      assertThat(head(repo, git.markers().watermarkRef())).isEqualTo(other.revision().value());

      int commits = GitCli.count(repo, "main");
      WriteResult again = git.write(write(PRODUCTION, Revision.of(old), "p-old",
          FileChange.write("values.yaml", "old\n")));
      assertThat(again).isEqualTo(new WriteResult(WriteStatus.ALREADY_WRITTEN, Revision.of(old)));
      assertThat(GitCli.count(repo, "main")).isEqualTo(commits);
    }
  }

  private void assertSteadyStateAfterOneMoreWrite(Path repo, GitEnvironmentRepository git) {
    WriteResult next = promote(git, EnvironmentName.of("dev"), "r");
    assertThat(next.status()).isEqualTo(WriteStatus.WRITTEN);
    assertThat(head(repo, git.markers().watermarkRef())).isEqualTo(head(repo, "main"));
    long scanned = git.markers().commitsScanned();
    assertThat(git.findWrite(SHOP, PRODUCTION, PromotionId.of("never"))).isEmpty();
    assertThat(git.markers().commitsScanned()).isEqualTo(scanned);
  }

  private static WriteResult promote(GitEnvironmentRepository git, EnvironmentName target,
      String promotion) {
    Revision head = git.read(SHOP, target).revision();
    return git.write(Fixtures.write(target, head, promotion,
        FileChange.write("values.yaml", promotion + "\n")));
  }

  /** One write by a fresh instance, stopped at {@code kill} (null: not stopped). */
  private void attempt(Path repo, Step kill, EnvironmentName target, Revision base,
      String promotion) {
    WriteSteps steps = step -> {
      if (step == kill) {
        throw new Killed(step);
      }
    };
    try (GitEnvironmentRepository git = open(repo, steps)) {
      var write = write(target, base, promotion, FileChange.write("values.yaml",
          promotion + "\n"));
      if (kill == null) {
        git.write(write);
        return;
      }
      try {
        git.write(write);
      } catch (Killed expected) {
        return;
      }
      // Steps a write never reaches (no earlier marker missing) leave it complete.
      assertThat(kill).isIn(Step.MISSING_MARKER_RECORDED);
    }
  }

  private GitEnvironmentRepository open(Path repo, WriteSteps steps) {
    return Fixtures.builder(repo, new RecordingSleeper()).writeSteps(steps).build();
  }

  private Path copyOfSeed() {
    Path copy = tmp.resolve("repo");
    try (Stream<Path> files = Files.walk(seed)) {
      for (Path from : (Iterable<Path>) files::iterator) {
        Path to = copy.resolve(seed.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return copy;
  }

  /** The one commit on main whose trailer names the promotion (fails on none or several). */
  private static String onlyCommitOf(Path repo, String promotion) {
    List<String> found = new ArrayList<>();
    try (Repository git = new FileRepositoryBuilder().setWorkTree(repo.toFile()).build();
        RevWalk walk = new RevWalk(git)) {
      Ref main = git.exactRef("refs/heads/main");
      walk.markStart(walk.parseCommit(main.getObjectId()));
      for (RevCommit commit : walk) {
        if (commit.getFooterLines("Promotion-Id").contains(promotion)) {
          found.add(commit.name());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(found).as("commits of promotion " + promotion).hasSize(1);
    return found.get(0);
  }
}
