package dev.baton.git.state;

import static dev.baton.git.GitCli.gitLine;
import static dev.baton.git.state.Fixtures.ALICE;
import static dev.baton.git.state.Fixtures.SHOP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.GitCli;
import dev.baton.git.internal.GitRepositories;
import dev.baton.git.state.internal.StateJson;
import dev.baton.model.CasResult;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.UserId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.zip.CRC32C;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The derived index file beside the state ref: a large store opens from it reading only what
 * changed since, and a damaged, foreign, stale or lying file never changes an answer.
 */
class GitStateStoreIndexFileTest {
  private static final String REF = GitStateStore.DEFAULT_REF;
  private static final int SIZE = 300;
  private static final int MAGIC = "baton-state-index\n".length();

  @TempDir Path tmp;
  Path repo;
  Path file;
  String seeded;

  @BeforeEach
  void setUp() throws IOException {
    repo = GitCli.initWithCommit(tmp.resolve("gitops"));
    Fixtures.seedPromotions(repo, SIZE);
    seeded = gitLine(repo, "rev-parse", REF);
    file = repo.resolve(".git/baton/state-index");
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.filesRead()).isEqualTo(SIZE + 1); // every promotion and FORMAT
    }
  }

  private static void assertFullAnswers(GitStateStore store) {
    assertThat(store.query(PromotionQuery.of(SHOP)).total()).isEqualTo(SIZE);
    assertThat(store.query(PromotionQuery.of(SHOP).withRequester(ALICE)).total())
        .isEqualTo(SIZE);
    assertThat(store.query(PromotionQuery.of(SHOP).withPage(0, 1)).items().get(0).id())
        .isEqualTo(PromotionId.of("p-" + (SIZE - 1)));
    assertThat(store.findByIdempotencyKey(SHOP, "key-7").orElseThrow().id().value())
        .isEqualTo("p-7");
  }

  @Test
  void aLargeStoreOpensFromTheFileAndReadsOnlyWhatItReturns() {
    assertThat(file).exists();
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.filesRead()).isZero();
      assertThat(store.find(PromotionId.of("p-5")).orElseThrow().idempotencyKey())
          .contains("key-5");
      assertThat(store.filesRead()).isEqualTo(1);
      assertThat(store.query(PromotionQuery.of(SHOP).withPage(0, 3)).items())
          .extracting(p -> p.id().value()).containsExactly("p-299", "p-298", "p-297");
      assertThat(store.filesRead()).isEqualTo(4);
      assertFullAnswers(store);
    }
  }

  @Test
  void idsByPrefixReadOnlyTheFoldersOfTheIdsTheyAnswer() {
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.findIdsByPrefix("p-29", 2)).extracting(PromotionId::value)
          .containsExactly("p-29", "p-290");
      assertThat(store.chunksRead()).isBetween(1, 2);
      int read = store.chunksRead();
      assertThat(store.findIdsByPrefix("q", 2)).isEmpty();
      assertThat(store.findIdsByPrefix("p-299", 2)).extracting(PromotionId::value)
          .containsExactly("p-299");
      assertThat(store.chunksRead()).isLessThanOrEqualTo(read + 1);
      assertThat(store.filesRead()).isZero();
      assertThat(store.findIdsByPrefix("p-1", 1000)).hasSize(111);
      assertThat(store.findIdsByPrefix("p-", 1000)).hasSize(SIZE);
    }
  }

  @Test
  void idsByPrefixSeeChangesSinceTheFile() {
    try (GitStateStore writer = GitStateStore.open(repo)) {
      writer.insert(Fixtures.promotion("p-29a"), List.of());
      writer.insert(Fixtures.promotion("p-0a"), List.of());
    }
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.findIdsByPrefix("p-29", 3)).extracting(PromotionId::value)
          .containsExactly("p-29", "p-290", "p-291");
      assertThat(store.findIdsByPrefix("p-29", 1000)).extracting(PromotionId::value)
          .endsWith("p-298", "p-299", "p-29a");
      assertThat(store.findIdsByPrefix("p-0", 2)).extracting(PromotionId::value)
          .containsExactly("p-0", "p-0a");
    }
  }

  @Test
  void anIdOrderOutOfOrderOrNotPointingBackIsCaughtAndTheIndexRebuilt() throws IOException {
    List<String> byId = IntStream.range(0, SIZE).mapToObj(i -> "p-" + i)
        .sorted().toList();
    int idsAt;
    try (Repository r = GitRepositories.open(repo)) {
      idsAt = new StateIndexFile(r, REF).read(r).orElseThrow().promotions().idOrderAt();
    }
    // neighbours swapped: the walk sees them out of order
    swapPlaces(idsAt, byId.indexOf("p-10"), byId.indexOf("p-100"));
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.filesRead()).isZero();
      assertThat(store.findIdsByPrefix("p-10", 2)).extracting(PromotionId::value)
          .containsExactly("p-10", "p-100");
      assertThat(store.filesRead()).isEqualTo(SIZE + 1); // indexed from the files again
    }
    // far apart: in order where the walk looks, but their entries do not point back
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.filesRead()).isZero(); // written again
    }
    swapPlaces(idsAt, byId.indexOf("p-5"), byId.indexOf("p-50"));
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.findIdsByPrefix("p-5", 1)).extracting(PromotionId::value)
          .containsExactly("p-5");
      assertThat(store.filesRead()).isEqualTo(SIZE + 1);
      assertFullAnswers(store);
    }
  }

  private void swapPlaces(int idsAt, int a, int b) throws IOException {
    rewrite(bytes -> {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      int first = buffer.getInt(idsAt + a * StateIndexChunks.ID_BYTES);
      buffer.putInt(idsAt + a * StateIndexChunks.ID_BYTES,
          buffer.getInt(idsAt + b * StateIndexChunks.ID_BYTES));
      buffer.putInt(idsAt + b * StateIndexChunks.ID_BYTES, first);
    });
  }

  @Test
  void changesSinceTheFileAreReadOnOpening() {
    try (GitStateStore writer = GitStateStore.open(repo)) {
      Promotion p3 = writer.find(PromotionId.of("p-3")).orElseThrow();
      assertThat(writer.compareAndSet(1, Fixtures.approved(p3, "bob"), List.of()))
          .isEqualTo(CasResult.APPLIED);
      writer.insert(Fixtures.promotion("p-new"), List.of());
    }
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.filesRead()).isEqualTo(2); // p-3 and p-new
      assertThat(store.find(PromotionId.of("p-3")).orElseThrow().version()).isEqualTo(2);
      assertThat(store.find(PromotionId.of("p-new"))).isPresent();
      assertThat(store.filesRead()).isEqualTo(2);
      assertThat(store.query(PromotionQuery.of(SHOP)).total()).isEqualTo(SIZE + 1);
    }
  }

  @Test
  void aDamagedOrTruncatedFileIsIgnored() throws IOException {
    byte[] good = Files.readAllBytes(file);
    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x40;
    for (byte[] bad : List.of(flipped, Arrays.copyOf(good, good.length / 2), new byte[0],
        "not an index".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
      Files.write(file, bad);
      try (GitStateStore store = GitStateStore.open(repo)) {
        assertThat(store.filesRead()).isEqualTo(SIZE + 1);
        assertFullAnswers(store);
      }
    }
  }

  @Test
  void aFileOfAnotherFormatVersionIsIgnored() throws IOException {
    rewrite(b -> ByteBuffer.wrap(b, MAGIC, 4).putInt(99));
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.filesRead()).isEqualTo(SIZE + 1);
      assertFullAnswers(store);
    }
  }

  @Test
  void aFileClaimingAnotherCommitIsIgnored() throws IOException {
    String next;
    try (GitStateStore writer = GitStateStore.open(repo)) {
      Promotion p3 = writer.find(PromotionId.of("p-3")).orElseThrow();
      writer.compareAndSet(1, Fixtures.approved(p3, "bob"), List.of());
      next = gitLine(repo, "rev-parse", REF);
    }
    byte[] commit = raw(next);
    byte[] tree = raw(gitLine(repo, "rev-parse", REF + "^{tree}"));
    byte[] original = Files.readAllBytes(file);
    // The seeded commit's files, said to be the next commit's (with its tree, or with the old).
    for (boolean withTree : List.of(false, true)) {
      Files.write(file, original);
      rewrite(b -> {
        System.arraycopy(commit, 0, b, MAGIC + 4, 20);
        if (withTree) {
          System.arraycopy(tree, 0, b, MAGIC + 24, 20);
        }
      });
      try (GitStateStore store = GitStateStore.open(repo)) {
        assertThat(store.filesRead()).isEqualTo(SIZE + 1);
        assertThat(store.find(PromotionId.of("p-3")).orElseThrow().version()).isEqualTo(2);
        assertFullAnswers(store);
      }
    }
  }

  @Test
  void aFileOfANewerCommitServesARolledBackRefOnlyAfterItIsAccepted() {
    try (GitStateStore writer = GitStateStore.open(repo)) {
      Promotion p3 = writer.find(PromotionId.of("p-3")).orElseThrow();
      writer.compareAndSet(1, Fixtures.approved(p3, "bob"), List.of());
      writer.writeIndexFile(); // the file now describes the newer commit
    }
    gitLine(repo, "update-ref", REF, seeded);
    assertThatThrownBy(() -> GitStateStore.open(repo))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_ROLLED_BACK));
    try (GitStateStore store = GitStateStore.builder(repo).acceptCurrentTip().build()) {
      assertThat(store.filesRead()).isEqualTo(1); // p-3 as it was on the accepted tip
      assertThat(store.find(PromotionId.of("p-3")).orElseThrow().version()).isEqualTo(1);
      assertFullAnswers(store);
    }
  }

  @Test
  void aSummaryThatDoesNotMatchItsDocumentIsCaughtAndTheIndexRebuilt() throws IOException {
    writeLyingFile("p-5");
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.filesRead()).isZero(); // the lie is consistent with the trees
      // A page that returns p-5 reads its document, sees the lie, and is answered afresh.
      assertThat(store.query(PromotionQuery.of(SHOP).withPage(0, 1000)).items())
          .hasSize(SIZE).allSatisfy(p -> assertThat(p.requester()).isEqualTo(ALICE));
      assertThat(store.query(PromotionQuery.of(SHOP).withRequester(ALICE)).total())
          .isEqualTo(SIZE);
      assertFullAnswers(store);
    }
    assertThat(file).exists(); // rewritten from the files
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.filesRead()).isZero();
      assertThat(store.find(PromotionId.of("p-5")).orElseThrow().requester()).isEqualTo(ALICE);
      assertFullAnswers(store);
    }
    writeLyingFile("p-6");
    try (GitStateStore store = GitStateStore.open(repo)) {
      assertThat(store.find(PromotionId.of("p-6")).orElseThrow().requester()).isEqualTo(ALICE);
      assertFullAnswers(store);
    }
  }

  /** Rewrites the file with a change and a correct checksum. */
  private void rewrite(Consumer<byte[]> change) throws IOException {
    byte[] b = Files.readAllBytes(file);
    change.accept(b);
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 8);
    ByteBuffer.wrap(b, b.length - 8, 8).putLong(crc.getValue());
    Files.write(file, b);
  }

  private static byte[] raw(String id) {
    byte[] out = new byte[20];
    ObjectId.fromString(id).copyRawTo(out, 0);
    return out;
  }

  // A well-formed file for the tip whose summary of one promotion names another requester.
  private void writeLyingFile(String liar) throws IOException {
    try (Repository r = GitRepositories.open(repo); RevWalk rw = new RevWalk(r)) {
      ObjectId commit = r.resolve(REF);
      ObjectId tree = rw.parseCommit(commit).getTree().getId();
      StateIndex index = new StateIndex(new StateIndex.Documents() {
        @Override
        public Promotion load(StateIndex.Entry entry) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void remember(StateIndex.Doc doc) {}
      });
      try (TreeWalk walk = new TreeWalk(r)) {
        walk.setRecursive(true);
        walk.addTree(tree);
        while (walk.next()) {
          String path = walk.getPathString();
          if (path.startsWith("promotions/")) {
            Promotion p = StateJson.read(path, r.open(walk.getObjectId(0), Constants.OBJ_BLOB)
                .getBytes(), Promotion.class);
            if (p.id().value().equals(liar)) {
              p = p.toBuilder().requester(UserId.of("mallory")).build();
            }
            index.putPromotion(StateIndex.Entry.of(p, walk.getObjectId(0)));
          }
        }
      }
      new StateIndexFile(r, REF).write(r, commit, tree, index);
    }
  }
}
