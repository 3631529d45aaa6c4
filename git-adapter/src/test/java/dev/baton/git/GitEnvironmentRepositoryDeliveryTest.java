package dev.baton.git;

import static dev.baton.git.Fixtures.PRODUCTION;
import static dev.baton.git.Fixtures.SHOP;
import static dev.baton.git.Fixtures.write;
import static dev.baton.git.GitCli.assertFsckClean;
import static dev.baton.git.GitCli.git;
import static dev.baton.git.GitCli.head;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.git.Fixtures.RecordingSleeper;
import dev.baton.model.Delivery;
import dev.baton.model.DeliveryStatus;
import dev.baton.model.FileChange;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;
import dev.baton.model.WriteResult;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull request mode's delivery on real repositories: the promotion's write counts as on the
 * target only once the git CLI merged it into {@code main}, however it was merged.
 */
class GitEnvironmentRepositoryDeliveryTest {
  private static final PromotionId P1 = PromotionId.of("p-1");
  private static final String PR_BRANCH = "baton/promotion/p-1";
  @TempDir Path tmp;

  private final InMemoryPullRequestOpener opener = new InMemoryPullRequestOpener();

  private GitEnvironmentRepository open(Path repo, WriteMode mode) {
    return Fixtures.builder(repo, new RecordingSleeper()).mode(mode).pullRequestOpener(opener)
        .build();
  }

  private static WriteResult promote(GitEnvironmentRepository git, Path repo) {
    return git.write(write(PRODUCTION, Revision.of(head(repo, "main")), "p-1",
        FileChange.write("values.yaml", "image: shop:1.2.0\nreplicas: 3\n")));
  }

  @Test
  void unmergedIsAwaitingAndAPlainMergeIsOnTarget() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo, WriteMode.PULL_REQUEST)) {
      Revision written = promote(git, repo).revision();

      assertThat(git.delivery(SHOP, PRODUCTION, P1, written))
          .isEqualTo(Delivery.awaitingMerge("pr-1", "main"));
      assertThat(head(repo, "refs/baton/pull-requests/p-1")).isNotBlank();

      git(repo, "merge", "-q", "--no-ff", "-m", "Merge pull request pr-1", PR_BRANCH);

      assertThat(git.delivery(SHOP, PRODUCTION, P1, written))
          .isEqualTo(Delivery.landed("pr-1", "main", Optional.empty()));
      assertFsckClean(repo);
    }
  }

  @Test
  void aSquashMergeIsFoundByTheIndentedTrailerAndLandsAsTheSquashCommit() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo, WriteMode.PULL_REQUEST)) {
      Revision written = promote(git, repo).revision();
      git(repo, "merge", "-q", "--squash", PR_BRANCH);
      git(repo, "commit", "-q", "--no-edit");
      assertThat(git(repo, "log", "-1", "--format=%B", "main"))
          .as("git indents the squashed message").contains("    Promotion-Id: p-1");
      // the promotion branch goes away after merging, as hosting services do
      git(repo, "branch", "-q", "-D", PR_BRANCH);

      Delivery delivery = git.delivery(SHOP, PRODUCTION, P1, written);

      assertThat(delivery.status()).isEqualTo(DeliveryStatus.ON_TARGET);
      assertThat(delivery.landed()).contains(Revision.of(head(repo, "main")));
      assertThat(delivery.landed()).isNotEqualTo(Optional.of(written));
    }
  }

  @Test
  void aRebaseStyleCherryPickIsOnTarget() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo, WriteMode.PULL_REQUEST)) {
      Revision written = promote(git, repo).revision();
      GitCli.commitFiles(repo, java.util.Map.of("envs/dev/values.yaml", "image: shop:1.4.0\n"),
          "Unrelated change on main");
      assertThat(git.delivery(SHOP, PRODUCTION, P1, written).status())
          .isEqualTo(DeliveryStatus.AWAITING_MERGE);

      git(repo, "cherry-pick", written.value());

      assertThat(git.delivery(SHOP, PRODUCTION, P1, written))
          .isEqualTo(Delivery.landed("pr-1", "main",
              Optional.of(Revision.of(head(repo, "main")))));
    }
  }

  @Test
  void anotherPromotionsMergeDoesNotCount() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo, WriteMode.PULL_REQUEST)) {
      Revision written = promote(git, repo).revision();
      Revision other = git.write(write(Fixtures.STAGING, Revision.of(head(repo, "main")),
          "p-2", FileChange.write("values.yaml", "image: shop:1.3.0\n"))).revision();
      git(repo, "merge", "-q", "--no-ff", "-m", "Merge p-2", "baton/promotion/p-2");

      assertThat(git.delivery(SHOP, Fixtures.STAGING, PromotionId.of("p-2"), other).status())
          .isEqualTo(DeliveryStatus.ON_TARGET);
      assertThat(git.delivery(SHOP, PRODUCTION, P1, written).status())
          .isEqualTo(DeliveryStatus.AWAITING_MERGE);
    }
  }

  @Test
  void aClosedPullRequestIsClosedAndAMergedOneOnTarget() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo, WriteMode.PULL_REQUEST)) {
      Revision written = promote(git, repo).revision();
      opener.closed("pr-1");
      assertThat(git.delivery(SHOP, PRODUCTION, P1, written))
          .isEqualTo(Delivery.closed("pr-1", "main"));
      opener.merged("pr-1");
      assertThat(git.delivery(SHOP, PRODUCTION, P1, written).status())
          .isEqualTo(DeliveryStatus.ON_TARGET);
    }
  }

  @Test
  void aPullRequestWhoseOpeningWasLostIsOpenedWhenAsked() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo, WriteMode.PULL_REQUEST)) {
      Revision written = promote(git, repo).revision();
      git(repo, "update-ref", "-d", "refs/baton/pull-requests/p-1");
      int before = opener.requests().size();

      assertThat(git.delivery(SHOP, PRODUCTION, P1, written))
          .isEqualTo(Delivery.awaitingMerge("pr-1", "main"));
      assertThat(opener.requests()).hasSize(before + 1);
      assertThat(opener.requests().get(before).title()).isEqualTo("Promote staging to production");
      assertThat(opener.requests().get(before).body()).startsWith("Roll out the new checkout.");
    }
  }

  @Test
  void directWritesAreOnTarget() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo, WriteMode.DIRECT)) {
      Revision written = promote(git, repo).revision();
      assertThat(git.delivery(SHOP, PRODUCTION, P1, written)).isEqualTo(Delivery.onTarget());
    }
  }
}
