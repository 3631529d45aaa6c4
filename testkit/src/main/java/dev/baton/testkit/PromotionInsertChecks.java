package dev.baton.testkit;

import static dev.baton.testkit.SamplePromotions.OTHER_PROJECT;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.CasResult;
import dev.baton.model.InsertResult;
import dev.baton.model.Notification;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The part of {@link PromotionStoreContract} on insert, find, idempotency keys and
 * compare-and-set. Not API: extend {@link PromotionStoreContract}.
 */
abstract class PromotionInsertChecks extends PromotionStoreChecks {
  // ----------------------------------------------------------------------------- insert, find

  /**
   * An inserted promotion is found as it was stored.
   *
   * @since 0.1
   */
  @Test
  public void insertedPromotionIsFoundAsStored() {
    Promotion p = SamplePromotions.builder("p-1")
        .idempotencyKey(Optional.of("key-1"))
        .claim(Optional.of(SamplePromotions.claim("engine-a", T0)))
        .build();

    assertThat(store().insert(p, List.of())).isEqualTo(InsertResult.INSERTED);

    assertThat(store().find(p.id())).contains(p);
  }

  /**
   * Every field of a promotion survives a compare-and-set and comes back equal.
   *
   * @since 0.1
   */
  @Test
  public void everyFieldIsKeptWhole() {
    Promotion full = SamplePromotions.everyField("p-1");
    Promotion v1 = full.toBuilder().version(1).build();
    store().insert(v1, List.of());
    Promotion v2 = full.toBuilder().version(2).build();

    assertThat(store().compareAndSet(1, v2, List.of())).isEqualTo(CasResult.APPLIED);

    assertThat(store().find(v1.id())).contains(v2);
    assertThat(store().findByIdempotencyKey(PROJECT, "req-p-1")).contains(v2);
    assertThat(store().query(PromotionQuery.of(PROJECT)).items()).containsExactly(v2);
  }

  /**
   * An unknown id finds nothing.
   *
   * @since 0.1
   */
  @Test
  public void findOfUnknownIdIsEmpty() {
    store().insert(SamplePromotions.promotion("p-1"), List.of());

    assertThat(store().find(PromotionId.of("p-2"))).isEmpty();
  }

  /**
   * A second promotion with a stored id is refused and changes nothing.
   *
   * @since 0.1
   */
  @Test
  public void insertRefusesDuplicateId() {
    Promotion first = SamplePromotions.promotion("p-1");
    store().insert(first, List.of());
    Promotion again = SamplePromotions.builder("p-1").notes("other")
        .idempotencyKey(Optional.of("fresh-key")).build();
    Notification n = SamplePromotions.notification("n-1", again, T0);

    assertThat(store().insert(again, List.of(n))).isEqualTo(InsertResult.DUPLICATE_ID);

    assertThat(store().find(first.id())).contains(first);
    assertThat(store().findByIdempotencyKey(PROJECT, "fresh-key")).isEmpty();
    assertThat(outboxIds()).doesNotContain(n.id());
  }

  /**
   * A second promotion with a stored idempotency key in the same project is refused.
   *
   * @since 0.1
   */
  @Test
  public void insertRefusesDuplicateKeyInTheSameProject() {
    Promotion first = SamplePromotions.withKey("p-1", PROJECT, "key-1");
    store().insert(first, List.of());
    Promotion second = SamplePromotions.withKey("p-2", PROJECT, "key-1");
    Notification n = SamplePromotions.notification("n-2", second, T0);

    assertThat(store().insert(second, List.of(n))).isEqualTo(InsertResult.DUPLICATE_KEY);

    assertThat(store().find(second.id())).isEmpty();
    assertThat(store().findByIdempotencyKey(PROJECT, "key-1")).contains(first);
    assertThat(outboxIds()).doesNotContain(n.id());
  }

  /**
   * Idempotency keys are per project: the same key in another project is a new promotion.
   *
   * @since 0.1
   */
  @Test
  public void sameKeyInAnotherProjectIsAccepted() {
    Promotion mine = SamplePromotions.withKey("p-1", PROJECT, "key-1");
    Promotion theirs = SamplePromotions.withKey("p-2", OTHER_PROJECT, "key-1");

    assertThat(store().insert(mine, List.of())).isEqualTo(InsertResult.INSERTED);
    assertThat(store().insert(theirs, List.of())).isEqualTo(InsertResult.INSERTED);

    assertThat(store().findByIdempotencyKey(PROJECT, "key-1")).contains(mine);
    assertThat(store().findByIdempotencyKey(OTHER_PROJECT, "key-1")).contains(theirs);
  }

  /**
   * Promotions without a key never clash with each other.
   *
   * @since 0.1
   */
  @Test
  public void promotionsWithoutKeyNeverClash() {
    assertThat(store().insert(SamplePromotions.promotion("p-1"), List.of()))
        .isEqualTo(InsertResult.INSERTED);
    assertThat(store().insert(SamplePromotions.promotion("p-2"), List.of()))
        .isEqualTo(InsertResult.INSERTED);
  }

  /**
   * Lookup by key finds only that key in that project.
   *
   * @since 0.1
   */
  @Test
  public void findByIdempotencyKeyMatchesKeyAndProject() {
    Promotion p = SamplePromotions.withKey("p-1", PROJECT, "key-1");
    store().insert(p, List.of());
    store().insert(SamplePromotions.promotion("p-2"), List.of());

    assertThat(store().findByIdempotencyKey(PROJECT, "key-1")).contains(p);
    assertThat(store().findByIdempotencyKey(PROJECT, "key-2")).isEmpty();
    assertThat(store().findByIdempotencyKey(OTHER_PROJECT, "key-1")).isEmpty();
  }

  // ---------------------------------------------------------------------------- compare-and-set

  /**
   * A compare-and-set on the stored version replaces the promotion, version after version.
   *
   * @since 0.1
   */
  @Test
  public void compareAndSetAppliesOnTheStoredVersion() {
    Promotion v1 = SamplePromotions.promotion("p-1");
    store().insert(v1, List.of());
    Promotion v2 = SamplePromotions.next(v1, PromotionStatus.PENDING_RELEASE);
    Promotion v3 = SamplePromotions.next(v2, PromotionStatus.COMPLETED);

    assertThat(store().compareAndSet(1, v2, List.of())).isEqualTo(CasResult.APPLIED);
    assertThat(store().find(v1.id())).contains(v2);
    assertThat(store().compareAndSet(2, v3, List.of())).isEqualTo(CasResult.APPLIED);
    assertThat(store().find(v1.id())).contains(v3);
  }

  /**
   * A compare-and-set on any other version is refused and changes nothing.
   *
   * @since 0.1
   */
  @Test
  public void compareAndSetRefusesAnotherVersion() {
    Promotion v1 = SamplePromotions.promotion("p-1");
    store().insert(v1, List.of());
    Promotion v2 = SamplePromotions.next(v1, "winner");
    store().compareAndSet(1, v2, List.of());

    assertThat(store().compareAndSet(1, SamplePromotions.next(v1, "loser"), List.of()))
        .isEqualTo(CasResult.VERSION_MISMATCH);
    Promotion ahead = v2.toBuilder().version(7).build();
    assertThat(store().compareAndSet(6, ahead, List.of())).isEqualTo(CasResult.VERSION_MISMATCH);

    assertThat(store().find(v1.id())).contains(v2);
  }

  /**
   * A compare-and-set of an id never inserted is NOT_FOUND and stores nothing.
   *
   * @since 0.1
   */
  @Test
  public void compareAndSetOfUnknownIdIsNotFound() {
    Promotion ghost = SamplePromotions.next(SamplePromotions.promotion("p-9"), "ghost");
    Notification n = SamplePromotions.notification("n-1", ghost, T0);

    assertThat(store().compareAndSet(1, ghost, List.of(n))).isEqualTo(CasResult.NOT_FOUND);

    assertThat(store().find(ghost.id())).isEmpty();
    assertThat(outboxIds()).doesNotContain(n.id());
  }

  /**
   * Lookup by idempotency key answers the latest version.
   *
   * @since 0.1
   */
  @Test
  public void findByIdempotencyKeyAnswersTheLatestVersion() {
    Promotion v1 = SamplePromotions.withKey("p-1", PROJECT, "key-1");
    store().insert(v1, List.of());
    Promotion v2 = SamplePromotions.next(v1, PromotionStatus.REJECTED);
    store().compareAndSet(1, v2, List.of());

    assertThat(store().findByIdempotencyKey(PROJECT, "key-1")).contains(v2);
  }

}
