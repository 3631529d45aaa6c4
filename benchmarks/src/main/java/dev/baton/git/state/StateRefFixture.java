package dev.baton.git.state;

import dev.baton.model.Promotion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.zip.Deflater;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * Benchmark setup only: writes a state ref holding many promotions in one commit, the way
 * {@link GitStateStore} lays them out, with the store's own JSON ({@link StateJson}), paths
 * ({@link StateLayout}), key files ({@link StateIndex#idFile}) and tree editing
 * ({@link TreeEdits}). Inserting 100,000 promotions through the store would take one commit
 * each; this takes one.
 *
 * <p>It lives in the store's package (in the benchmarks jar, on the class path) because those
 * helpers are package-private; it adds nothing to the adapter. Not thread-safe.
 */
public final class StateRefFixture {
  private static final PersonIdent SETUP = new PersonIdent("Bench Setup", "setup@localhost",
      Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

  private StateRefFixture() {}

  /**
   * Writes {@code promotions} (and the key file of each idempotency key) as the only content of
   * a new commit on {@code ref}, which must not exist yet.
   *
   * @return the commit
   */
  public static ObjectId write(Repository repository, String ref,
      Collection<Promotion> promotions) throws IOException {
    ObjectId commitId;
    ObjectDirectory objects = (ObjectDirectory) repository.getObjectDatabase();
    try (PackInserter inserter = objects.newPackInserter();
        ObjectReader reader = inserter.newReader()) {
      inserter.setCompressionLevel(Deflater.BEST_SPEED);
      TreeEdits edits = new TreeEdits(reader, inserter);
      edits.put(StateLayout.FORMAT_PATH,
          (StateLayout.FORMAT_LINE + "\n").getBytes(StandardCharsets.UTF_8));
      for (Promotion promotion : promotions) {
        edits.put(StateLayout.promotionPath(promotion.id()), StateJson.write(promotion));
        if (promotion.idempotencyKey().isPresent()) {
          edits.put(StateLayout.keyPath(promotion.project(), promotion.idempotencyKey().get()),
              StateIndex.idFile(promotion.id()));
        }
      }
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(edits.applyTo(null));
      commit.setAuthor(SETUP);
      commit.setCommitter(SETUP);
      commit.setMessage("benchmark state: " + promotions.size() + " promotions\n");
      commitId = inserter.insert(commit);
      inserter.flush();
    }
    RefUpdate update = repository.updateRef(ref);
    update.setExpectedOldObjectId(ObjectId.zeroId());
    update.setNewObjectId(commitId);
    update.disableRefLog();
    RefUpdate.Result result = update.update();
    if (result != RefUpdate.Result.NEW) {
      throw new IOException("could not create " + ref + ": " + result);
    }
    return commitId;
  }
}
