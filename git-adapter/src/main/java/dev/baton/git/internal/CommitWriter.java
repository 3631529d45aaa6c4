package dev.baton.git.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * Writes trees and commits straight into the object database: no working tree, no index, no
 * checkout. Moving a ref onto the commit is {@link RefSwap}'s job. Stateless; thread-safe (the
 * inserter passed in is not).
 */
public final class CommitWriter {
  private CommitWriter() {}

  /**
   * One entry of a tree.
   *
   * @param name the entry's name (one path segment)
   * @param mode file, executable file or tree
   * @param id the blob or tree
   */
  public record TreeEntry(String name, FileMode mode, ObjectId id) {
    boolean isTree() {
      return mode.getObjectType() == Constants.OBJ_TREE;
    }

    /** Git orders a tree's entries by name bytes, a subtree's name read as if it ended in '/'. */
    private byte[] sortKey() {
      return Constants.encode(isTree() ? name + "/" : name);
    }
  }

  /** Inserts a tree holding {@code entries} (in any order; Git's order is applied). */
  public static ObjectId tree(ObjectInserter inserter, Collection<TreeEntry> entries)
      throws IOException {
    List<TreeEntry> sorted = new ArrayList<>(entries);
    sorted.sort((a, b) -> Arrays.compareUnsigned(a.sortKey(), b.sortKey()));
    TreeFormatter tree = new TreeFormatter();
    for (TreeEntry entry : sorted) {
      tree.append(entry.name(), entry.mode(), entry.id());
    }
    return inserter.insert(tree);
  }

  /**
   * Inserts a commit of {@code tree} on {@code parents} (none: a root commit) and flushes the
   * inserter, so that the commit and everything it names can be put on a ref.
   */
  public static ObjectId commit(ObjectInserter inserter, ObjectId tree, List<ObjectId> parents,
      PersonIdent author, PersonIdent committer, String message) throws IOException {
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    commit.setParentIds(parents);
    commit.setAuthor(author);
    commit.setCommitter(committer);
    commit.setMessage(message);
    ObjectId id = inserter.insert(commit);
    inserter.flush();
    return id;
  }
}
