package dev.baton.git.state;

import static dev.baton.git.state.Fixtures.SHOP;
import static dev.baton.git.state.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.git.internal.TreeEdits;
import dev.baton.model.Promotion;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** Fills a state ref quickly, the way a long-lived store would have filled it. */
final class Seeds {
  private Seeds() {}

  /** Writes promotions p-0.. (with keys key-0..) onto a new state ref in one commit. */
  static void promotions(Path repo, int count) throws Exception {
    try (Repository r = new FileRepositoryBuilder().setWorkTree(repo.toFile()).build();
         ObjectInserter inserter = r.newObjectInserter();
         ObjectReader reader = inserter.newReader()) {
      TreeEdits edits = new TreeEdits(reader, inserter);
      edits.put(StateLayout.FORMAT_PATH, StateIndex.formatFile());
      for (int i = 0; i < count; i++) {
        Promotion p = Fixtures.promotion("p-" + i, SHOP, T0.plusSeconds(i)).toBuilder()
            .idempotencyKey(Optional.of("key-" + i)).build();
        edits.put(StateLayout.promotionPath(p.id()), StateJson.write(p));
        edits.put(StateLayout.keyPath(SHOP, "key-" + i), StateIndex.idFile(p.id()));
      }
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(edits.applyTo(null));
      PersonIdent who = new PersonIdent("seed", "seed@example.com");
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage("seed " + count + " promotions\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = r.updateRef(GitStateStore.DEFAULT_REF);
      update.setNewObjectId(id);
      update.setExpectedOldObjectId(ObjectId.zeroId());
      assertThat(update.update()).isEqualTo(RefUpdate.Result.NEW);
    }
  }
}
