package dev.baton.git.state;

import static dev.baton.git.state.RandomPromotions.PROJECTS;
import static dev.baton.git.state.RandomPromotions.STATUSES;
import static dev.baton.git.state.RandomPromotions.T0;
import static dev.baton.git.state.RandomPromotions.TARGETS;
import static dev.baton.git.state.RandomPromotions.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.git.GitCli;
import dev.baton.git.internal.GitRepositories;
import dev.baton.git.state.internal.StateRefSeeder;
import dev.baton.model.CasResult;
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
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32C;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The derived index file read on demand (chunk by chunk, queries on its summary rows) answers
 * exactly what a store that read every state file answers, over seeded random stores and
 * changes made after the file was written.
 */
class GitStateStoreLazyIndexTest {

  @TempDir Path tmp;
  private int repositories;

  @Test
  void lazyReadsAnswerWhatReadingEveryFileAnswers() {
    Property.forAll(Gen.choose(0, Integer.MAX_VALUE)).runs(5).shrinkBudget(0)
        .verify(this::agree);
  }

  @Test
  void aFileOfTheFirstFormatIsReadWholeAndWrittenAgain() throws IOException {
    Path repo = GitCli.initWithCommit(tmp.resolve("v1"));
    Fixtures.seedPromotions(repo, 300);
    Path file = repo.resolve(".git/baton/state-index");
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.filesRead()).isEqualTo(301);
    }
    // What the first format's header looks like to a reader of this one: version 1.
    byte[] b = Files.readAllBytes(file);
    ByteBuffer.wrap(b, "baton-state-index\n".length(), 4).putInt(1);
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 8);
    ByteBuffer.wrap(b, b.length - 8, 8).putLong(crc.getValue());
    Files.write(file, b);
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.filesRead()).isEqualTo(301); // read whole, as without a file
      assertThat(store.query(PromotionQuery.of(Fixtures.SHOP)).total()).isEqualTo(300);
    }
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.filesRead()).isZero(); // written again in this format
      assertThat(store.find(PromotionId.of("p-7")).orElseThrow().idempotencyKey())
          .contains("key-7");
      assertThat(store.filesRead()).isEqualTo(1);
    }
  }

  private void agree(int seed) {
    Random random = new Random(seed);
    Path repo = GitCli.initWithCommit(tmp.resolve("r" + (++repositories)));
    Path file = repo.resolve(".git/baton/state-index");
    int size = 300 + random.nextInt(400);
    List<Promotion> seeded = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      seeded.add(promotion(random, "p-" + i, i));
    }
    try (Repository repository = GitRepositories.open(repo)) {
      StateRefSeeder.write(repository, GitStateStore.DEFAULT_REF, seeded,
          new PersonIdent("seed", "seed@example.com"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int changes = 1 + random.nextInt(20);
    try (GitStateStore store = GitStateStore.open(repo)) {
      store.writeIndexFile();
      // Changes after the file: new promotions, and new versions of old ones.
      for (int i = 0; i < changes; i++) {
        if (random.nextBoolean()) {
          Promotion p = promotion(random, "n-" + i, random.nextInt(size));
          assertThat(store.insert(p.toBuilder().version(1).build(), List.of()))
              .isEqualTo(InsertResult.INSERTED);
        } else {
          Promotion p = store.find(PromotionId.of("p-" + random.nextInt(size))).orElseThrow();
          assertThat(store.compareAndSet(p.version(), SamplePromotions.next(p,
              STATUSES.get(random.nextInt(STATUSES.size()))), List.of()))
              .isEqualTo(CasResult.APPLIED);
        }
      }
    }
    assertThat(file).exists();
    List<Object> calls = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      calls.add(call(random, size));
      if (i % 3 == 0) {
        calls.add(prefix(random, size));
      }
    }
    List<Object> lazy = new ArrayList<>();
    // Several stores, so that calls meet both unread and read chunks.
    for (int from = 0; from < calls.size(); from += 15) {
      try (GitStateStore store = GitStateStore.open(repo)) {
        assertThat(store.filesRead()).isLessThanOrEqualTo(changes); // what changed since
        for (Object call : calls.subList(from, Math.min(from + 15, calls.size()))) {
          lazy.add(answer(store, call));
        }
      }
    }
    assertThat(file).exists();
    List<Object> full = new ArrayList<>();
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.filesRead()).isGreaterThan(size);
      for (Object call : calls) {
        full.add(answer(store, call));
      }
    }
    assertThat(lazy).isEqualTo(full);
  }

  private static Promotion promotion(Random random, String id, int at) {
    return RandomPromotions.of(random, id, at, 5);
  }

  private record ByKey(ProjectId project, String key) {}

  private record ByPrefix(String prefix, int limit) {}

  // Prefixes of stored ids (p-N seeded, n-N inserted after the file) and of none.
  private static ByPrefix prefix(Random random, int size) {
    String id = switch (random.nextInt(4)) {
      case 0 -> "n-" + random.nextInt(20);
      case 1 -> "x-" + random.nextInt(size);
      default -> "p-" + random.nextInt(size);
    };
    String prefix = id.substring(0, 1 + random.nextInt(id.length()));
    return new ByPrefix(prefix, random.nextInt(4) == 0 ? 1000 : 1 + random.nextInt(3));
  }

  private static Object call(Random random, int size) {
    return switch (random.nextInt(3)) {
      case 0 -> PromotionId.of((random.nextInt(10) == 0 ? "x-" : "p-") + random.nextInt(size));
      case 1 -> new ByKey(PROJECTS.get(random.nextInt(PROJECTS.size())),
          "key-" + (random.nextBoolean() ? "p-" : "n-") + random.nextInt(size));
      default -> query(random);
    };
  }

  private static PromotionQuery query(Random random) {
    PromotionQuery q = new PromotionQuery(Optional.empty(), Optional.empty(), Set.of(),
        Optional.empty(), Optional.empty(), Optional.empty(), random.nextInt(6) == 0, 0, 1);
    if (random.nextInt(3) > 0) {
      q = random.nextInt(8) == 0 ? PromotionQuery.of(ProjectId.of("none"))
          : PromotionQuery.of(PROJECTS.get(random.nextInt(PROJECTS.size())));
    }
    if (random.nextInt(3) == 0) {
      q = q.withTarget(TARGETS.get(random.nextInt(TARGETS.size())));
    }
    if (random.nextInt(3) == 0) {
      q = q.withRequester(USERS.get(random.nextInt(USERS.size())));
    }
    if (random.nextInt(3) == 0) {
      Set<PromotionStatus> statuses = EnumSet.noneOf(PromotionStatus.class);
      statuses.add(STATUSES.get(random.nextInt(STATUSES.size())));
      q = q.withStatuses(statuses);
    }
    if (random.nextInt(3) == 0) {
      q = q.withRequestedBetween(
          random.nextBoolean() ? T0.plusSeconds(random.nextInt(200)) : null,
          random.nextBoolean() ? T0.plusSeconds(random.nextInt(200)).plusNanos(1) : null);
    }
    int limit = 1 + random.nextInt(random.nextInt(5) == 0 ? 1000 : 30);
    int offset = random.nextInt(4) == 0 ? random.nextInt(800) : 0;
    return q.withPage(offset, limit);
  }

  private static Object answer(GitStateStore store, Object call) {
    if (call instanceof PromotionId id) {
      return store.find(id);
    }
    if (call instanceof ByKey k) {
      return store.findByIdempotencyKey(k.project(), k.key());
    }
    if (call instanceof ByPrefix p) {
      return store.findIdsByPrefix(p.prefix(), p.limit());
    }
    Page<Promotion> page = store.query((PromotionQuery) call);
    return List.of(page.items(), page.offset(), page.total());
  }
}
