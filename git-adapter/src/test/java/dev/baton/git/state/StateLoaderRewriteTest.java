package dev.baton.git.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.git.GitCli;
import dev.baton.git.internal.GitRepositories;
import dev.baton.git.state.internal.StateRefSeeder;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionQuery;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the derived index file is written again: after 256 changed files in a small store, after
 * one changed file per {@link StateLoader#PROMOTIONS_PER_FILE} promotions in a large one. The
 * rewrites are counted on disk: after each commit is indexed, the file names that commit or an
 * older one.
 */
class StateLoaderRewriteTest {
  private static final String REF = GitStateStore.DEFAULT_REF;
  private static final PersonIdent WHO = new PersonIdent("seed", "seed@example.com");

  @TempDir Path tmp;

  @Test
  void theBoundGrowsWithTheStoreAboveTheFloor() {
    int k = StateLoader.PROMOTIONS_PER_FILE;
    assertThat(StateLoader.rewriteAfter(0, k)).isEqualTo(256);
    assertThat(StateLoader.rewriteAfter(100_000, k)).isEqualTo(256);
    assertThat(StateLoader.rewriteAfter(256L * k + k - 1, k)).isEqualTo(256);
    assertThat(StateLoader.rewriteAfter(257L * k, k)).isEqualTo(257);
    assertThat(StateLoader.rewriteAfter(1024L * k, k)).isEqualTo(1024);
    assertThat(StateLoader.rewriteAfter(1_000_000, k)).isEqualTo(StateLoader.REWRITE_AT_MOST);
  }

  @Test
  void aSmallStoreWritesTheFileEvery256ChangedFiles() throws IOException {
    // 32 promotions a commit, each with its key file: 64 changed files, so every 4th commit;
    // the 13th is left behind the file.
    List<Integer> rewrites = rewritesAfter(tmp.resolve("small"), 100, 32, 13,
        StateLoader.PROMOTIONS_PER_FILE);
    assertThat(rewrites).containsExactly(4, 8, 12);
  }

  @Test
  void aLargeStoreWaitsForOneChangedFilePerPromotionsPerFile() throws IOException {
    // One file per 2 promotions (a small stand-in for PROMOTIONS_PER_FILE, so that a store of
    // 1,000 is "large"), 60 promotions (120 files) a commit: the first rewrite is at the first
    // commit c with 120c >= (1,000 + 60c) / 2, c = 6; then from 1,360 promotions c = 8, and
    // from 1,840 c = 11 would need 1,320 files, over REWRITE_AT_MOST: 1,024 files, c = 9. With
    // the floor alone it would be every 3rd commit (360 files). Commits 24 to 27 stay behind.
    List<Integer> rewrites = rewritesAfter(tmp.resolve("large"), 1_000, 60, 27, 2);
    assertThat(rewrites).containsExactly(6, 14, 23);
  }

  /**
   * Seeds {@code seeded} promotions, indexes them and writes the file, then appends
   * {@code commits} commits of {@code perCommit} promotions each, indexing each; answers the
   * commits (1-based) after which the file named the commit just indexed.
   */
  private static List<Integer> rewritesAfter(Path at, int seeded, int perCommit, int commits,
      int promotionsPerFile) throws IOException {
    Path repo = GitCli.initWithCommit(at);
    List<Integer> rewrites = new ArrayList<>();
    int total = seeded;
    try (Repository repository = GitRepositories.open(repo)) {
      ObjectId tip = StateRefSeeder.write(repository, REF, promotions(0, seeded), WHO);
      StateLoader seeder = new StateLoader(repository, REF, promotionsPerFile);
      seeder.refreshTo(tip);
      seeder.writeDerived();
      StateIndexFile file = new StateIndexFile(repository, REF);
      assertThat(described(file, repository)).contains(tip);
      // A store opened from the file, reading it on demand: its count of promotions is mostly
      // of chunks not read, and the bound must count those too.
      StateLoader loader = new StateLoader(repository, REF, promotionsPerFile);
      loader.refreshTo(tip);
      assertThat(loader.index().chunksLoaded()).isZero();
      assertThat(loader.index().promotionCount()).isEqualTo(seeded);
      for (int c = 1; c <= commits; c++) {
        try (ObjectInserter inserter = repository.newObjectInserter()) {
          tip = StateRefSeeder.append(repository, inserter, REF,
              promotions(total, perCommit), WHO);
        }
        total += perCommit;
        loader.refreshTo(tip);
        assertThat(loader.index().promotionCount()).isEqualTo(total);
        if (described(file, repository).equals(Optional.of(tip))) {
          rewrites.add(c);
        }
      }
    }
    // Whatever it was last written for, the file opens a store that sees every promotion and
    // reads no more than what changed since.
    try (GitStateStore store = GitStateStore.open(repo)) {
      int lastRewrite = rewrites.isEmpty() ? 0 : rewrites.get(rewrites.size() - 1);
      assertThat(store.filesRead()).isEqualTo((long) (commits - lastRewrite) * perCommit);
      assertThat(store.query(PromotionQuery.of(Fixtures.SHOP).withPage(0, 1)).total())
          .isEqualTo(total);
    }
    return rewrites;
  }

  private static Optional<ObjectId> described(StateIndexFile file, Repository repository) {
    return file.read(repository).map(StateIndexFile.Snapshot::commit);
  }

  private static List<Promotion> promotions(int from, int count) {
    List<Promotion> list = new ArrayList<>(count);
    for (int i = from; i < from + count; i++) {
      list.add(Fixtures.promotion("p-" + i, Fixtures.SHOP, Fixtures.T0.plusSeconds(i))
          .toBuilder().idempotencyKey(Optional.of("key-" + i)).build());
    }
    return list;
  }
}
