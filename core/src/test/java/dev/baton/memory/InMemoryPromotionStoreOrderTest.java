package dev.baton.memory;

import static dev.baton.testkit.SamplePromotions.OTHER_PROJECT;
import static dev.baton.testkit.SamplePromotions.PRODUCTION;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static dev.baton.testkit.SamplePromotions.STAGING;
import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.CasResult;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ExecutionClaim;
import dev.baton.model.InsertResult;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.ReleaseId;
import dev.baton.model.Revision;
import dev.baton.spi.PromotionStore;
import dev.baton.testkit.SamplePromotions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store's pages and id look-ups over histories longer than the parts its index
 * and its id set keep apart (the newest promotions of each order, the newest ids), against a
 * plain sort of everything stored: mostly new promotions requested last, some requested earlier
 * than the newest, status moves, moves in request time and target, new releases, all in random
 * order. The last release into each target is checked against the rule applied to the sorted
 * window.
 */
class InMemoryPromotionStoreOrderTest {
  private static final Comparator<Promotion> NEWEST_FIRST = Comparator
      .comparing(Promotion::requestedAt).thenComparing(Promotion::id).reversed();
  private static final List<PromotionStatus> STATUSES = List.of(PromotionStatus.values());

  private static final Set<PromotionStatus> RELEASED =
      EnumSet.of(PromotionStatus.COMPLETED, PromotionStatus.PENDING_RELEASE);

  @Test
  void pagesAndIdsAgreeWithASortOfEverythingStored() {
    for (long seed = 1; seed <= 4; seed++) {
      check(new Random(seed), 3_000);
    }
  }

  private static void check(Random random, int steps) {
    InMemoryPromotionStore store = new InMemoryPromotionStore();
    Map<PromotionId, Promotion> stored = new HashMap<>();
    List<PromotionId> ids = new ArrayList<>();
    Instant newest = T0;
    for (int step = 0; step < steps; step++) {
      int what = random.nextInt(10);
      if (what < 6 || ids.isEmpty()) {
        // mostly the newest; some earlier than the newest, some at the same instant
        Instant at = random.nextInt(5) == 0
            ? newest.minusSeconds(random.nextInt(2_000)) : newest.plusNanos(random.nextInt(3));
        newest = at.isAfter(newest) ? at : newest;
        String id = "p-" + Integer.toHexString(random.nextInt(1 << 20)) + "-" + step;
        Promotion p = SamplePromotions.builder(id)
            .project(random.nextInt(4) == 0 ? OTHER_PROJECT : PROJECT)
            .target(random.nextBoolean() ? PRODUCTION : STAGING)
            .status(STATUSES.get(random.nextInt(STATUSES.size())))
            .requestedAt(at)
            .release(release(random, step))
            .claim(claim(random, step))
            .build();
        assertThat(store.insert(p, List.of())).isEqualTo(InsertResult.INSERTED);
        stored.put(p.id(), p);
        ids.add(p.id());
      } else {
        Promotion current = stored.get(ids.get(random.nextInt(ids.size())));
        Promotion.Builder next = current.toBuilder().version(current.version() + 1)
            .status(STATUSES.get(random.nextInt(STATUSES.size())));
        if (random.nextInt(8) == 0) {
          next.requestedAt(current.requestedAt().plusSeconds(random.nextInt(100) - 50));
        }
        if (random.nextInt(4) == 0) {
          next.release(release(random, step));
        }
        if (random.nextInt(8) == 0) {
          next.target(current.target().equals(PRODUCTION) ? STAGING : PRODUCTION);
        }
        if (random.nextInt(3) == 0) {
          next.claim(claim(random, step));
        }
        Promotion p = next.build();
        assertThat(store.compareAndSet(current.version(), p, List.of()))
            .isEqualTo(CasResult.APPLIED);
        stored.put(p.id(), p);
      }
      if (step % 97 == 0 || step == steps - 1) {
        agree(store, stored, random, step == steps - 1);
      }
    }
  }

  /** An execution claim for one promotion in five (the executing-only pages' matches). */
  private static Optional<ExecutionClaim> claim(Random random, int step) {
    return random.nextInt(5) == 0
        ? Optional.of(ExecutionClaim.taken("i/x-" + step, step, T0)) : Optional.empty();
  }

  /** Mostly a release, created at one of a few instants so that some are equally late. */
  private static Optional<Release> release(Random random, int step) {
    if (random.nextInt(4) == 0) {
      return Optional.empty();
    }
    return Optional.of(Release.created(ReleaseId.of("r-" + step + "-" + random.nextInt(1_000)),
        Revision.of("rev-" + step), T0.plusSeconds(random.nextInt(40))));
  }

  private static void agree(InMemoryPromotionStore store, Map<PromotionId, Promotion> stored,
      Random random, boolean last) {
    List<Promotion> all = new ArrayList<>(stored.values());
    all.sort(NEWEST_FIRST);
    for (Optional<ProjectId> project : List.of(Optional.<ProjectId>empty(),
        Optional.of(PROJECT), Optional.of(OTHER_PROJECT))) {
      for (Optional<EnvironmentName> target : List.of(Optional.<EnvironmentName>empty(),
          Optional.of(PRODUCTION), Optional.of(STAGING))) {
        if (project.isEmpty() && target.isPresent()) {
          continue;
        }
        Set<PromotionStatus> statuses = EnumSet.noneOf(PromotionStatus.class);
        for (PromotionStatus s : STATUSES) {
          if (random.nextInt(3) == 0) {
            statuses.add(s);
          }
        }
        int offset = random.nextInt(3) == 0 ? random.nextInt(200) : 0;
        int limit = 1 + random.nextInt(random.nextBoolean() ? 60 : 400);
        // executing-only pages are sorted apart from the orders: ties at one instant included
        boolean executing = random.nextInt(4) == 0;
        PromotionQuery query = new PromotionQuery(project, target, statuses, Optional.empty(),
            Optional.empty(), Optional.empty(), executing, offset, limit);
        List<Promotion> matching = all.stream().filter(query::matches).toList();
        var page = store.query(query);
        assertThat(page.items()).as("page of %s", query)
            .containsExactlyElementsOf(matching.subList(Math.min(offset, matching.size()),
                Math.min(offset + limit, matching.size())));
        assertThat(page.total()).isEqualTo(matching.size());
        if (project.isPresent() && target.isPresent()) {
          List<Promotion> window = all.stream().filter(p -> p.project().equals(project.get())
                  && p.target().equals(target.get()) && RELEASED.contains(p.status()))
              .limit(PromotionStore.LAST_RELEASE_WINDOW).toList();
          assertThat(store.lastRelease(project.get(), target.get()))
              .as("last release into %s of %s", target.get(), project.get())
              .isEqualTo(PromotionStore.lastReleaseOf(window));
        }
      }
    }
    if (!last && random.nextInt(8) != 0) {
      return; // the ids asked for rarely, so that the newest ones pile up between the asks
    }
    TreeSet<PromotionId> sorted = new TreeSet<>(stored.keySet());
    String prefix = "p-" + Integer.toHexString(random.nextInt(16));
    List<PromotionId> expected = sorted.tailSet(PromotionId.of(prefix), true).stream()
        .filter(id -> id.value().startsWith(prefix)).limit(50).toList();
    assertThat(store.findIdsByPrefix(prefix, 50)).containsExactlyElementsOf(expected);
  }
}
