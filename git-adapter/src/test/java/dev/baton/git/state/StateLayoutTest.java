package dev.baton.git.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.state.internal.StateLayout;
import dev.baton.git.state.internal.StateLayout.Kind;
import dev.baton.model.NotificationId;
import dev.baton.model.PromotionId;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateLayoutTest {

  @Test
  void everyPathTheStoreWritesParsesBackToItsKind() {
    PromotionId id = PromotionId.of("p-12");
    assertThat(StateLayout.parse(StateLayout.promotionPath(id)).kind()).isEqualTo(Kind.PROMOTION);
    assertThat(StateLayout.parse(StateLayout.promotionPath(id)).name()).isEqualTo("p-12");
    assertThat(StateLayout.parse(StateLayout.keyPath(Fixtures.SHOP, "any key")).kind())
        .isEqualTo(Kind.KEY);
    assertThat(StateLayout.parse(StateLayout.claimPath(Fixtures.SHOP, Fixtures.PRODUCTION)))
        .extracting(StateLayout.Location::kind, StateLayout.Location::project,
            StateLayout.Location::environment)
        .containsExactly(Kind.CLAIM, "shop", "production");
    assertThat(StateLayout.parse(StateLayout.outboxPath(NotificationId.of("a b/c"))).kind())
        .isEqualTo(Kind.OUTBOX);
    assertThat(StateLayout.parse(StateLayout.pipelinePath(Fixtures.SHOP)).project())
        .isEqualTo("shop");
    assertThat(StateLayout.parse(StateLayout.freezePath(Fixtures.SHOP, Fixtures.STAGING))
        .environment()).isEqualTo("staging");
    String session = StateLayout.breakGlassDir(Fixtures.SHOP, Fixtures.PRODUCTION) + "/"
        + StateLayout.sessionName(7, Instant.parse("2026-01-02T03:04:05.6Z")) + ".json";
    assertThat(session).isEqualTo("break-glass/shop/production/000007-20260102T030405Z.json");
    assertThat(StateLayout.parse(session).kind()).isEqualTo(Kind.BREAK_GLASS);
    assertThat(StateLayout.sessionSequence(StateLayout.parse(session).name())).isEqualTo(7);
    assertThat(StateLayout.parse("FORMAT").kind()).isEqualTo(Kind.FORMAT);
  }

  @Test
  void fanOutSpreadsPromotionsOverManyFolders() {
    Set<String> folders = new HashSet<>();
    for (int i = 0; i < 5000; i++) {
      folders.add(StateLayout.fanOut(PromotionId.of("p-" + i)));
    }
    assertThat(folders).hasSize(256);
  }

  @Test
  void pathsOutsideTheLayoutAreCorrupt() {
    for (String path : new String[] {"README.md", "FORMAT/x", "promotions/p-1.json",
        "promotions/zz/p-1.json", "promotions/ab/p-1.txt", "keys/shop/not-a-digest",
        "claims/shop", "claims/shop/prod/extra", "outbox/a b.json", "outbox/x.txt",
        "pipelines/.hidden.json", "freezes/shop/..json", "break-glass/shop/prod/first.json",
        "break-glass/shop/prod/000001-x.json/y"}) {
      assertThatThrownBy(() -> StateLayout.parse(path)).as(path)
          .isInstanceOfSatisfying(BatonException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STORE_CORRUPT);
            assertThat(e.getMessage()).contains("'" + path + "'");
          });
    }
  }

  @Test
  void notificationFileNamesAreSafeReadableAndDistinct() {
    assertThat(StateLayout.outboxName(NotificationId.of("n-1.a_b"))).isEqualTo("n-1.a_b");
    assertThat(StateLayout.outboxName(NotificationId.of("a/b"))).isEqualTo("a%2Fb");
    assertThat(StateLayout.outboxName(NotificationId.of("a%2Fb"))).isEqualTo("a%252Fb");
    assertThat(StateLayout.outboxName(NotificationId.of(".git"))).isEqualTo("%2Egit");
    assertThat(StateLayout.outboxName(NotificationId.of("é"))).isEqualTo("%C3%A9");
    String longA = StateLayout.outboxName(NotificationId.of("é".repeat(100)));
    String longB = StateLayout.outboxName(NotificationId.of("é".repeat(99) + "e"));
    assertThat(longA).hasSizeLessThan(130).contains("~").isNotEqualTo(longB);
    assertThat(longA.substring(0, longA.indexOf('~'))).matches("(%[0-9A-F]{2})+");
  }
}
