package dev.baton.git;

import static dev.baton.git.Fixtures.PRODUCTION;
import static dev.baton.git.Fixtures.SHOP;
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
import dev.baton.git.InMemoryPullRequestOpener.Request;
import dev.baton.model.FileChange;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;
import dev.baton.model.WriteResult;
import dev.baton.model.WriteStatus;
import dev.baton.spi.PullRequestOpener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitEnvironmentRepositoryPullRequestTest {
  private static final String BRANCH = "refs/heads/baton/promotion/p-1";
  @TempDir Path tmp;

  @Test
  void pullRequestModeWithoutAnOpenerWarnsOnceAtBuildAndWithOneStaysQuiet() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));

    List<String> without = warningsWhile(() -> Fixtures.builder(repo, new RecordingSleeper())
        .mode(WriteMode.PULL_REQUEST).build());
    List<String> with = warningsWhile(() -> Fixtures.builder(repo, new RecordingSleeper())
        .mode(WriteMode.PULL_REQUEST).pullRequestOpener(new InMemoryPullRequestOpener()).build());
    List<String> direct = warningsWhile(() -> Fixtures.builder(repo, new RecordingSleeper())
        .build());

    assertThat(without).singleElement().satisfies(w -> assertThat(w)
        .contains("no pull-request opener", "pullRequestOpener(PullRequestOpener)"));
    assertThat(with).isEmpty();
    assertThat(direct).isEmpty();
  }

  /** The WARN lines the test's SLF4J provider (slf4j-simple, on System.err) prints meanwhile. */
  private static List<String> warningsWhile(Supplier<GitEnvironmentRepository> build) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      build.get().close();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8).lines()
        .filter(line -> line.contains(" WARN ")).toList();
  }

  @Test
  void theCommitGoesToItsOwnBranchAndARequestIsOpened() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String base = head(repo, "main");
    InMemoryPullRequestOpener opener = new InMemoryPullRequestOpener();
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper())
        .mode(WriteMode.PULL_REQUEST).pullRequestOpener(opener).build()) {
      WriteResult result = git.write(write(PRODUCTION, Revision.of(base), "p-1",
          FileChange.write("values.yaml", "promoted\n")));

      assertThat(result.status()).isEqualTo(WriteStatus.WRITTEN);
      assertThat(head(repo, BRANCH)).isEqualTo(result.revision().value());
      assertThat(head(repo, "main")).as("base branch does not move").isEqualTo(base);
      assertThat(gitLine(repo, "rev-parse", BRANCH + "^")).isEqualTo(base);
      assertThat(git(repo, "show", BRANCH + ":envs/production/values.yaml"))
          .isEqualTo("promoted\n");
      assertThat(head(repo, "refs/baton/promotions/p-1")).isEqualTo(result.revision().value());
      assertThat(opener.requests()).containsExactly(new Request(PromotionId.of("p-1"),
          "baton/promotion/p-1", "main", "Promote staging to production",
          "Roll out the new checkout.\n\nPromotion-Id: p-1\nEnvironment: envs/production\n"
              + "Requested-by: alice\n"
              + "Approved-by: bob\nApproved-by: carol\n", "pr-1"));
      assertThat(git.findWrite(SHOP, PRODUCTION, PromotionId.of("p-1")))
          .contains(result.revision());
      // The base is what reads see until the request is merged.
      assertThat(git.read(SHOP, PRODUCTION).revision().value()).isEqualTo(base);
      assertFsckClean(repo);
    }
  }

  @Test
  void writingAgainIsAlreadyWrittenAndReopensIdempotently() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String base = head(repo, "main");
    InMemoryPullRequestOpener opener = new InMemoryPullRequestOpener();
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper())
        .mode(WriteMode.PULL_REQUEST).pullRequestOpener(opener).build()) {
      WriteResult first = git.write(write(PRODUCTION, Revision.of(base), "p-1"));
      git(repo, "update-ref", "-d", "refs/baton/promotions/p-1");
      WriteResult again = git.write(write(PRODUCTION, Revision.of(base), "p-1"));

      assertThat(again).isEqualTo(new WriteResult(WriteStatus.ALREADY_WRITTEN, first.revision()));
      assertThat(count(repo, BRANCH)).isEqualTo(2);
      assertThat(opener.requests()).extracting(Request::reference).containsExactly("pr-1", "pr-1");
      assertThat(head(repo, "main")).isEqualTo(base);
    }
  }

  @Test
  void theStaleCheckIsAgainstTheBaseBranch() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String base = head(repo, "main");
    InMemoryPullRequestOpener opener = new InMemoryPullRequestOpener();
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper())
        .mode(WriteMode.PULL_REQUEST).pullRequestOpener(opener).build()) {
      String moved = commitFiles(repo, Map.of("envs/production/values.yaml", "x\n"), "Moved");
      WriteResult result = git.write(write(PRODUCTION, Revision.of(base), "p-1"));

      assertThat(result).isEqualTo(new WriteResult(WriteStatus.STALE, Revision.of(moved)));
      assertThat(head(repo, BRANCH)).isNull();
      assertThat(opener.requests()).isEmpty();
    }
  }

  @Test
  void aFailingOpenerIsReportedAndTheNextWriteOpensTheRequest() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String base = head(repo, "main");
    AtomicInteger calls = new AtomicInteger();
    InMemoryPullRequestOpener recorder = new InMemoryPullRequestOpener();
    PullRequestOpener flaky = (promotion, branch, into, title, body) -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("hosting service is down");
      }
      return recorder.open(promotion, branch, into, title, body);
    };
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper())
        .mode(WriteMode.PULL_REQUEST).pullRequestOpener(flaky).build()) {
      assertThatThrownBy(() -> git.write(write(PRODUCTION, Revision.of(base), "p-1")))
          .isInstanceOfSatisfying(BatonException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE));
      String written = head(repo, BRANCH);
      assertThat(written).isNotNull();

      WriteResult again = git.write(write(PRODUCTION, Revision.of(base), "p-1"));

      assertThat(again).isEqualTo(
          new WriteResult(WriteStatus.ALREADY_WRITTEN, Revision.of(written)));
      assertThat(recorder.requests()).hasSize(1);
    }
  }

  @Test
  void throughARemoteThePullRequestBranchIsPushedAndTheBaseStays() {
    Path seedRepo = Fixtures.seededRepo(tmp.resolve("seed"));
    Path remote = tmp.resolve("remote.git");
    git(tmp, "clone", "-q", "--bare", seedRepo.toString(), remote.toString());
    Path clone = tmp.resolve("clone");
    git(tmp, "clone", "-q", remote.toString(), clone.toString());
    String base = head(remote, "main");
    InMemoryPullRequestOpener opener = new InMemoryPullRequestOpener();
    try (GitEnvironmentRepository git = Fixtures.builder(clone, new RecordingSleeper())
        .remote("origin").mode(WriteMode.PULL_REQUEST).pullRequestOpener(opener).build()) {
      WriteResult result = git.write(write(PRODUCTION, Revision.of(base), "p-1",
          FileChange.write("values.yaml", "promoted\n")));

      assertThat(result.status()).isEqualTo(WriteStatus.WRITTEN);
      assertThat(head(remote, BRANCH)).isEqualTo(result.revision().value());
      assertThat(head(remote, "main")).isEqualTo(base);
      assertThat(head(remote, "refs/baton/promotions/p-1")).isEqualTo(result.revision().value());
      assertThat(opener.requests()).hasSize(1);
      assertThat(git.write(write(PRODUCTION, Revision.of(base), "p-1")).status())
          .isEqualTo(WriteStatus.ALREADY_WRITTEN);
      assertFsckClean(remote);
    }
  }
}
