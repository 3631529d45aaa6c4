package dev.baton.git.internal;

import dev.baton.git.internal.CommitWriter.TreeEntry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Applies file edits to a Git tree straight in the object database. Only the trees on the paths
 * of the edited files are read and rewritten, so a change to one promotion among many thousands
 * rewrites the root, {@code promotions/} and one fan-out tree, not everything. Not thread-safe
 * (one instance per commit being built).
 */
public final class TreeEdits {
  private final ObjectReader reader;
  private final ObjectInserter inserter;
  // path -> blob id to store, or null to delete
  private final Map<String, ObjectId> edits = new LinkedHashMap<>();

  /** Edits written through {@code inserter}, reading trees with {@code reader}. */
  public TreeEdits(ObjectReader reader, ObjectInserter inserter) {
    this.reader = reader;
    this.inserter = inserter;
  }

  /** Stores {@code content} as a regular file at {@code path}; returns the blob id. */
  public ObjectId put(String path, byte[] content) throws IOException {
    ObjectId id = inserter.insert(Constants.OBJ_BLOB, content);
    edits.put(path, id);
    return id;
  }

  /** Stores a blob already in the object database as a regular file at {@code path}. */
  public void putBlob(String path, ObjectId blob) {
    edits.put(path, blob);
  }

  /** Deletes the file at {@code path}; deleting a missing file is a no-op. */
  public void delete(String path) {
    edits.put(path, null);
  }

  /**
   * Writes the edited tree; folders left empty disappear.
   *
   * @param base the tree to edit, or null for an empty one
   * @return the new root tree id
   */
  public ObjectId applyTo(ObjectId base) throws IOException {
    Map<String, ObjectId> relative = new TreeMap<>(edits);
    ObjectId root = edit(base, relative);
    return root != null ? root : CommitWriter.tree(inserter, List.of());
  }

  private ObjectId edit(ObjectId tree, Map<String, ObjectId> here) throws IOException {
    Map<String, TreeEntry> entries = read(tree);
    Map<String, Map<String, ObjectId>> below = new TreeMap<>();
    for (Map.Entry<String, ObjectId> e : here.entrySet()) {
      String path = e.getKey();
      int slash = path.indexOf('/');
      if (slash < 0) {
        if (e.getValue() == null) {
          entries.remove(path);
        } else {
          entries.put(path, new TreeEntry(path, FileMode.REGULAR_FILE, e.getValue()));
        }
      } else {
        below.computeIfAbsent(path.substring(0, slash), k -> new TreeMap<>())
            .put(path.substring(slash + 1), e.getValue());
      }
    }
    for (Map.Entry<String, Map<String, ObjectId>> sub : below.entrySet()) {
      TreeEntry old = entries.get(sub.getKey());
      ObjectId oldTree = old != null && old.isTree() ? old.id() : null;
      ObjectId updated = edit(oldTree, sub.getValue());
      if (updated == null) {
        entries.remove(sub.getKey());
      } else {
        entries.put(sub.getKey(), new TreeEntry(sub.getKey(), FileMode.TREE, updated));
      }
    }
    if (entries.isEmpty()) {
      return null;
    }
    return CommitWriter.tree(inserter, entries.values());
  }

  private Map<String, TreeEntry> read(ObjectId tree) throws IOException {
    Map<String, TreeEntry> entries = new TreeMap<>();
    if (tree == null) {
      return entries;
    }
    CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
    while (!parser.eof()) {
      String name = parser.getEntryPathString();
      entries.put(name, new TreeEntry(name, parser.getEntryFileMode(), parser.getEntryObjectId()));
      parser.next();
    }
    return entries;
  }
}
