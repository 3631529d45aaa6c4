package dev.baton.git.state;

import static dev.baton.git.GitCli.gitLine;
import static dev.baton.git.state.Fixtures.SHOP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.GitCli;
import dev.baton.model.CasResult;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sharing the state ref through a bare repository on disk. */
class GitStateStoreRemoteTest {
  @TempDir Path tmp;
  Path remote;
  Path one;
  Path two;

  @BeforeEach
  void setUp() {
    remote = GitCli.initBare(tmp.resolve("remote.git"));
    one = GitCli.initWithCommit(tmp.resolve("one"));
    two = GitCli.initWithCommit(tmp.resolve("two"));
    gitLine(one, "remote", "add", "origin", remote.toString());
    gitLine(two, "remote", "add", "origin", remote.toString());
  }

  @Test
  void statePushedByOneRepositoryIsFetchedByAnother() {
    Promotion p = Fixtures.promotion("p-1");
    try (GitStateStore a = GitStateStore.open(one); GitStateStore b = GitStateStore.open(two)) {
      a.push("origin"); // nothing to push yet
      b.fetch("origin"); // nothing to fetch yet
      a.insert(p, List.of());
      a.compareAndSet(0, Fixtures.pipeline(SHOP));
      a.push("origin");
      assertThat(gitLine(remote, "rev-parse", "refs/baton/state"))
          .isEqualTo(gitLine(one, "rev-parse", "refs/baton/state"));

      b.fetch("origin");
      assertThat(b.find(p.id())).contains(p);
      assertThat(b.find(SHOP)).isPresent();

      // b moves on, pushes; a fast-forwards
      Promotion next = Fixtures.approved(p, "bob");
      assertThat(b.compareAndSet(1, next, List.of())).isEqualTo(CasResult.APPLIED);
      b.push("origin");
      a.fetch("origin");
      assertThat(a.find(p.id())).contains(next);
      // fetching again, or while ahead, changes nothing
      a.fetch("origin");
      a.insert(Fixtures.promotion("p-2"), List.of());
      a.fetch("origin");
      assertThat(a.query(PromotionQuery.of(SHOP)).total()).isEqualTo(2);
      a.push(remote.toUri().toString()); // a URL works as well as a remote name
      assertThat(gitLine(remote, "rev-list", "--count", "refs/baton/state")).isEqualTo("4");
    }
    assertThat(gitLine(remote, "fsck", "--full", "--strict")).doesNotContain("error");
  }

  @Test
  void divergedStateIsRefusedByPushAndMergedByFetch() {
    try (GitStateStore a = GitStateStore.open(one); GitStateStore b = GitStateStore.open(two)) {
      a.insert(Fixtures.promotion("p-1"), List.of());
      a.push("origin");
      b.fetch("origin");
      a.insert(Fixtures.promotion("p-a"), List.of());
      b.insert(Fixtures.promotion("p-b"), List.of());
      a.push("origin");
      String bHead = gitLine(two, "rev-parse", "refs/baton/state");

      assertThatThrownBy(() -> b.push("origin"))
          .isInstanceOfSatisfying(BatonException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.WRITE_CONFLICT);
            assertThat(e.getMessage()).contains("fetch it first");
          });
      assertThat(gitLine(two, "rev-parse", "refs/baton/state")).isEqualTo(bHead);
      assertThat(b.fetch("origin").outcome()).isEqualTo(SyncResult.Outcome.MERGED);
      assertThat(gitLine(two, "merge-base", "--is-ancestor", bHead, "refs/baton/state")).isEmpty();
      assertThat(b.find(PromotionId.of("p-b"))).isPresent();
      assertThat(b.find(PromotionId.of("p-a"))).isPresent();
      b.push("origin");
    }
  }

  @Test
  void corruptRemoteStateIsRefusedWithoutMovingTheLocalRef() {
    try (GitStateStore a = GitStateStore.open(one)) {
      a.insert(Fixtures.promotion("p-1"), List.of());
      a.push("origin");
    }
    // someone puts a foreign file onto the remote's state
    String blob = GitCli.gitIn(remote, "junk\n", "hash-object", "-w", "--stdin");
    String tree = gitLine(remote, "rev-parse", "refs/baton/state^{tree}");
    String listing = gitLine(remote, "ls-tree", tree) + "\n100644 blob " + blob + "\tjunk.txt\n";
    String newTree = GitCli.gitIn(remote, listing, "mktree");
    String commit = gitLine(remote, "commit-tree", newTree, "-p", "refs/baton/state", "-m", "junk");
    gitLine(remote, "update-ref", "refs/baton/state", commit);

    try (GitStateStore b = GitStateStore.open(two)) {
      assertThatThrownBy(() -> b.fetch("origin"))
          .isInstanceOfSatisfying(BatonException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STORE_CORRUPT);
            assertThat(e.getMessage()).contains("junk.txt");
          });
      assertThat(GitCli.run(two, null, "rev-parse", "-q", "--verify", "refs/baton/state")
          .exitCode()).isNotZero();
      assertThat(b.query(PromotionQuery.of(SHOP)).total()).isZero();
      b.insert(Fixtures.promotion("p-local"), List.of());
      assertThat(b.find(PromotionId.of("p-local"))).isPresent();
    }
  }

  @Test
  void anUnreachableRemoteIsABackendFailure() {
    try (GitStateStore a = GitStateStore.open(one)) {
      a.insert(Fixtures.promotion("p-1"), List.of());
      String missing = tmp.resolve("missing.git").toUri().toString();
      assertThatThrownBy(() -> a.push(missing))
          .isInstanceOfSatisfying(BatonException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE));
      assertThatThrownBy(() -> a.fetch("nonexistent-remote"))
          .isInstanceOfSatisfying(BatonException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_FAILURE));
    }
  }
}
