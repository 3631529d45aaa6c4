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
import dev.baton.git.RecordingPullRequestOpener.Request;
import dev.baton.model.FileChange;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;
import dev.baton.model.WriteResult;
import dev.baton.model.WriteStatus;
import dev.baton.spi.PullRequestOpener;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitEnvironmentRepositoryPullRequestTest {
  private static final String BRANCH = "refs/heads/baton/promotion/p-1";
  @TempDir Path tmp;

  @Test
  void theCommitGoesToItsOwnBranchAndARequestIsOpened() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String base = head(repo, "main");
    RecordingPullRequestOpener opener = new RecordingPullRequestOpener();
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
    RecordingPullRequestOpener opener = new RecordingPullRequestOpener();
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
    RecordingPullRequestOpener opener = new RecordingPullRequestOpener();
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
    RecordingPullRequestOpener recorder = new RecordingPullRequestOpener();
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
    RecordingPullRequestOpener opener = new RecordingPullRequestOpener();
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
