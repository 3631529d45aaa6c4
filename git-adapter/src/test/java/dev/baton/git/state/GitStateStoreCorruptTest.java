package dev.baton.git.state;

import static dev.baton.git.GitCli.gitEnv;
import static dev.baton.git.GitCli.gitIn;
import static dev.baton.git.GitCli.gitLine;
import static dev.baton.git.state.Fixtures.PRODUCTION;
import static dev.baton.git.state.Fixtures.SHOP;
import static dev.baton.git.state.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.GitCli;
import dev.baton.git.state.internal.StateLayout;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Foreign or broken content written onto the state ref with the git CLI. */
class GitStateStoreCorruptTest {
  private static final String REF = "refs/baton/state";

  @TempDir Path tmp;
  Path repo;
  Promotion p1;
  String p1Path;
  int edits;

  @BeforeEach
  void setUp() {
    repo = GitCli.initWithCommit(tmp.resolve("gitops"));
    p1 = Fixtures.promotion("p-1").toBuilder().idempotencyKey(Optional.of("k")).build();
    p1Path = StateLayout.promotionPath(p1.id());
    try (GitStateStore store = GitStateStore.open(repo)) {
      store.insert(p1, List.of(Fixtures.notification("n-1", p1, T0)));
      store.compareAndSetTargetClaim(SHOP, PRODUCTION, Optional.empty(), Optional.of(p1.id()));
      store.compareAndSet(0, Fixtures.pipeline(SHOP));
    }
  }

  // ---- editing the ref behind the store's back --------------------------------------------

  private String blob(String content) {
    return gitIn(repo, content, "hash-object", "-w", "--stdin");
  }

  private void edit(String[]... updates) {
    edit(repo, updates);
  }

  /**
   * Commits an edit of the ref's tree made with a temporary index: each update is
   * {mode, object id, path} to add or replace a file, or {path} to remove one.
   */
  private void edit(Path target, String[]... updates) {
    Map<String, String> index = Map.of("GIT_INDEX_FILE",
        tmp.resolve("index-" + (edits++)).toString());
    gitEnv(target, index, "read-tree", REF);
    for (String[] u : updates) {
      if (u.length == 1) {
        gitEnv(target, index, "update-index", "--force-remove", u[0]);
      } else {
        gitEnv(target, index, "update-index", "--add", "--cacheinfo", u[0] + "," + u[1] + ","
            + u[2]);
      }
    }
    String tree = gitEnv(target, index, "write-tree");
    String commit = gitLine(target, "commit-tree", tree, "-p", REF, "-m", "edited by hand");
    gitLine(target, "update-ref", REF, commit);
  }

  private void putFile(String path, String content) {
    edit(new String[] {"100644", blob(content), path});
  }

  private void remove(String path) {
    edit(new String[] {path});
  }

  private String p1Json() {
    return gitLine(repo, "cat-file", "-p", REF + ":" + p1Path) + "\n";
  }

  private static void assertCorrupt(ThrowingCallable call, String... messageParts) {
    assertThatThrownBy(call).isInstanceOfSatisfying(BatonException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.STORE_CORRUPT);
      assertThat(e.getMessage()).contains(messageParts);
    });
  }

  private void assertOpenIsCorrupt(String... messageParts) {
    assertCorrupt(() -> GitStateStore.open(repo).close(), messageParts);
  }

  // ---- cases ------------------------------------------------------------------------------

  @Test
  void aRefWithForeignContentIsCorrupt() {
    String readme = blob("# not Baton\n");
    String tree = gitIn(repo, "100644 blob " + readme + "\tREADME.md\n", "mktree");
    // On top of the state, so it is not a rewrite (that is STATE_ROLLED_BACK, checked first).
    String commit = gitLine(repo, "commit-tree", tree, "-p", REF, "-m", "foreign");
    gitLine(repo, "update-ref", REF, commit);
    assertOpenIsCorrupt("README.md", "not part of the Baton state layout");
  }

  @Test
  void aForeignFileBesideTheStateIsCorrupt() {
    putFile("notes.txt", "hello\n");
    assertOpenIsCorrupt("notes.txt");
    remove("notes.txt");
    putFile("promotions/ab/deeper/x.json", "{}\n");
    assertOpenIsCorrupt("promotions/ab/deeper/x.json");
  }

  @Test
  void anotherFormatOrAMissingFormatIsCorrupt() {
    putFile("FORMAT", "baton-state 2\n");
    assertOpenIsCorrupt("FORMAT", "baton-state 1");
    remove("FORMAT");
    assertOpenIsCorrupt("FORMAT", "missing");
  }

  @Test
  void badJsonIsCorruptAndNamesThePath() {
    putFile(p1Path, "{ not json");
    assertOpenIsCorrupt(p1Path, "not a valid Promotion document");
  }

  @Test
  void unknownPropertiesAndInvalidValuesAreCorrupt() {
    String json = p1Json();
    putFile(p1Path, json.replaceFirst("\\{", "{\n  \"surprise\" : 1,"));
    assertOpenIsCorrupt(p1Path, "surprise");
    // " alice" is now read as "alice" (one normal form); an invisible character is refused.
    putFile(p1Path, json.replace("\"by\" : \"alice\"", "\"by\" : \"al\\u200bice\""));
    assertOpenIsCorrupt(p1Path, "at history[0].by");
    putFile(p1Path, json.replace("\"version\" : 1", "\"version\" : 0"));
    assertOpenIsCorrupt(p1Path, "version");
    putFile(p1Path, json.replace("\"status\" : \"PENDING_APPROVAL\"",
        "\"status\" : \"APPROVED\""));
    assertOpenIsCorrupt(p1Path, "APPROVED");
    putFile(p1Path, json.replace("\"requester\" : \"alice\"", "\"requester\" : 7"));
    assertOpenIsCorrupt(p1Path, "at requester");
    putFile(p1Path, json.replace("\"project\" : \"shop\",", ""));
    assertOpenIsCorrupt(p1Path, "project");
  }

  @Test
  void aPromotionFileWhoseIdDoesNotMatchItsNameOrFanOutIsCorrupt() {
    String otherPath = StateLayout.promotionPath(PromotionId.of("p-2"));
    putFile(otherPath, p1Json());
    assertOpenIsCorrupt(otherPath, "holds promotion 'p-1'");
    remove(otherPath);
    String wrongFanOut = p1Path.startsWith("promotions/00/") ? "promotions/01/p-1.json"
        : "promotions/00/p-1.json";
    putFile(wrongFanOut, p1Json());
    assertOpenIsCorrupt(wrongFanOut);
  }

  @Test
  void aNonBlobWhereAFileShouldBeIsCorrupt() {
    String someCommit = gitLine(repo, "rev-parse", "main");
    edit(new String[] {"160000", someCommit, "claims/shop/staging"});
    assertOpenIsCorrupt("claims/shop/staging", "not a regular file", "160000");
    remove("claims/shop/staging");
    edit(new String[] {"120000", blob("../elsewhere"), "pipelines/blog.json"});
    assertOpenIsCorrupt("pipelines/blog.json", "not a regular file");
    remove("pipelines/blog.json");
    edit(new String[] {"100755", blob("p-1\n"), "claims/shop/staging"});
    assertOpenIsCorrupt("claims/shop/staging", "100755");
  }

  @Test
  void keyFilesMustMatchThePromotionsThatOwnTheKeys() {
    String keyPath = StateLayout.keyPath(SHOP, "k");
    putFile(keyPath, "p-9\n");
    assertOpenIsCorrupt(keyPath, "does not name promotion 'p-1'");
    remove(keyPath);
    assertOpenIsCorrupt(keyPath, "missing");
    putFile(keyPath, "p-1\n");
    putFile(StateLayout.keyPath(SHOP, "orphan"), "p-1\n");
    assertOpenIsCorrupt(StateLayout.keyPath(SHOP, "orphan"), "names no promotion");
  }

  @Test
  void claimOutboxAndPipelineFilesAreCheckedAgainstTheirPaths() {
    putFile("claims/shop/staging", "not an id at all\n");
    assertOpenIsCorrupt("claims/shop/staging", "promotion id");
    remove("claims/shop/staging");
    String outbox = gitLine(repo, "cat-file", "-p", REF + ":outbox/n-1.json") + "\n";
    putFile("outbox/n-2.json", outbox);
    assertOpenIsCorrupt("outbox/n-2.json", "n-1");
    remove("outbox/n-2.json");
    String pipeline = gitLine(repo, "cat-file", "-p", REF + ":pipelines/shop.json") + "\n";
    putFile("pipelines/blog.json", pipeline);
    assertOpenIsCorrupt("pipelines/blog.json", "shop");
  }

  @Test
  void aBadFileAmongManyParsedInParallelIsCorruptAndNamed(@TempDir Path other)
      throws Exception {
    Path big = GitCli.initWithCommit(other.resolve("big"));
    Fixtures.seedPromotions(big, 300);
    String path = StateLayout.promotionPath(PromotionId.of("p-123"));
    String bad = gitIn(big, "{ \"id\" : \"p-123\" }\n", "hash-object", "-w", "--stdin");
    edit(big, new String[] {"100644", bad, path});
    assertCorrupt(() -> GitStateStore.open(big).close(), path, "project");
  }

  @Test
  void aRefThatPointsAtABlobIsCorrupt() {
    gitLine(repo, "update-ref", REF, blob("just a blob\n"));
    assertOpenIsCorrupt(REF, "not a commit");
  }

  @Test
  void anOpenStoreRefusesReadsAndWritesAfterCorruptionAndRecoversWhenFixed() {
    try (GitStateStore store = GitStateStore.open(repo)) {
      String good = gitLine(repo, "rev-parse", REF);
      putFile(p1Path, "garbage");
      String bad = gitLine(repo, "rev-parse", REF);

      assertCorrupt(() -> store.find(p1.id()), p1Path);
      assertCorrupt(() -> store.query(PromotionQuery.of(SHOP)), p1Path);
      assertCorrupt(() -> store.insert(Fixtures.promotion("p-2"), List.of()), p1Path);
      assertCorrupt(() -> store.putFreeze(Fixtures.freeze(PRODUCTION)), p1Path);
      assertThat(gitLine(repo, "rev-parse", REF)).as("nothing written over it").isEqualTo(bad);

      gitLine(repo, "update-ref", REF, good);
      assertThat(store.find(p1.id())).contains(p1);
      store.insert(Fixtures.promotion("p-2"), List.of());
      assertThat(store.query(PromotionQuery.of(SHOP)).total()).isEqualTo(2);
    }
  }
}
