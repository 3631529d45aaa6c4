package dev.baton.git.state;

import static dev.baton.git.GitCli.gitLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.GitCli;
import dev.baton.model.CasResult;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A state ref moved backwards, deleted or rewritten is refused, never acted on again. */
class GitStateStoreRollbackTest {
  private static final String REF = GitStateStore.DEFAULT_REF;

  @TempDir Path tmp;
  Path repo;
  Promotion requested;
  Promotion approved;
  String requestedCommit;
  String approvedCommit;

  @BeforeEach
  void setUp() {
    repo = GitCli.initWithCommit(tmp.resolve("gitops"));
    requested = Fixtures.promotion("p-1");
    approved = Fixtures.approved(requested, "bob");
    try (GitStateStore store = GitStateStore.open(repo)) {
      store.insert(requested, List.of());
      requestedCommit = tip();
      assertThat(store.compareAndSet(1, approved, List.of())).isEqualTo(CasResult.APPLIED);
      approvedCommit = tip();
    }
  }

  private String tip() {
    return gitLine(repo, "rev-parse", REF);
  }

  private Path watermarkFile() {
    return repo.resolve(".git/baton/state-watermark");
  }

  private static void assertRolledBack(ThrowingCallable call, String... parts) {
    assertThatThrownBy(call).isInstanceOfSatisfying(BatonException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.STATE_ROLLED_BACK);
      assertThat(e.httpStatus()).isEqualTo(409);
      assertThat(e.getMessage()).contains(REF);
      for (String part : parts) {
        assertThat(e.getMessage()).contains(part);
      }
    });
  }

  @Test
  void anotherProcessCommittingWhileTheRefIsCheckedIsNoRollback() throws Exception {
    GitCli.git(repo, "update-ref", REF, requestedCommit);
    Files.writeString(watermarkFile(), requestedCommit + "\n");
    try (Repository repository = new FileRepositoryBuilder()
        .setGitDir(repo.resolve(".git").toFile()).build()) {
      StateWatermark watermark = new StateWatermark(repository, REF);

      ObjectId checked = watermark.check(() -> {
        ObjectId read = ObjectId.fromString(tip());
        // right after the tip is read, another process moves the ref and then its watermark
        GitCli.git(repo, "update-ref", REF, approvedCommit, requestedCommit);
        new StateWatermark(repository, REF).advance(ObjectId.fromString(approvedCommit));
        return read;
      }, null);

      assertThat(checked.name()).isEqualTo(requestedCommit);
      assertThat(Files.readString(watermarkFile()).strip()).isEqualTo(approvedCommit);
    }
  }

  @Test
  void everyChangeAndFetchMovesTheWatermarkWrittenOutsideTheRef() throws Exception {
    assertThat(Files.readString(watermarkFile()).strip()).isEqualTo(approvedCommit);
    try (GitStateStore store = GitStateStore.open(repo)) {
      store.insert(Fixtures.promotion("p-2"), List.of());
      assertThat(Files.readString(watermarkFile()).strip()).isEqualTo(tip());
    }
  }

  @Test
  void aRefMovedBackIsRefusedOnOpenAndNothingIsApprovedAgain() {
    gitLine(repo, "update-ref", REF, requestedCommit);

    assertRolledBack(() -> GitStateStore.open(repo).close(), requestedCommit, approvedCommit,
        "git update-ref " + REF + " " + approvedCommit, "baton state accept");
    assertThat(tip()).isEqualTo(requestedCommit);

    gitLine(repo, "update-ref", REF, approvedCommit); // the repair the message names
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.find(requested.id())).contains(approved);
    }
  }

  @Test
  void aLiveStoreRefusesEveryCallOnceTheRefMovedBack() {
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.find(requested.id())).contains(approved);
      gitLine(repo, "update-ref", REF, requestedCommit);

      // The old state would let the same approval (and the execution after it) happen again.
      assertRolledBack(() -> store.compareAndSet(1, approved, List.of()), requestedCommit);
      assertRolledBack(() -> store.find(requested.id()));
      assertRolledBack(() -> store.query(PromotionQuery.of(Fixtures.SHOP)));
      assertRolledBack(() -> store.insert(Fixtures.promotion("p-2"), List.of()));
      assertRolledBack(() -> store.putFreeze(Fixtures.freeze(Fixtures.PRODUCTION)));
      assertRolledBack(() -> store.push("origin"));
      assertThat(tip()).as("nothing written").isEqualTo(requestedCommit);
      assertThat(gitLine(repo, "rev-list", "--count", REF)).isEqualTo("1");
    }
  }

  @Test
  void aStoreThatReadTheOldTipIsRefusedWhenAnotherMovedTheWatermarkOn() {
    try (GitStateStore stale = GitStateStore.open(repo)) {
      assertThat(stale.find(requested.id())).contains(approved);
      try (GitStateStore other = GitStateStore.open(repo)) {
        other.insert(Fixtures.promotion("p-2"), List.of());
      }
      gitLine(repo, "update-ref", REF, approvedCommit); // back to what "stale" last read
      assertRolledBack(() -> stale.compareAndSet(2, Fixtures.approved(approved, "carol"),
          List.of()));
      assertThat(tip()).isEqualTo(approvedCommit);
    }
  }

  @Test
  void aForceRewrittenRefIsRefusedUntilAcceptedOnPurpose() throws Exception {
    // Same content, another history: a sibling of the tip, not a descendant.
    String tree = gitLine(repo, "rev-parse", REF + "^{tree}");
    String rewritten = gitLine(repo, "commit-tree", tree, "-p", requestedCommit, "-m", "rewritten");
    gitLine(repo, "update-ref", REF, rewritten);

    assertRolledBack(() -> GitStateStore.open(repo).close(), rewritten, approvedCommit);
    assertThat(Files.readString(watermarkFile()).strip()).isEqualTo(approvedCommit);

    try (GitStateStore store = GitStateStore.builder(repo).acceptCurrentTip().build()) {
      assertThat(store.find(requested.id())).contains(approved);
      store.insert(Fixtures.promotion("p-2"), List.of());
    }
    assertThat(gitLine(repo, "rev-parse", REF + "^")).isEqualTo(rewritten);
    assertThat(Files.readString(watermarkFile()).strip()).isEqualTo(tip());
    GitStateStore.open(repo).close();
  }

  @Test
  void aDeletedRefIsRefusedRatherThanReadAsAnEmptyStore() {
    gitLine(repo, "update-ref", "-d", REF);
    assertRolledBack(() -> GitStateStore.open(repo).close(), "deleted", approvedCommit);
    assertThat(GitCli.run(repo, null, "rev-parse", "-q", "--verify", REF).exitCode())
        .isNotZero();
  }

  @Test
  void aRepositoryWithoutAWatermarkAdoptsItsCurrentTip() throws Exception {
    Files.delete(watermarkFile());
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.find(requested.id())).contains(approved);
    }
    assertThat(Files.readString(watermarkFile()).strip()).isEqualTo(approvedCommit);
    gitLine(repo, "update-ref", REF, requestedCommit);
    assertRolledBack(() -> GitStateStore.open(repo).close());
    assertThat(Optional.of(tip())).contains(requestedCommit);
  }
}
