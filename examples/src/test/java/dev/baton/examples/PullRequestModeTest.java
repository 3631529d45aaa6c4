package dev.baton.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Baton;
import dev.baton.PromotionRequest;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.GitEnvironmentRepository;
import dev.baton.git.InMemoryPullRequestOpener;
import dev.baton.git.WriteMode;
import dev.baton.memory.InMemoryDeployer;
import dev.baton.memory.InMemoryNotifier;
import dev.baton.memory.InMemoryPipelineStore;
import dev.baton.memory.InMemoryPromotionStore;
import dev.baton.model.CasResult;
import dev.baton.model.DecisionKind;
import dev.baton.model.DeployPolicy;
import dev.baton.model.DeployState;
import dev.baton.model.Notification;
import dev.baton.model.NotificationKind;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionRule;
import dev.baton.model.PromotionStatus;
import dev.baton.model.StatusChange;
import dev.baton.model.UserId;
import dev.baton.spi.ForwardingPromotionStore;
import dev.baton.spi.PromotionStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull request mode end to end: the engine on a real repository whose pull request branches the
 * git CLI merges (plainly, squashed, or cherry-picked) or the hosting service closes. Nothing is
 * deployed before the merge; after it, recovery deploys once (DIRECT) or leaves it to a person
 * (MANUAL), or, when a peer took the target meanwhile, leaves it to a person rather than deploy
 * beside the peer. Also: a script a rule copies keeps its executable bit.
 */
class PullRequestModeTest {
  private static final ProjectId SHOP = ProjectId.of("shop");
  private static final UserId ALICE = UserId.of("alice@example.com");
  private static final String PR_BRANCH = "baton/promotion/";

  @TempDir Path tmp;
  private final InMemoryPullRequestOpener opener = new InMemoryPullRequestOpener();
  private final InMemoryDeployer deployer = new InMemoryDeployer();
  private final InMemoryNotifier notifier = new InMemoryNotifier();
  private final InMemoryPromotionStore store = new InMemoryPromotionStore();
  private final InMemoryPipelineStore pipelines = new InMemoryPipelineStore();
  private Path repo;
  private GitEnvironmentRepository environments;
  private Baton baton;

  private void start(WriteMode mode, DeployPolicy policy) {
    repo = tmp.resolve("repo");
    git("init", "-q", "-b", "main");
    write("envs/dev/values.yaml", "image: shop:1.3.0\nreplicas: 1\n");
    write("envs/dev/hooks/migrate.sh", "#!/bin/sh\necho migrate v2\n");
    write("envs/staging/values.yaml", "image: shop:1.2.0\nreplicas: 2\n");
    git("add", "-A");
    git("update-index", "--chmod=+x", "envs/dev/hooks/migrate.sh");
    git("commit", "-q", "-m", "Seed");
    environments = GitEnvironmentRepository.builder().repository(repo).mode(mode)
        .pullRequestOpener(opener).build();
    baton = engine(store);
    baton.pipelines().replace(Pipeline.builder(SHOP).stage("dev")
        .stage("staging", policy).transition("dev", "staging", 0)
        .rule(PromotionRule.wholeFiles("hooks/*")).build(), ALICE);
  }

  private Baton engine(PromotionStore promotions) {
    return Baton.builder().environments(environments).deployer(deployer).notifier(notifier)
        .promotionStore(promotions).pipelineStore(pipelines).build();
  }

  @AfterEach
  void close() {
    if (baton != null) {
      baton.close();
      environments.close();
    }
  }

  private Promotion promote() {
    return baton.promotions().request(PromotionRequest.of("shop", "dev", "staging",
        ALICE.value()).withNotes("ship 1.3.0"));
  }

  private Promotion awaitingMerge() {
    Promotion p = promote();
    assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
    assertThat(p.release().orElseThrow().deployState()).isEqualTo(DeployState.AWAITING_MERGE);
    assertThat(last(p).reason())
        .isEqualTo("waiting for pull request pr-1 to be merged into main");
    assertThat(deployer.requests()).as("nothing deployed before the merge").isEmpty();
    assertThat(baton.promotions().recover()).as("still waiting").isEmpty();
    assertThat(deployer.requests()).isEmpty();
    assertThatThrownBy(() -> baton.promotions().deploy(p.id(), ALICE))
        .isInstanceOf(BatonException.class)
        .hasMessageContaining("pull request pr-1")
        .extracting(e -> ((BatonException) e).code()).isEqualTo(ErrorCode.ILLEGAL_STATE);
    return p;
  }

  @Test
  void aPlainMergeThenRecoverDeploysOnce() {
    start(WriteMode.PULL_REQUEST, DeployPolicy.DIRECT);
    Promotion p = awaitingMerge();

    git("merge", "-q", "--no-ff", "-m", "Merge pr-1", PR_BRANCH + p.id().value());
    List<Promotion> moved = baton.promotions().recover();

    Promotion done = baton.promotions().get(p.id());
    assertThat(moved).extracting(Promotion::id).containsExactly(p.id());
    assertThat(done.status()).isEqualTo(PromotionStatus.COMPLETED);
    assertThat(done.release().orElseThrow().deployState()).isEqualTo(DeployState.DEPLOYED);
    assertThat(deployer.requests()).hasSize(1);
    assertThat(done.history()).extracting(StatusChange::reason)
        .contains("pull request pr-1 merged into main");
    assertThat(baton.promotions().recover()).isEmpty();
    assertThat(deployer.requests()).as("deployed once").hasSize(1);
  }

  @Test
  void aMergedReleaseWhoseTargetAPeerTookMeanwhileWaitsInsteadOfDeployingBesideIt() {
    start(WriteMode.PULL_REQUEST, DeployPolicy.DIRECT);
    Promotion p = awaitingMerge();
    git("merge", "-q", "--no-ff", "-m", "Merge pr-1", PR_BRANCH + p.id().value());
    PromotionId peer = PromotionId.of("p-peer");
    // A peer's acquire that found the target's claim naming this promotion while it held no
    // execution claim yet (between recovery's claim of the target and its compare-and-set).
    PromotionStore racing = new ForwardingPromotionStore(store) {
      @Override
      public CasResult compareAndSet(long expectedVersion, Promotion next,
          List<Notification> notifications) {
        if (next.id().equals(p.id()) && next.claim().isPresent()) {
          assertThat(super.compareAndSetTargetClaim(next.project(), next.target(),
              Optional.of(p.id()), Optional.of(peer))).as("the peer took the target").isTrue();
        }
        return super.compareAndSet(expectedVersion, next, notifications);
      }
    };
    try (Baton recovering = engine(racing)) {
      assertThat(recovering.promotions().recover()).as("not moved on").isEmpty();
    }

    Promotion waiting = baton.promotions().get(p.id());
    assertThat(deployer.requests()).as("nothing deployed beside the peer").isEmpty();
    assertThat(waiting.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
    assertThat(waiting.claim()).isEmpty();
    assertThat(waiting.release().orElseThrow().deployState()).isEqualTo(DeployState.WAITING);
    assertThat(store.targetClaim(SHOP, waiting.target())).contains(peer);
    assertThat(baton.promotions().recover()).as("left to a person").isEmpty();
    assertThat(baton.promotions().deploy(p.id(), ALICE).status())
        .isEqualTo(PromotionStatus.COMPLETED);
    assertThat(deployer.requests()).hasSize(1);
  }

  @Test
  void aSquashMergeDeploysTheSquashCommit() {
    start(WriteMode.PULL_REQUEST, DeployPolicy.DIRECT);
    Promotion p = awaitingMerge();

    git("merge", "-q", "--squash", PR_BRANCH + p.id().value());
    git("commit", "-q", "--no-edit");
    git("branch", "-q", "-D", PR_BRANCH + p.id().value());
    baton.promotions().recover();

    Promotion done = baton.promotions().get(p.id());
    String squash = git("rev-parse", "main").strip();
    assertThat(done.status()).isEqualTo(PromotionStatus.COMPLETED);
    assertThat(done.release().orElseThrow().revision().value()).isEqualTo(squash);
    assertThat(deployer.requests()).singleElement()
        .satisfies(r -> assertThat(r.revision().value()).isEqualTo(squash));
  }

  @Test
  void aCherryPickedCommitOnTheBaseCountsAsMergedAndResumeMovesItOn() {
    start(WriteMode.PULL_REQUEST, DeployPolicy.DIRECT);
    Promotion p = awaitingMerge();
    assertThatThrownBy(() -> baton.promotions().resume(p.id(), ALICE))
        .hasMessageContaining("still waits");

    git("cherry-pick", p.release().orElseThrow().revision().value());
    Promotion done = baton.promotions().resume(p.id(), ALICE);

    assertThat(done.status()).isEqualTo(PromotionStatus.COMPLETED);
    assertThat(deployer.requests()).hasSize(1);
  }

  @Test
  void underManualPolicyTheMergedReleaseWaitsForAPerson() {
    start(WriteMode.PULL_REQUEST, DeployPolicy.MANUAL);
    Promotion p = awaitingMerge();

    git("merge", "-q", "--no-ff", "-m", "Merge pr-1", PR_BRANCH + p.id().value());
    baton.promotions().recover();

    Promotion waiting = baton.promotions().get(p.id());
    assertThat(waiting.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
    assertThat(waiting.release().orElseThrow().deployState()).isEqualTo(DeployState.WAITING);
    assertThat(waiting.claim()).isEmpty();
    assertThat(deployer.requests()).isEmpty();
    Promotion done = baton.promotions().deploy(p.id(), ALICE);
    assertThat(done.status()).isEqualTo(PromotionStatus.COMPLETED);
    assertThat(deployer.requests()).hasSize(1);
  }

  @Test
  void aClosedPullRequestEndsRejectedAndTellsPeople() {
    start(WriteMode.PULL_REQUEST, DeployPolicy.DIRECT);
    Promotion p = awaitingMerge();
    notifier.clear();

    opener.closed("pr-1");
    baton.promotions().recover();

    Promotion closed = baton.promotions().get(p.id());
    assertThat(closed.status()).isEqualTo(PromotionStatus.REJECTED);
    assertThat(closed.closingDecision().orElseThrow().kind())
        .isEqualTo(DecisionKind.PULL_REQUEST_CLOSED);
    assertThat(last(closed).reason()).isEqualTo("pull request pr-1 closed without merge into main");
    assertThat(notifier.delivered()).extracting(n -> n.kind())
        .contains(NotificationKind.REJECTED);
    assertThat(deployer.requests()).isEmpty();
    assertThat(git("rev-list", "--count", "main").strip()).isEqualTo("1");
  }

  @Test
  void aScriptARuleCopiesKeepsItsExecutableBit() {
    start(WriteMode.DIRECT, DeployPolicy.DIRECT);
    promote();
    assertThat(git("ls-tree", "main", "envs/staging/hooks/migrate.sh")).startsWith("100755 ");

    // Baton moved main under the work tree: catch the work tree up before editing in it
    git("reset", "-q", "--hard");
    write("envs/dev/hooks/migrate.sh", "#!/bin/sh\necho migrate v3\n");
    git("add", "-A");
    git("update-index", "--chmod=+x", "envs/dev/hooks/migrate.sh");
    git("commit", "-q", "-m", "v3");
    Promotion second = promote();

    assertThat(second.status()).isEqualTo(PromotionStatus.COMPLETED);
    assertThat(git("show", "main:envs/staging/hooks/migrate.sh")).contains("v3");
    assertThat(git("ls-tree", "main", "envs/staging/hooks/migrate.sh")).startsWith("100755 ");
  }

  private static StatusChange last(Promotion p) {
    return p.history().get(p.history().size() - 1);
  }

  private void write(String path, String content) {
    try {
      Path file = repo.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String git(String... args) {
    try {
      Files.createDirectories(repo);
      List<String> command = new java.util.ArrayList<>(List.of("git", "-c", "user.name=Test",
          "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"));
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile())
          .redirectErrorStream(true);
      builder.environment().putAll(Map.of("GIT_CONFIG_NOSYSTEM", "1",
          "GIT_CONFIG_GLOBAL", "/dev/null"));
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = process.waitFor();
      assertThat(code).as("git %s: %s", String.join(" ", args), out).isZero();
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
