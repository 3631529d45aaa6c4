package dev.baton.git.state;

import dev.baton.git.internal.CommitWriter;
import dev.baton.git.internal.TreeEdits;
import dev.baton.git.state.internal.StateJson;
import dev.baton.git.state.internal.StateLayout;
import dev.baton.git.state.internal.StateLayout.Kind;
import dev.baton.git.state.internal.StateLayout.Location;
import dev.baton.model.PendingNotification;
import dev.baton.model.Promotion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Replays the local side's state changes onto a remote's diverged state, with the store's
 * compare-and-set rules, and writes the merge commit that records the result.
 *
 * <p>What each local commit changed is found by diffing its tree with its first parent's, so the
 * state format needs nothing extra. The local commits replayed are those on the first-parent
 * chain from the local tip back to the first commit the remote already has (a merge commit made
 * by an earlier sync counts as the changes it applied). Each commit's edits are grouped: one
 * promotion with its idempotency key file and the notifications it caused is one group;
 * every other file is a group of its own. A group applies, all or nothing, when every file in
 * it still holds on the remote what the local change found there (its old content), or already
 * holds what the local change wrote. Two exceptions err on the safe side: a freeze being set
 * applies regardless, and so does a notification leaving the outbox (it was delivered here, so
 * it must not be delivered again from the remote's copy). Anything else is refused and reported,
 * never applied. Not thread-safe; one per replay.
 */
final class StateReplay {
  private static final int MAX_READ = 16 << 20;

  private final Repository repository;
  private final ObjectReader reader;
  private final ObjectInserter inserter;
  // path -> blob on the result, zeroId for "deleted"; paths not here are as on the remote
  private final Map<String, ObjectId> overlay = new LinkedHashMap<>();
  private final List<SyncResult.Change> replayed = new ArrayList<>();
  private final List<SyncResult.Change> refused = new ArrayList<>();
  private ObjectId remoteTree;

  /** The merge commit written and what went into it. */
  record Outcome(ObjectId commit, List<SyncResult.Change> replayed,
      List<SyncResult.Change> refused) {}

  /** One file a local commit changed: its content before and after (null: absent). */
  private record Edit(String path, ObjectId before, ObjectId after, Kind kind) {}

  StateReplay(Repository repository, ObjectReader reader, ObjectInserter inserter) {
    this.repository = repository;
    this.reader = reader;
    this.inserter = inserter;
  }

  /**
   * Replays {@code ours}'s changes since it diverged onto {@code theirs} and writes a commit with
   * parents theirs and ours (not yet on any ref).
   */
  Outcome replay(ObjectId ours, ObjectId theirs, String remote, PersonIdent who)
      throws IOException {
    try (RevWalk walk = new RevWalk(reader)) {
      RevCommit mine = walk.parseCommit(ours);
      RevCommit other = walk.parseCommit(theirs);
      remoteTree = other.getTree().getId();
      for (RevCommit c : localChain(walk, mine, other)) {
        RevCommit parent = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
        replayCommit(c, parent == null ? null : parent.getTree().getId(), c.getTree().getId());
      }
      TreeEdits edits = new TreeEdits(reader, inserter);
      overlay.forEach((path, blob) -> {
        if (blob.equals(ObjectId.zeroId())) {
          edits.delete(path);
        } else {
          edits.putBlob(path, blob);
        }
      });
      ObjectId id = CommitWriter.commit(inserter, edits.applyTo(remoteTree),
          List.of(theirs, ours), who, who, message(remote, theirs));
      return new Outcome(id, replayed, refused);
    }
  }

  // The local commits the remote lacks, on the first-parent chain from the tip, oldest first.
  private static List<RevCommit> localChain(RevWalk walk, RevCommit mine, RevCommit other)
      throws IOException {
    walk.markStart(mine);
    walk.markUninteresting(other);
    Set<ObjectId> onlyLocal = new HashSet<>();
    for (RevCommit c : walk) {
      onlyLocal.add(c.copy());
    }
    walk.reset();
    List<RevCommit> chain = new ArrayList<>();
    RevCommit c = mine;
    while (c != null && onlyLocal.contains(c)) {
      chain.add(c);
      c = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
    }
    Collections.reverse(chain);
    return chain;
  }

  private void replayCommit(RevCommit commit, ObjectId before, ObjectId after)
      throws IOException {
    String what = commit.getShortMessage();
    String id = commit.abbreviate(10).name();
    Map<String, List<Edit>> groups = group(diff(before, after));
    for (Map.Entry<String, List<Edit>> g : groups.entrySet()) {
      String description = groups.size() == 1 ? what : what + " [" + g.getKey() + "]";
      List<String> paths = g.getValue().stream().map(Edit::path).toList();
      String conflict = null;
      for (Edit e : g.getValue()) {
        ObjectId now = current(e.path());
        boolean holds = Objects.equals(now, e.before()) || Objects.equals(now, e.after())
            || (e.kind() == Kind.FREEZE && e.after() != null)
            || (e.kind() == Kind.OUTBOX && e.after() == null);
        if (!holds) {
          conflict = e.path() + (now == null ? " is gone" : " changed") + " on the remote";
          break;
        }
      }
      if (conflict != null) {
        refused.add(new SyncResult.Change(id, description, paths, conflict));
        continue;
      }
      for (Edit e : g.getValue()) {
        if (!Objects.equals(current(e.path()), e.after())) {
          overlay.put(e.path(), e.after() == null ? ObjectId.zeroId() : e.after());
        }
      }
      replayed.add(new SyncResult.Change(id, description, paths, ""));
    }
  }

  // A promotion, its key file and the notifications it caused change together or not at all.
  private Map<String, List<Edit>> group(List<Edit> edits) throws IOException {
    Map<String, String> owner = new HashMap<>();
    for (Edit e : edits) {
      if (e.kind() == Kind.PROMOTION) {
        Promotion p = StateJson.read(e.path(), bytes(e.after() != null ? e.after()
            : e.before()), Promotion.class);
        String label = "promotion " + p.id();
        owner.put(e.path(), label);
        owner.put("id:" + p.id().value(), label);
        p.idempotencyKey().ifPresent(k -> owner.put(StateLayout.keyPath(p.project(), k), label));
      }
    }
    Map<String, List<Edit>> groups = new LinkedHashMap<>();
    for (Edit e : edits) {
      String label = owner.get(e.path());
      if (label == null && e.kind() == Kind.OUTBOX) {
        PendingNotification n = StateJson.read(e.path(), bytes(e.after() != null ? e.after()
            : e.before()), PendingNotification.class);
        label = owner.getOrDefault("id:" + n.notification().promotion().value(), e.path());
      }
      groups.computeIfAbsent(label == null ? e.path() : label, k -> new ArrayList<>()).add(e);
    }
    return groups;
  }

  private List<Edit> diff(ObjectId before, ObjectId after) throws IOException {
    List<Edit> edits = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(repository, reader)) {
      walk.setRecursive(true);
      if (before == null) {
        walk.addTree(new EmptyTreeIterator());
      } else {
        walk.addTree(before);
      }
      walk.addTree(after);
      walk.setFilter(TreeFilter.ANY_DIFF);
      while (walk.next()) {
        Location at = StateLayout.parse(walk.getPathString());
        edits.add(new Edit(at.path(), walk.getRawMode(0) == 0 ? null : walk.getObjectId(0),
            walk.getRawMode(1) == 0 ? null : walk.getObjectId(1), at.kind()));
      }
    }
    return edits;
  }

  /** What the result holds at a path so far (null: nothing). */
  private ObjectId current(String path) throws IOException {
    if (overlay.containsKey(path)) {
      ObjectId id = overlay.get(path);
      return id.equals(ObjectId.zeroId()) ? null : id;
    }
    try (TreeWalk walk = TreeWalk.forPath(repository, reader, path, remoteTree)) {
      return walk == null ? null : walk.getObjectId(0);
    }
  }

  private byte[] bytes(ObjectId blob) throws IOException {
    return reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(MAX_READ);
  }

  private String message(String remote, ObjectId theirs) {
    StringBuilder m = new StringBuilder("sync with " + remote + ": replayed "
        + replayed.size() + " local change(s) onto " + theirs.abbreviate(10).name()
        + (refused.isEmpty() ? "" : ", refused " + refused.size()) + "\n");
    if (!replayed.isEmpty()) {
      m.append("\nReplayed:\n");
      replayed.forEach(c -> m.append("  ").append(c.commit()).append(' ')
          .append(c.description()).append('\n'));
    }
    if (!refused.isEmpty()) {
      m.append("\nRefused (the remote changed the same state first):\n");
      refused.forEach(c -> m.append("  ").append(c.commit()).append(' ')
          .append(c.description()).append(": ").append(c.reason()).append('\n'));
    }
    return m.toString();
  }
}
