package dev.baton.testkit;

import static dev.baton.testkit.SamplePromotions.OTHER_PROJECT;
import static dev.baton.testkit.SamplePromotions.PRODUCTION;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static dev.baton.testkit.SamplePromotions.STAGING;
import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.CasResult;
import dev.baton.model.InsertResult;
import dev.baton.model.Notification;
import dev.baton.model.NotificationId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.spi.PromotionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link PromotionStore}, as JUnit 5 tests. An adapter author extends this class
 * and returns a fresh, empty store from {@link #newStore()}; every test then runs against it.
 *
 * <pre>{@code
 * class JdbcPromotionStoreTest extends PromotionStoreContract {
 *   protected PromotionStore newStore() { return JdbcPromotionStore.create(freshDatabase()); }
 * }
 * }</pre>
 *
 * <p>What is checked: insert and find, refusal of duplicate ids and of duplicate idempotency keys
 * within a project, compare-and-set outcomes, notifications stored in the same atomic step as the
 * change that caused them (and never when the change lost), the outbox's due times, order and
 * bookkeeping, takes of due notifications one at a time and in batches (racing deliverers
 * included) and deliveries given back, every query filter alone and combined, paging and
 * newest-first order, ids by prefix (none, one, several, the limit, a whole id, invalid input),
 * the last release into a target (statuses, ties, the window, random histories against a page of
 * {@code query}), the target claim, and races of 16 threads on one version and on one claim.
 *
 * <p>Test methods are public so that other suites may call them one by one; a test instance is
 * used by one thread at a time, as JUnit does. The checks of each part of the port live in a
 * package-private superclass of their own (insert and compare-and-set, the outbox, queries and
 * ids by prefix, the last release), inherited here; the target claim and the races are here.
 *
 * @since 0.1
 */
public abstract class PromotionStoreContract extends LastReleaseChecks {
  private static final int RACERS = 16;
  private static final int CAS_ROUNDS = 50;
  private static final int CLAIM_ROUNDS = 20;

  // ------------------------------------------------------------------------------ target claim

  /**
   * A target starts unclaimed.
   *
   * @since 0.1
   */
  @Test
  public void targetStartsUnclaimed() {
    assertThat(store().targetClaim(PROJECT, PRODUCTION)).isEmpty();
  }

  /**
   * An unclaimed target is claimed when the caller expects it unclaimed; others stay free.
   *
   * @since 0.1
   */
  @Test
  public void targetClaimIsSetWhenUnclaimedAsExpected() {
    PromotionId p1 = PromotionId.of("p-1");

    assertThat(store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.empty(),
        Optional.of(p1))).isTrue();

    assertThat(store().targetClaim(PROJECT, PRODUCTION)).contains(p1);
    assertThat(store().targetClaim(PROJECT, STAGING)).isEmpty();
    assertThat(store().targetClaim(OTHER_PROJECT, PRODUCTION)).isEmpty();
  }

  /**
   * A claim is refused when the caller expects the wrong holder.
   *
   * @since 0.1
   */
  @Test
  public void targetClaimRefusesAWrongExpectation() {
    PromotionId p1 = PromotionId.of("p-1");
    PromotionId p2 = PromotionId.of("p-2");
    store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.empty(), Optional.of(p1));

    assertThat(store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.empty(),
        Optional.of(p2))).isFalse();
    assertThat(store().compareAndSetTargetClaim(PROJECT, PRODUCTION,
        Optional.of(PromotionId.of("p-3")), Optional.of(p2))).isFalse();
    assertThat(store().compareAndSetTargetClaim(PROJECT, STAGING, Optional.of(p1),
        Optional.of(p2))).isFalse();

    assertThat(store().targetClaim(PROJECT, PRODUCTION)).contains(p1);
    assertThat(store().targetClaim(PROJECT, STAGING)).isEmpty();
  }

  /**
   * The holder releases a claim, after which another promotion may take it.
   *
   * @since 0.1
   */
  @Test
  public void targetClaimIsReleasedAndRetaken() {
    PromotionId p1 = PromotionId.of("p-1");
    PromotionId p2 = PromotionId.of("p-2");
    store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.empty(), Optional.of(p1));

    assertThat(store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.of(p1),
        Optional.empty())).isTrue();
    assertThat(store().targetClaim(PROJECT, PRODUCTION)).isEmpty();

    assertThat(store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.empty(),
        Optional.of(p2))).isTrue();
    assertThat(store().targetClaim(PROJECT, PRODUCTION)).contains(p2);
  }

  /**
   * A claim moves straight from one holder to another when the expectation holds.
   *
   * @since 0.1
   */
  @Test
  public void targetClaimIsHandedOver() {
    PromotionId p1 = PromotionId.of("p-1");
    PromotionId p2 = PromotionId.of("p-2");
    store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.empty(), Optional.of(p1));

    assertThat(store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.of(p1),
        Optional.of(p2))).isTrue();

    assertThat(store().targetClaim(PROJECT, PRODUCTION)).contains(p2);
  }

  /**
   * The same target name in two projects holds two independent claims.
   *
   * @since 0.1
   */
  @Test
  public void targetClaimsArePerProject() {
    PromotionId mine = PromotionId.of("p-1");
    PromotionId theirs = PromotionId.of("p-2");

    assertThat(store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.empty(),
        Optional.of(mine))).isTrue();
    assertThat(store().compareAndSetTargetClaim(OTHER_PROJECT, PRODUCTION, Optional.empty(),
        Optional.of(theirs))).isTrue();

    assertThat(store().targetClaim(PROJECT, PRODUCTION)).contains(mine);
    assertThat(store().targetClaim(OTHER_PROJECT, PRODUCTION)).contains(theirs);
  }

  // ------------------------------------------------------------------------------------- races

  /**
   * 16 threads compare-and-set the same version at once, round after round: exactly one wins
   * each round, the stored value is the winner's, and only the winner's notification is stored.
   *
   * @since 0.1
   */
  @Test
  public void exactlyOneCompareAndSetWinsEachRound() {
    Promotion current = SamplePromotions.promotion("race-1");
    store().insert(current, List.of());

    for (int round = 0; round < CAS_ROUNDS; round++) {
      Promotion base = current;
      int r = round;
      List<CasResult> results = Races.race(RACERS, i -> {
        Promotion next = SamplePromotions.next(base, "round " + r + " thread " + i);
        Notification n = SamplePromotions.notification("n-" + r + "-" + i, base, T0);
        return () -> store().compareAndSet(base.version(), next, List.of(n));
      });

      List<Integer> winners = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i) == CasResult.APPLIED) {
          winners.add(i);
        } else {
          assertThat(results.get(i)).as("round %d thread %d", r, i)
              .isEqualTo(CasResult.VERSION_MISMATCH);
        }
      }
      assertThat(winners).as("winners of round %d", r).hasSize(1);
      int winner = winners.get(0);
      current = store().find(base.id()).orElseThrow();
      assertThat(current.version()).isEqualTo(base.version() + 1);
      assertThat(current.notes()).isEqualTo("round " + r + " thread " + winner);
      assertThat(ids(store().pendingNotifications(FAR_FUTURE, 1000)))
          .containsExactly("n-" + r + "-" + winner);
      store().markDelivered(NotificationId.of("n-" + r + "-" + winner));
    }
  }

  /**
   * 16 promotions race for the same unclaimed target, round after round: exactly one wins.
   *
   * @since 0.1
   */
  @Test
  public void exactlyOneTargetClaimWinsEachRound() {
    for (int round = 0; round < CLAIM_ROUNDS; round++) {
      int r = round;
      List<Boolean> results = Races.race(RACERS, i -> () -> store().compareAndSetTargetClaim(
          PROJECT, PRODUCTION, Optional.empty(), Optional.of(PromotionId.of("c-" + r + "-" + i))));

      List<Integer> winners = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i)) {
          winners.add(i);
        }
      }
      assertThat(winners).as("winners of round %d", r).hasSize(1);
      PromotionId holder = PromotionId.of("c-" + r + "-" + winners.get(0));
      assertThat(store().targetClaim(PROJECT, PRODUCTION)).contains(holder);
      assertThat(store().compareAndSetTargetClaim(PROJECT, PRODUCTION, Optional.of(holder),
          Optional.empty())).isTrue();
    }
  }

  /**
   * 16 threads insert promotions with one idempotency key at once: exactly one is stored.
   *
   * @since 0.1
   */
  @Test
  public void exactlyOneInsertWinsAnIdempotencyKey() {
    List<InsertResult> results = Races.race(RACERS, i -> {
      Promotion p = SamplePromotions.withKey("k-" + i, PROJECT, "same-key");
      return () -> store().insert(p, List.of(SamplePromotions.notification("n-" + i, p, T0)));
    });

    assertThat(results).filteredOn(r -> r == InsertResult.INSERTED).hasSize(1);
    assertThat(results).filteredOn(r -> r == InsertResult.DUPLICATE_KEY).hasSize(RACERS - 1);
    int winner = results.indexOf(InsertResult.INSERTED);
    assertThat(store().findByIdempotencyKey(PROJECT, "same-key").map(p -> p.id().value()))
        .contains("k-" + winner);
    assertThat(ids(store().pendingNotifications(FAR_FUTURE, 1000)))
        .containsExactly("n-" + winner);
  }
}
