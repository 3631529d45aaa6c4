package dev.baton.git.state;

import static dev.baton.git.state.RandomPromotions.PROJECTS;
import static dev.baton.git.state.RandomPromotions.STATUSES;
import static dev.baton.git.state.RandomPromotions.T0;
import static dev.baton.git.state.RandomPromotions.TARGETS;
import static dev.baton.git.state.RandomPromotions.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.git.GitCli;
import dev.baton.git.internal.CommitWriter;
import dev.baton.git.internal.GitRepositories;
import dev.baton.git.internal.RefSwap;
import dev.baton.git.internal.TreeEdits;
import dev.baton.git.state.internal.StateLayout;
import dev.baton.git.state.internal.StateRefSeeder;
import dev.baton.model.CasResult;
import dev.baton.model.EnvironmentName;
import dev.baton.model.InsertResult;
import dev.baton.model.Page;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.testkit.SamplePromotions;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executing-only query (what every execution start asks, to keep two executions into one
 * target apart) answers what filtering every stored promotion answers, on seeded random stores
 * whose claims are set and cleared, and whose promotions are added and removed, before and after
 * the derived index file: in stores that read the file on demand, and in stores that ordered
 * every promotion. And it answers without looking at the promotions that hold no claim.
 */
class GitStateStoreExecutingQueryTest {
  private static final String REF = GitStateStore.DEFAULT_REF;
  private static final PersonIdent WHO = new PersonIdent("seed", "seed@example.com");
  // The order the SPI asks for, written out here: request time, then id, both descending.
  private static final Comparator<Promotion> NEWEST_FIRST = Comparator
      .comparing(Promotion::requestedAt, Comparator.reverseOrder())
      .thenComparing(p -> p.id().value(), Comparator.reverseOrder());

  @TempDir Path tmp;
  private int repositories;
  private int inserted;

  @Test
  void executingQueriesAnswerWhatFilteringEveryPromotionAnswers() {
    Property.forAll(Gen.choose(0, Integer.MAX_VALUE)).runs(4).shrinkBudget(0)
        .verify(this::agree);
  }

  @Test
  void anExecutingQueryLooksOnlyAtThePromotionsThatHoldAClaim() throws IOException {
    Path repo = GitCli.initWithCommit(tmp.resolve("large"));
    int size = 1200;
    List<Promotion> seeded = new ArrayList<>();
    List<PromotionId> claimed = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Promotion.Builder b = SamplePromotions.builder("p-" + i)
          .project(PROJECTS.get(0))
          .target(TARGETS.get(i % 2))
          .requestedAt(T0.plusSeconds(i));
      if (i % 200 == 7) {
        // p-207, p-607 and p-1007 into production, p-7, p-407 and p-807 into staging
        b.target(TARGETS.get(claimed.size() % 2))
            .claim(Optional.of(SamplePromotions.claim("engine-a", T0)));
        claimed.add(PromotionId.of("p-" + i));
      }
      seeded.add(b.build());
    }
    try (Repository r = GitRepositories.open(repo)) {
      StateRefSeeder.write(r, REF, seeded, WHO);
    }
    try (GitStateStore store = GitStateStore.open(repo)) {
      store.writeIndexFile();
    }
    PromotionQuery intoProduction = executing(PROJECTS.get(0), TARGETS.get(1)).withPage(0, 2);
    PromotionQuery intoAny = new PromotionQuery(Optional.of(PROJECTS.get(0)), Optional.empty(),
        Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), true, 0, 100);

    // Read on demand: only the chunks of the claims a page shows are read.
    try (GitStateStore store = GitStateStore.open(repo)) {
      Page<Promotion> page = store.query(intoProduction);
      assertThat(page.items()).extracting(p -> p.id().value())
          .containsExactly("p-1007", "p-607");
      assertThat(page.total()).isEqualTo(3);
      assertThat(store.chunksRead()).isBetween(1, 2);
      assertThat(store.filesRead()).isEqualTo(2);
      Page<Promotion> all = store.query(intoAny);
      List<PromotionId> newestFirst = new ArrayList<>(claimed);
      Collections.reverse(newestFirst);
      assertThat(all.items()).extracting(Promotion::id).containsExactlyElementsOf(newestFirst);
      assertThat(store.chunksRead()).isBetween(1, claimed.size());
      assertThat(store.filesRead()).isEqualTo(claimed.size());
      // Asked again and again (a server starting executions), it never orders the store, which
      // would read every chunk.
      int read = store.chunksRead();
      for (int i = 0; i < 10; i++) {
        assertThat(store.query(intoProduction).total()).isEqualTo(3);
      }
      assertThat(store.chunksRead()).isEqualTo(read);
    }

    // The file's rows: after the one pass that finds the claimed rows, a query looks at those.
    try (Repository r = GitRepositories.open(repo)) {
      StateIndexChunks rows = new StateIndexFile(r, REF).read(r).orElseThrow().promotions();
      boolean[] noneLoaded = new boolean[rows.chunks()];
      assertThat(rows.count(intoProduction, noneLoaded)).isEqualTo(3);
      assertThat(rows.rowsLookedAt()).isEqualTo(claimed.size());
      assertThat(rows.newestChunks(intoAny, noneLoaded, 100)).hasSizeBetween(1, claimed.size());
      assertThat(rows.rowsLookedAt()).isEqualTo(2L * claimed.size());
      // Any other query still looks at every row (what the counter counts).
      assertThat(rows.count(PromotionQuery.of(PROJECTS.get(0)), noneLoaded)).isEqualTo(size);
      assertThat(rows.rowsLookedAt()).isEqualTo(2L * claimed.size() + size);
    }

    // A long-lived index that ordered every promotion compares only the claimed entries.
    try (Repository r = GitRepositories.open(repo)) {
      StateLoader loader = new StateLoader(r, REF);
      loader.refreshTo(r.exactRef(REF).getObjectId());
      StateIndex index = loader.index();
      assertThat(index.query(PromotionQuery.of(PROJECTS.get(0)).withPage(1100, 10)).total())
          .isEqualTo(size); // deep: reads every chunk, orders, and walks the project
      long walked = index.entriesLookedAt();
      assertThat(walked).isEqualTo(size);
      Page<Promotion> page = index.query(intoProduction);
      assertThat(page.items()).extracting(p -> p.id().value())
          .containsExactly("p-1007", "p-607");
      assertThat(page.total()).isEqualTo(3);
      assertThat(index.entriesLookedAt() - walked).isEqualTo(claimed.size());
    }
  }

  private void agree(int seed) {
    Random random = new Random(seed);
    Path repo = GitCli.initWithCommit(tmp.resolve("r" + (++repositories)));
    // What the ref holds, by id (sorted, so a seed always picks the same promotions).
    Map<PromotionId, Promotion> model = new TreeMap<>(Comparator.comparing(PromotionId::value));
    Set<PromotionId> removed = new HashSet<>();
    int size = 200 + random.nextInt(300);
    for (int i = 0; i < size; i++) {
      Promotion p = promotion(random, "p-" + i, i);
      model.put(p.id(), p);
    }
    try (Repository r = GitRepositories.open(repo)) {
      StateRefSeeder.write(r, REF, model.values(), WHO);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (GitStateStore store = GitStateStore.open(repo)) {
      store.writeIndexFile();
      // Changes after the file, which a store opened from it reads as changes.
      int changes = 10 + random.nextInt(20);
      for (int i = 0; i < changes; i++) {
        change(random, store, repo, model, removed);
      }
    }
    // Each session opens from the file (no chunk read yet) and mixes executing-only queries
    // with reads that read chunks, changes, and other queries, a deep one of which orders every
    // promotion for the rest of the session.
    for (int session = 0; session < 4; session++) {
      try (GitStateStore store = GitStateStore.open(repo)) {
        for (int step = 0; step < 40; step++) {
          int what = random.nextInt(12);
          if (what < 6) {
            check(store, executingQuery(random), model);
          } else if (what < 8) {
            List<PromotionId> ids = new ArrayList<>(model.keySet());
            PromotionId id = ids.get(random.nextInt(ids.size()));
            assertThat(store.find(id)).contains(model.get(id));
          } else if (what < 11) {
            change(random, store, repo, model, removed);
          } else {
            PromotionQuery any = PromotionQuery.of(PROJECTS.get(random.nextInt(PROJECTS.size())))
                .withPage(random.nextInt(3) == 0 ? 1100 + random.nextInt(100) : 0, 5);
            store.query(any);
          }
        }
      }
    }
    // The model is what the store holds, read promotion by promotion.
    try (GitStateStore store = GitStateStore.open(repo)) {
      for (Promotion p : model.values()) {
        assertThat(store.find(p.id())).contains(p);
      }
      for (PromotionId id : removed) {
        assertThat(store.find(id)).isEmpty();
      }
    }
  }

  // The page and total of filtering every promotion of the model and sorting the matches.
  private static void check(GitStateStore store, PromotionQuery q,
      Map<PromotionId, Promotion> model) {
    List<Promotion> matches = model.values().stream().filter(q::matches)
        .sorted(NEWEST_FIRST).toList();
    Page<Promotion> page = store.query(q);
    assertThat(page.items()).as("page of %s", q).isEqualTo(matches.subList(
        Math.min(q.offset(), matches.size()),
        (int) Math.min((long) q.offset() + q.limit(), matches.size())));
    assertThat(page.total()).as("total of %s", q).isEqualTo(matches.size());
    assertThat(page.offset()).isEqualTo(q.offset());
  }

  // One change through the store (a promotion inserted, a claim set, a claim cleared) or by
  // another writer (a promotion removed), recorded in the model.
  private void change(Random random, GitStateStore store, Path repo,
      Map<PromotionId, Promotion> model, Set<PromotionId> removed) {
    List<Promotion> all = new ArrayList<>(model.values());
    List<Promotion> holding = all.stream().filter(p -> p.claim().isPresent()).toList();
    int what = random.nextInt(6);
    if (what == 0) {
      Promotion p = promotion(random, "n-" + (++inserted), random.nextInt(600));
      p = p.toBuilder().version(1).build();
      assertThat(store.insert(p, List.of())).isEqualTo(InsertResult.INSERTED);
      model.put(p.id(), p);
    } else if (what <= 2 || holding.isEmpty()) {
      Promotion p = all.get(random.nextInt(all.size()));
      Promotion next = SamplePromotions.next(p, STATUSES.get(random.nextInt(STATUSES.size())))
          .toBuilder().claim(Optional.of(SamplePromotions.claim("engine-b", T0))).build();
      assertThat(store.compareAndSet(p.version(), next, List.of()))
          .isEqualTo(CasResult.APPLIED);
      model.put(next.id(), next);
    } else if (what <= 4) {
      Promotion p = holding.get(random.nextInt(holding.size()));
      Promotion next = (random.nextBoolean() ? SamplePromotions.next(p, "claim given back")
          : SamplePromotions.next(p, STATUSES.get(random.nextInt(STATUSES.size()))))
          .toBuilder().claim(Optional.empty()).build();
      assertThat(store.compareAndSet(p.version(), next, List.of()))
          .isEqualTo(CasResult.APPLIED);
      model.put(next.id(), next);
    } else {
      // Claimed or not, as it comes; the store itself never removes a promotion.
      Promotion p = random.nextBoolean() && !holding.isEmpty()
          ? holding.get(random.nextInt(holding.size())) : all.get(random.nextInt(all.size()));
      removeByAnotherWriter(repo, p);
      model.remove(p.id());
      removed.add(p.id());
    }
  }

  // A commit on the ref without the promotion's document and key file, as another writer (a
  // person cleaning up with git) could make.
  private static void removeByAnotherWriter(Path repo, Promotion p) {
    try (Repository r = GitRepositories.open(repo);
         ObjectInserter inserter = r.newObjectInserter();
         ObjectReader reader = inserter.newReader();
         RevWalk walk = new RevWalk(reader)) {
      ObjectId tip = r.exactRef(REF).getObjectId();
      TreeEdits edits = new TreeEdits(reader, inserter);
      edits.delete(StateLayout.promotionPath(p.id()));
      p.idempotencyKey().ifPresent(k -> edits.delete(StateLayout.keyPath(p.project(), k)));
      ObjectId tree = edits.applyTo(walk.parseCommit(tip).getTree().getId());
      ObjectId commit = CommitWriter.commit(inserter, tree, List.of(tip), WHO, WHO,
          "remove " + p.id() + "\n");
      assertThat(RefSwap.compareAndSet(r, REF, tip, commit, null, "test: remove " + p.id()))
          .isEqualTo(RefSwap.Outcome.MOVED);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Promotion promotion(Random random, String id, int at) {
    return RandomPromotions.of(random, id, at, 6);
  }

  private static PromotionQuery executing(ProjectId project, EnvironmentName target) {
    return new PromotionQuery(Optional.of(project), Optional.ofNullable(target), Set.of(),
        Optional.empty(), Optional.empty(), Optional.empty(), true, 0, 2);
  }

  // Mostly what an execution start asks (a project and target, a page of two), with every other
  // filter and deeper pages now and then; some name a project or target nobody uses.
  private static PromotionQuery executingQuery(Random random) {
    ProjectId project = random.nextInt(10) == 0 ? ProjectId.of("none")
        : PROJECTS.get(random.nextInt(PROJECTS.size()));
    EnvironmentName target = random.nextInt(5) == 0 ? null
        : TARGETS.get(random.nextInt(TARGETS.size()));
    PromotionQuery q = random.nextInt(8) == 0
        ? PromotionQuery.executing() : executing(project, target);
    if (random.nextInt(4) == 0) {
      Set<PromotionStatus> statuses = EnumSet.noneOf(PromotionStatus.class);
      statuses.add(STATUSES.get(random.nextInt(STATUSES.size())));
      statuses.add(STATUSES.get(random.nextInt(STATUSES.size())));
      q = q.withStatuses(statuses);
    }
    if (random.nextInt(4) == 0) {
      q = q.withRequester(USERS.get(random.nextInt(USERS.size())));
    }
    if (random.nextInt(4) == 0) {
      q = q.withRequestedBetween(
          random.nextBoolean() ? T0.plusSeconds(random.nextInt(200)) : null,
          random.nextBoolean() ? T0.plusSeconds(random.nextInt(200)).plusNanos(1) : null);
    }
    int limit = random.nextInt(5) == 0 ? 1 + random.nextInt(100) : 1 + random.nextInt(3);
    int offset = random.nextInt(4) == 0 ? random.nextInt(6) : 0;
    return q.withPage(offset, limit);
  }
}
