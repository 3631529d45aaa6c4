package dev.baton.git.state.internal;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.internal.CommitWriter;
import dev.baton.git.internal.RefSwap;
import dev.baton.git.internal.TreeEdits;
import dev.baton.model.Promotion;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Writes a state ref holding many promotions in one commit, laid out as the state store lays
 * them out (its JSON, paths and key files), the way a long-lived store would have filled it.
 * For tests and benchmarks: inserting 100,000 promotions through the store takes a commit each;
 * this takes one. Stateless; thread-safe.
 */
public final class StateRefSeeder {
  private StateRefSeeder() {}

  /**
   * Writes {@code promotions} (and the key file of each idempotency key) as the only content of
   * a new commit by {@code who} on {@code ref}, which must not exist yet, through the
   * repository's ordinary inserter.
   *
   * @return the commit
   * @throws BatonException ILLEGAL_STATE when the ref exists
   */
  public static ObjectId write(Repository repository, String ref,
      Collection<Promotion> promotions, PersonIdent who) throws IOException {
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      return write(repository, inserter, ref, promotions, who);
    }
  }

  /**
   * Like {@link #write(Repository, String, Collection, PersonIdent)}, through {@code inserter}
   * (flushed before the ref moves; it need not show the new objects before that).
   */
  public static ObjectId write(Repository repository, ObjectInserter inserter, String ref,
      Collection<Promotion> promotions, PersonIdent who) throws IOException {
    return seed(repository, inserter, ref, null, promotions, who);
  }

  /**
   * Like {@link #write(Repository, ObjectInserter, String, Collection, PersonIdent)}, but on
   * top of what the ref holds (one commit whose parent is its tip; the ref may be absent). The
   * promotions' ids and keys must be new to it.
   *
   * @return the commit
   * @throws BatonException ILLEGAL_STATE when the ref moved meanwhile
   */
  public static ObjectId append(Repository repository, ObjectInserter inserter, String ref,
      Collection<Promotion> promotions, PersonIdent who) throws IOException {
    Ref current = repository.exactRef(ref);
    return seed(repository, inserter, ref, current == null ? null : current.getObjectId(),
        promotions, who);
  }

  private static ObjectId seed(Repository repository, ObjectInserter inserter, String ref,
      ObjectId parent, Collection<Promotion> promotions, PersonIdent who) throws IOException {
    ObjectId commit;
    try (ObjectReader reader = inserter.newReader(); RevWalk walk = new RevWalk(reader)) {
      ObjectId baseTree = parent == null ? null : walk.parseCommit(parent).getTree().getId();
      TreeEdits edits = new TreeEdits(reader, inserter);
      if (baseTree == null) {
        edits.put(StateLayout.FORMAT_PATH, StateLayout.formatFile());
      }
      for (Promotion promotion : promotions) {
        edits.put(StateLayout.promotionPath(promotion.id()), StateJson.write(promotion));
        if (promotion.idempotencyKey().isPresent()) {
          edits.put(StateLayout.keyPath(promotion.project(), promotion.idempotencyKey().get()),
              StateLayout.idFile(promotion.id()));
        }
      }
      commit = CommitWriter.commit(inserter, edits.applyTo(baseTree),
          parent == null ? List.of() : List.of(parent), who, who,
          "seed " + promotions.size() + " promotions\n");
    }
    if (RefSwap.compareAndSet(repository, ref, parent, commit, who, "seed")
        != RefSwap.Outcome.MOVED) {
      throw new BatonException(ErrorCode.ILLEGAL_STATE, ref + (parent == null
          ? " exists already" : " moved while seeding"));
    }
    return commit;
  }
}
