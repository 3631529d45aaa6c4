package dev.baton.testkit;

import static dev.baton.testkit.SamplePromotions.ALICE;
import static dev.baton.testkit.SamplePromotions.BOB;
import static dev.baton.testkit.SamplePromotions.OTHER_PROJECT;
import static dev.baton.testkit.SamplePromotions.PRODUCTION;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static dev.baton.testkit.SamplePromotions.STAGING;
import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentName;
import dev.baton.model.InsertResult;
import dev.baton.model.NotificationId;
import dev.baton.model.Page;
import dev.baton.model.PendingNotification;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import dev.baton.spi.PromotionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * What the parts of {@link PromotionStoreContract} share: the query fixture, the outbox's
 * look-ups and the small helpers of their assertions. Not API: extend
 * {@link PromotionStoreContract}.
 */
abstract class PromotionStoreChecks extends StoreContract<PromotionStore> {
  static final Instant FAR_FUTURE = T0.plus(Duration.ofDays(3650));

  // ----------------------------------------------------------------------------------- helpers

  /**
   * Six promotions for the query tests (hours after {@link SamplePromotions#T0}):
   * <pre>
   * id   project  target      requester  hour  status            claim
   * q-a  PROJECT  production  alice      1     PENDING_APPROVAL  -
   * q-b  PROJECT  staging     bob        2     COMPLETED         -
   * q-c  PROJECT  production  bob        3     REJECTED          -
   * q-d  PROJECT  production  alice      3     PENDING_RELEASE   yes
   * q-e  OTHER    production  alice      4     PENDING_APPROVAL  -
   * q-f  PROJECT  staging     alice      0     PENDING_APPROVAL  yes
   * </pre>
   */
  void storeQueryFixture() {
    insertAll(
        fixture("q-a", PROJECT, PRODUCTION, ALICE, 1, PromotionStatus.PENDING_APPROVAL, false),
        fixture("q-b", PROJECT, STAGING, BOB, 2, PromotionStatus.COMPLETED, false),
        fixture("q-c", PROJECT, PRODUCTION, BOB, 3, PromotionStatus.REJECTED, false),
        fixture("q-d", PROJECT, PRODUCTION, ALICE, 3, PromotionStatus.PENDING_RELEASE, true),
        fixture("q-e", OTHER_PROJECT, PRODUCTION, ALICE, 4, PromotionStatus.PENDING_APPROVAL,
            false),
        fixture("q-f", PROJECT, STAGING, ALICE, 0, PromotionStatus.PENDING_APPROVAL, true));
  }

  static Promotion fixture(String id, ProjectId project, EnvironmentName target,
      UserId requester, int hour, PromotionStatus status, boolean executing) {
    return SamplePromotions.builder(id)
        .project(project)
        .source(target.equals(STAGING) ? SamplePromotions.DEV : STAGING)
        .target(target)
        .requester(requester)
        .requestedAt(hours(hour))
        .status(status)
        .claim(executing ? Optional.of(SamplePromotions.claim("engine-a", hours(hour)))
            : Optional.empty())
        .build();
  }

  void insertAll(Promotion... promotions) {
    for (Promotion p : promotions) {
      assertThat(store().insert(p, List.of())).as("insert %s", p.id()).isEqualTo(
          InsertResult.INSERTED);
    }
  }

  static Instant hours(int hours) {
    return T0.plus(Duration.ofHours(hours));
  }

  static PromotionQuery all() {
    return new PromotionQuery(Optional.empty(), Optional.empty(), Set.of(), Optional.empty(),
        Optional.empty(), Optional.empty(), false, 0, 100);
  }

  static List<String> ids(Page<Promotion> page) {
    return page.items().stream().map(p -> p.id().value()).toList();
  }

  static List<String> values(List<PromotionId> ids) {
    return ids.stream().map(PromotionId::value).toList();
  }

  static void assertInvalidArgument(ThrowingCallable call, String what) {
    assertThatThrownBy(call).as(what).isInstanceOfSatisfying(BatonException.class,
        e -> assertThat(e.code()).as(what).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  static List<String> ids(List<PendingNotification> pending) {
    return pending.stream().map(p -> p.notification().id().value()).toList();
  }

  List<NotificationId> outboxIds() {
    return store().pendingNotifications(FAR_FUTURE, 1000).stream()
        .map(p -> p.notification().id())
        .toList();
  }
}
