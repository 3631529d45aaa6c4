package dev.baton.git.state;

import static dev.baton.git.GitCli.gitLine;
import static dev.baton.git.state.Fixtures.BOB;
import static dev.baton.git.state.Fixtures.PRODUCTION;
import static dev.baton.git.state.Fixtures.SHOP;
import static dev.baton.git.state.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.GitCli;
import dev.baton.model.CasResult;
import dev.baton.model.Decision;
import dev.baton.model.DecisionKind;
import dev.baton.model.Notification;
import dev.baton.model.NotificationId;
import dev.baton.model.NotificationKind;
import dev.baton.model.Promotion;
import dev.baton.model.UserId;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No state document over the documented limit is written, whatever path it comes by. */
class GitStateStoreSizeLimitTest {
  @TempDir Path tmp;

  private static void assertTooLarge(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(BatonException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.DOCUMENT_TOO_LARGE);
      assertThat(e.getMessage()).contains(String.valueOf(GitStateStore.MAX_DOCUMENT_BYTES));
    });
  }

  @Test
  void anOversizedDocumentIsRefusedAndTheRefDoesNotMove() {
    Path repo = GitCli.initWithCommit(tmp.resolve("gitops"));
    String big = "x".repeat(GitStateStore.MAX_DOCUMENT_BYTES);
    try (GitStateStore store = GitStateStore.open(repo)) {
      Promotion p = Fixtures.promotion("p-1");
      store.insert(p, List.of());
      String before = gitLine(repo, "rev-parse", "refs/baton/state");

      assertTooLarge(() -> store.insert(Fixtures.promotion("p-2").toBuilder().notes(big)
          .build(), List.of()));
      // Many decisions, each under any text limit, still add up: 140 comments of 31 KB.
      Promotion.Builder grown = p.toBuilder().version(2);
      for (int i = 0; i < 140; i++) {
        grown.decision(new Decision(UserId.of("user" + i + "@example.com"),
            DecisionKind.APPROVE, "y".repeat(31_000), T0.plusSeconds(i)));
      }
      assertTooLarge(() -> store.compareAndSet(1, grown.build(), List.of()));
      // A notification is a document too, and it is written with its promotion or not at all.
      Promotion next = Fixtures.approved(p, "bob");
      Notification loud = new Notification(NotificationId.of("n-big"), NotificationKind.SUBMITTED,
          p.id(), SHOP, Fixtures.STAGING, PRODUCTION, Set.of(BOB), big, T0);
      assertTooLarge(() -> store.compareAndSet(1, next, List.of(loud)));

      assertThat(gitLine(repo, "rev-parse", "refs/baton/state")).isEqualTo(before);
      assertThat(store.find(p.id())).contains(p);
      assertThat(store.find(Fixtures.promotion("p-2").id())).isEmpty();
      // A document just under the limit is fine.
      Promotion near = p.toBuilder().notes("z".repeat(GitStateStore.MAX_DOCUMENT_BYTES - 4096))
          .version(2).build();
      assertThat(store.compareAndSet(1, near, List.of())).isEqualTo(CasResult.APPLIED);
    }
  }
}
