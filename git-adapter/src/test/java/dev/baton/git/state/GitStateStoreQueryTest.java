package dev.baton.git.state;

import static dev.baton.git.state.Fixtures.PRODUCTION;
import static dev.baton.git.state.Fixtures.SHOP;
import static dev.baton.git.state.Fixtures.STAGING;
import static dev.baton.git.state.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.git.GitCli;
import dev.baton.model.ExecutionClaim;
import dev.baton.model.Page;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitStateStoreQueryTest {
  private static final ProjectId BLOG = ProjectId.of("blog");
  private static final long SEED = 20261122L;

  GitStateStore store;
  final List<Promotion> all = new ArrayList<>();

  @BeforeAll
  void setUp(@TempDir Path tmp) {
    store = GitStateStore.open(GitCli.initWithCommit(tmp.resolve("gitops")));
    Random random = new Random(SEED);
    PromotionStatus[] statuses = PromotionStatus.values();
    for (int i = 0; i < 60; i++) {
      // several promotions share a request time so that the id breaks ties
      var at = T0.plusSeconds(random.nextInt(20));
      Promotion p = Fixtures.promotion("p-" + i, i % 3 == 0 ? BLOG : SHOP, at).toBuilder()
          .target(i % 2 == 0 ? PRODUCTION : STAGING)
          .requester(UserId.of(i % 4 == 0 ? "bob" : "alice"))
          .status(statuses[random.nextInt(statuses.length)])
          .claim(i % 5 == 0
              ? Optional.of(ExecutionClaim.taken("engine", 1, at))
              : Optional.empty())
          .build();
      store.insert(p, List.of());
      all.add(p);
    }
  }

  @AfterAll
  void tearDown() {
    store.close();
  }

  private List<Promotion> expected(PromotionQuery q) {
    return all.stream().filter(q::matches).sorted(StateIndex.NEWEST_FIRST).toList();
  }

  private void assertPages(PromotionQuery q, int pageSize) {
    List<Promotion> want = expected(q);
    List<Promotion> got = new ArrayList<>();
    for (int offset = 0; ; offset += pageSize) {
      Page<Promotion> page = store.query(q.withPage(offset, pageSize));
      assertThat(page.total()).isEqualTo(want.size());
      assertThat(page.offset()).isEqualTo(offset);
      got.addAll(page.items());
      if (!page.hasMore()) {
        break;
      }
      assertThat(page.items()).hasSize(pageSize);
    }
    assertThat(got).containsExactlyElementsOf(want);
  }

  @Test
  void pagesAreNewestFirstWithTiesBrokenByIdDescending() {
    List<Promotion> shop = expected(PromotionQuery.of(SHOP));
    assertThat(shop).isSortedAccordingTo(Comparator.comparing(Promotion::requestedAt)
        .thenComparing(Promotion::id).reversed());
    assertThat(shop).hasSize(40);
    assertPages(PromotionQuery.of(SHOP), 7);
    assertPages(PromotionQuery.of(SHOP), 40);
    assertPages(PromotionQuery.of(BLOG), 1000);
  }

  @Test
  void everyFilterMatchesLikeTheQuerySays() {
    assertPages(PromotionQuery.of(SHOP).withTarget(PRODUCTION), 5);
    assertPages(PromotionQuery.of(SHOP).withStatuses(
        Set.of(PromotionStatus.PENDING_APPROVAL, PromotionStatus.REJECTED)), 6);
    assertPages(PromotionQuery.of(BLOG).withRequester(UserId.of("bob")), 3);
    assertPages(PromotionQuery.of(SHOP).withRequestedBetween(T0.plusSeconds(5),
        T0.plusSeconds(12)), 4);
    assertPages(PromotionQuery.of(SHOP).withRequestedBetween(null, T0.plusSeconds(3)), 4);
    assertPages(PromotionQuery.executing(), 4);
    assertThat(expected(PromotionQuery.executing())).hasSize(12);
  }

  @Test
  void anOffsetPastTheEndGivesAnEmptyPageWithTheTotal() {
    Page<Promotion> page = store.query(PromotionQuery.of(SHOP).withPage(500, 10));
    assertThat(page.items()).isEmpty();
    assertThat(page.total()).isEqualTo(40);
    assertThat(store.query(PromotionQuery.of(ProjectId.of("none"))).total()).isZero();
  }

  @Test
  void queriesFollowCompareAndSetChanges(@TempDir Path own) {
    try (GitStateStore small = GitStateStore.open(GitCli.initWithCommit(own.resolve("r")))) {
      Promotion a = Fixtures.promotion("a", SHOP, T0);
      Promotion b = Fixtures.promotion("b", SHOP, T0.plusSeconds(1));
      small.insert(a, List.of());
      small.insert(b, List.of());
      assertThat(small.query(PromotionQuery.of(SHOP)).items()).containsExactly(b, a);

      Promotion later = a.toBuilder().status(PromotionStatus.COMPLETED)
          .requestedAt(T0.plusSeconds(1000)).version(2).build();
      small.compareAndSet(1, later, List.of());
      assertThat(small.query(PromotionQuery.of(SHOP)).items()).containsExactly(later, b);
      assertThat(small.query(PromotionQuery.of(SHOP)
          .withStatuses(Set.of(PromotionStatus.COMPLETED))).items()).containsExactly(later);
      assertThat(small.query(PromotionQuery.of(SHOP)
          .withStatuses(Set.of(PromotionStatus.PENDING_APPROVAL))).items()).containsExactly(b);
    }
  }
  @Test
  void aDeepPageOrdersThePromotionsOnceAndLaterChangesKeepThatOrder(@TempDir Path own) {
    try (GitStateStore small = GitStateStore.open(GitCli.initWithCommit(own.resolve("r")))) {
      Promotion a = Fixtures.promotion("a", SHOP, T0);
      Promotion b = Fixtures.promotion("b", SHOP, T0.plusSeconds(1));
      Promotion c = Fixtures.promotion("c", BLOG, T0.plusSeconds(2));
      small.insert(a, List.of());
      small.insert(b, List.of());
      // A page ending past the first 1,024 matches is answered from the ordered promotions.
      Page<Promotion> deep = small.query(PromotionQuery.of(SHOP).withPage(1000, 1000));
      assertThat(deep.items()).isEmpty();
      assertThat(deep.total()).isEqualTo(2);

      Promotion later = a.toBuilder().status(PromotionStatus.COMPLETED)
          .requestedAt(T0.plusSeconds(1000)).version(2).build();
      small.compareAndSet(1, later, List.of());
      small.insert(c, List.of());
      assertThat(small.query(PromotionQuery.of(SHOP)).items()).containsExactly(later, b);
      assertThat(small.query(PromotionQuery.of(SHOP).withPage(1, 1000)).items())
          .containsExactly(b);
      assertThat(small.query(PromotionQuery.of(BLOG)).items()).containsExactly(c);
      assertThat(small.query(PromotionQuery.of(SHOP)
          .withStatuses(Set.of(PromotionStatus.PENDING_APPROVAL))).items()).containsExactly(b);
    }
  }

  @Test
  void manyFirstPagesOrderThePromotionsOnceAndAnswerAsBefore(@TempDir Path own) {
    try (GitStateStore small = GitStateStore.open(GitCli.initWithCommit(own.resolve("r")))) {
      List<PromotionId> shopNewestFirst = new ArrayList<>();
      // the first pages are passes over the unordered promotions, the later ones read the
      // order built after them; both answer the same, also across changes in between
      for (int i = 0; i < 10; i++) {
        ProjectId project = i % 3 == 2 ? BLOG : SHOP;
        Promotion next = Fixtures.promotion("n" + i, project, T0.plusSeconds(i));
        small.insert(next, List.of());
        if (project.equals(SHOP)) {
          shopNewestFirst.add(0, next.id());
        }
        Page<Promotion> page = small.query(PromotionQuery.of(SHOP).withPage(0, 2));
        assertThat(page.items()).as("query %d", i).extracting(Promotion::id)
            .containsExactlyElementsOf(shopNewestFirst.subList(0,
                Math.min(2, shopNewestFirst.size())));
        assertThat(page.total()).as("query %d", i).isEqualTo(shopNewestFirst.size());
      }
    }
  }
}
