package dev.baton.testkit;

import static dev.baton.testkit.SamplePromotions.ALICE;
import static dev.baton.testkit.SamplePromotions.BOB;
import static dev.baton.testkit.SamplePromotions.OTHER_PROJECT;
import static dev.baton.testkit.SamplePromotions.PRODUCTION;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static dev.baton.testkit.SamplePromotions.STAGING;
import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.CasResult;
import dev.baton.model.Page;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The part of {@link PromotionStoreContract} on history queries (every filter alone and
 * combined, paging, newest-first order, ties) and ids by prefix. Not API: extend
 * {@link PromotionStoreContract}.
 */
abstract class PromotionQueryChecks extends PromotionOutboxChecks {
  // ------------------------------------------------------------------------------------- query

  /**
   * A project's promotions come newest first, ties broken by id descending, with the total.
   *
   * @since 0.1
   */
  @Test
  public void queryAnswersNewestFirstWithTotal() {
    storeQueryFixture();

    Page<Promotion> page = store().query(PromotionQuery.of(PROJECT));

    assertThat(ids(page)).containsExactly("q-d", "q-c", "q-b", "q-a", "q-f");
    assertThat(page.total()).isEqualTo(5);
    assertThat(page.offset()).isZero();
    assertThat(page.hasMore()).isFalse();
  }

  /**
   * Without a project filter every project's promotions match.
   *
   * @since 0.1
   */
  @Test
  public void queryWithoutProjectSpansProjects() {
    storeQueryFixture();

    Page<Promotion> page = store().query(all());

    assertThat(ids(page)).containsExactly("q-e", "q-d", "q-c", "q-b", "q-a", "q-f");
    assertThat(page.total()).isEqualTo(6);
  }

  /**
   * The target filter alone.
   *
   * @since 0.1
   */
  @Test
  public void queryFiltersByTarget() {
    storeQueryFixture();

    assertThat(ids(store().query(all().withTarget(STAGING)))).containsExactly("q-b", "q-f");
  }

  /**
   * The status filter alone, with several statuses.
   *
   * @since 0.1
   */
  @Test
  public void queryFiltersByStatuses() {
    storeQueryFixture();

    Page<Promotion> page = store().query(all().withStatuses(
        Set.of(PromotionStatus.PENDING_APPROVAL, PromotionStatus.REJECTED)));

    assertThat(ids(page)).containsExactly("q-e", "q-c", "q-a", "q-f");
    assertThat(page.total()).isEqualTo(4);
  }

  /**
   * The requester filter alone.
   *
   * @since 0.1
   */
  @Test
  public void queryFiltersByRequester() {
    storeQueryFixture();

    assertThat(ids(store().query(all().withRequester(BOB)))).containsExactly("q-c", "q-b");
  }

  /**
   * The request-time window includes its start and excludes its end.
   *
   * @since 0.1
   */
  @Test
  public void queryFiltersByRequestTimeWindow() {
    storeQueryFixture();

    assertThat(ids(store().query(all().withRequestedBetween(hours(2), null))))
        .containsExactly("q-e", "q-d", "q-c", "q-b");
    assertThat(ids(store().query(all().withRequestedBetween(null, hours(2)))))
        .containsExactly("q-a", "q-f");
    assertThat(ids(store().query(all().withRequestedBetween(hours(1), hours(3)))))
        .containsExactly("q-b", "q-a");
  }

  /**
   * The executing-only filter keeps promotions that hold an execution claim.
   *
   * @since 0.1
   */
  @Test
  public void queryFiltersExecutingOnly() {
    storeQueryFixture();

    assertThat(ids(store().query(PromotionQuery.executing()))).containsExactly("q-d", "q-f");
  }

  /**
   * Filters combine with "and".
   *
   * @since 0.1
   */
  @Test
  public void queryCombinesFilters() {
    storeQueryFixture();

    PromotionQuery query = PromotionQuery.of(PROJECT)
        .withTarget(PRODUCTION)
        .withRequester(ALICE)
        .withStatuses(Set.of(PromotionStatus.PENDING_APPROVAL, PromotionStatus.PENDING_RELEASE))
        .withRequestedBetween(T0, hours(4));

    Page<Promotion> page = store().query(query);
    assertThat(ids(page)).containsExactly("q-d", "q-a");
    assertThat(page.total()).isEqualTo(2);

    PromotionQuery executing = new PromotionQuery(Optional.of(PROJECT), Optional.of(STAGING),
        Set.of(), Optional.of(ALICE), Optional.empty(), Optional.empty(), true, 0, 10);
    assertThat(ids(store().query(executing))).containsExactly("q-f");
  }

  /**
   * Pages cut the same order; every page reports the total.
   *
   * @since 0.1
   */
  @Test
  public void queryPagesThroughTheSameOrder() {
    storeQueryFixture();
    List<String> seen = new ArrayList<>();

    for (int offset = 0; offset < 6; offset += 2) {
      Page<Promotion> page = store().query(all().withPage(offset, 2));
      assertThat(page.offset()).isEqualTo(offset);
      assertThat(page.total()).isEqualTo(6);
      assertThat(page.items()).hasSize(2);
      assertThat(page.hasMore()).isEqualTo(offset < 4);
      seen.addAll(ids(page));
    }

    assertThat(seen).containsExactly("q-e", "q-d", "q-c", "q-b", "q-a", "q-f");
    Page<Promotion> beyond = store().query(all().withPage(10, 5));
    assertThat(beyond.items()).isEmpty();
    assertThat(beyond.total()).isEqualTo(6);
  }

  /**
   * Ties of request time are broken by id, descending.
   *
   * @since 0.1
   */
  @Test
  public void queryBreaksTiesByIdDescending() {
    for (String id : List.of("t-b", "t-d", "t-a", "t-c")) {
      store().insert(SamplePromotions.promotion(id), List.of());
    }

    assertThat(ids(store().query(PromotionQuery.of(PROJECT))))
        .containsExactly("t-d", "t-c", "t-b", "t-a");
  }

  /**
   * A query sees the latest version of each promotion.
   *
   * @since 0.1
   */
  @Test
  public void queryMatchesTheLatestVersion() {
    Promotion v1 = SamplePromotions.promotion("p-1");
    store().insert(v1, List.of());
    store().compareAndSet(1, SamplePromotions.next(v1, PromotionStatus.REJECTED), List.of());

    PromotionQuery pending = PromotionQuery.of(PROJECT)
        .withStatuses(Set.of(PromotionStatus.PENDING_APPROVAL));
    PromotionQuery rejected = PromotionQuery.of(PROJECT)
        .withStatuses(Set.of(PromotionStatus.REJECTED));
    assertThat(store().query(pending).items()).isEmpty();
    assertThat(store().query(rejected).items()).extracting(Promotion::version).containsExactly(2L);
  }

  // ------------------------------------------------------------------------- ids by prefix

  /**
   * An id prefix finds no promotion, exactly one, or several (an ambiguous prefix, told apart
   * by asking for two), in every project.
   *
   * @since 0.1
   */
  @Test
  public void findIdsByPrefixTellsNoneOneAndSeveralApart() {
    insertAll(SamplePromotions.promotion("p-3f2a"), SamplePromotions.promotion("p-3f2b"),
        SamplePromotions.promotion("p-77", OTHER_PROJECT, T0),
        SamplePromotions.promotion("r-3f2a"));

    assertThat(store().findIdsByPrefix("p-9", 2)).isEmpty();
    assertThat(store().findIdsByPrefix("3f2a", 2)).isEmpty();
    assertThat(store().findIdsByPrefix("p-7", 2)).containsExactly(PromotionId.of("p-77"));
    assertThat(store().findIdsByPrefix("p-3f2a", 2)).containsExactly(PromotionId.of("p-3f2a"));
    assertThat(store().findIdsByPrefix("p-3f", 2))
        .containsExactly(PromotionId.of("p-3f2a"), PromotionId.of("p-3f2b"));
    assertThat(store().findIdsByPrefix("p", 2))
        .containsExactly(PromotionId.of("p-3f2a"), PromotionId.of("p-3f2b"));
  }

  /**
   * The answer holds the first ids in id order, at most the limit, whatever the order of
   * request, request times and projects.
   *
   * @since 0.1
   */
  @Test
  public void findIdsByPrefixAnswersTheFirstIdsInIdOrderUpToTheLimit() {
    List<String> ids = List.of("x-b", "x-10", "x-a", "x-1", "x-9", "x-2", "y-1", "x", "w-1");
    for (int i = 0; i < ids.size(); i++) {
      // the later an id comes in the list, the older its request: neither order is id order
      store().insert(SamplePromotions.promotion(ids.get(i), i % 2 == 0 ? PROJECT : OTHER_PROJECT,
          T0.minus(Duration.ofHours(i))), List.of());
    }

    assertThat(values(store().findIdsByPrefix("x", 1))).containsExactly("x");
    assertThat(values(store().findIdsByPrefix("x", 3))).containsExactly("x", "x-1", "x-10");
    assertThat(values(store().findIdsByPrefix("x-", 1000)))
        .containsExactly("x-1", "x-10", "x-2", "x-9", "x-a", "x-b");
    assertThat(values(store().findIdsByPrefix("x-1", 1000))).containsExactly("x-1", "x-10");
  }

  /**
   * A prefix that is a whole id finds that id, and also every longer id that starts with it.
   *
   * @since 0.1
   */
  @Test
  public void findIdsByPrefixOfAWholeIdFindsItFirst() {
    insertAll(SamplePromotions.promotion("p-12"), SamplePromotions.promotion("p-1"),
        SamplePromotions.promotion("p-2"));

    assertThat(values(store().findIdsByPrefix("p-2", 2))).containsExactly("p-2");
    assertThat(values(store().findIdsByPrefix("p-1", 1))).containsExactly("p-1");
    assertThat(values(store().findIdsByPrefix("p-1", 2))).containsExactly("p-1", "p-12");
  }

  /**
   * A prefix matches the text of ids exactly: case-sensitive, and {@code '.'}, {@code '_'} and
   * {@code '-'} are themselves (no pattern character of a regular expression or SQL LIKE).
   *
   * @since 0.1
   */
  @Test
  public void findIdsByPrefixMatchesTextExactly() {
    insertAll(SamplePromotions.promotion("a_1"), SamplePromotions.promotion("ab1"),
        SamplePromotions.promotion("a.1"), SamplePromotions.promotion("aX1"),
        SamplePromotions.promotion("A-1"));

    assertThat(values(store().findIdsByPrefix("a_", 10))).containsExactly("a_1");
    assertThat(values(store().findIdsByPrefix("a.", 10))).containsExactly("a.1");
    assertThat(values(store().findIdsByPrefix("ax", 10))).isEmpty();
    assertThat(values(store().findIdsByPrefix("A", 10))).containsExactly("A-1");
    assertThat(values(store().findIdsByPrefix("a", 10)))
        .containsExactly("a.1", "aX1", "a_1", "ab1");
  }

  /**
   * A promotion is found by its id prefix whatever its status, after compare-and-sets as
   * before, and a new one as soon as it is stored.
   *
   * @since 0.1
   */
  @Test
  public void findIdsByPrefixSeesEveryStoredPromotion() {
    Promotion v1 = SamplePromotions.promotion("p-1");
    insertAll(v1);
    assertThat(store().compareAndSet(1, SamplePromotions.next(v1, PromotionStatus.REJECTED),
        List.of())).isEqualTo(CasResult.APPLIED);

    assertThat(values(store().findIdsByPrefix("p", 2))).containsExactly("p-1");
    insertAll(SamplePromotions.promotion("p-0"));
    assertThat(values(store().findIdsByPrefix("p", 2))).containsExactly("p-0", "p-1");
  }

  /**
   * Among many promotions a prefix still answers its first matches only, exactly.
   *
   * @since 0.1
   */
  @Test
  public void findIdsByPrefixAmongManyPromotions() {
    List<String> stored = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      String id = String.format("%s-%03d", i % 3 == 0 ? "m" : "n", (i * 37) % 120);
      stored.add(id);
      store().insert(SamplePromotions.promotion(id, PROJECT, T0.plus(Duration.ofMinutes(i))),
          List.of());
    }
    List<String> sortedM = stored.stream().filter(id -> id.startsWith("m-")).sorted().toList();

    assertThat(values(store().findIdsByPrefix("m", 2))).containsExactlyElementsOf(
        sortedM.subList(0, 2));
    assertThat(values(store().findIdsByPrefix("m-", 1000))).containsExactlyElementsOf(sortedM);
    assertThat(values(store().findIdsByPrefix(sortedM.get(5), 2)))
        .containsExactly(sortedM.get(5));
    assertThat(values(store().findIdsByPrefix("n-1", 1000))).hasSize(
        (int) stored.stream().filter(id -> id.startsWith("n-1")).count());
  }

  /**
   * A prefix no id can start with, a null one and a limit out of 1 to 1000 are refused with
   * INVALID_ARGUMENT, not answered empty.
   *
   * @since 0.1
   */
  @Test
  public void findIdsByPrefixRefusesInvalidInput() {
    insertAll(SamplePromotions.promotion("p-1"));

    for (String prefix : Arrays.asList(null, "", " p", "-p", ".p", "p..", "p/1",
        "p%", "p 1", "p*", "\u00e9", "p".repeat(64))) {
      assertInvalidArgument(() -> store().findIdsByPrefix(prefix, 2), "prefix " + prefix);
    }
    assertInvalidArgument(() -> store().findIdsByPrefix("p", 0), "limit 0");
    assertInvalidArgument(() -> store().findIdsByPrefix("p", -1), "limit -1");
    assertInvalidArgument(() -> store().findIdsByPrefix("p", 1001), "limit 1001");
    assertThat(values(store().findIdsByPrefix("p".repeat(63), 1000))).isEmpty();
  }

}
