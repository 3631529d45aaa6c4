package dev.baton.git.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Applies file edits to a Git tree straight in the object database. Only the trees on the paths
 * of the edited files are read and rewritten, so a change to one promotion among many thousands
 * rewrites the root, {@code promotions/} and one fan-out tree, not everything. Not thread-safe
 * (one instance per commit being built).
 */
final class TreeEdits {
  private final ObjectReader reader;
  private final ObjectInserter inserter;
  // path -> blob id to store, or null to delete
  private final Map<String, ObjectId> edits = new LinkedHashMap<>();

  TreeEdits(ObjectReader reader, ObjectInserter inserter) {
    this.reader = reader;
    this.inserter = inserter;
  }

  /** Stores {@code content} as a regular file at {@code path}; returns the blob id. */
  ObjectId put(String path, byte[] content) throws IOException {
    ObjectId id = inserter.insert(Constants.OBJ_BLOB, content);
    edits.put(path, id);
    return id;
  }

  /** Stores a blob already in the object database as a regular file at {@code path}. */
  void putBlob(String path, ObjectId blob) {
    edits.put(path, blob);
  }

  /** Deletes the file at {@code path}; deleting a missing file is a no-op. */
  void delete(String path) {
    edits.put(path, null);
  }

  boolean isEmpty() {
    return edits.isEmpty();
  }

  /**
   * Writes the edited tree; folders left empty disappear.
   *
   * @param base the tree to edit, or null for an empty one
   * @return the new root tree id
   */
  ObjectId applyTo(ObjectId base) throws IOException {
    Map<String, ObjectId> relative = new TreeMap<>(edits);
    ObjectId root = edit(base, relative);
    return root != null ? root : inserter.insert(new TreeFormatter());
  }

  private ObjectId edit(ObjectId tree, Map<String, ObjectId> here) throws IOException {
    Map<String, Entry> entries = read(tree);
    Map<String, Map<String, ObjectId>> below = new TreeMap<>();
    for (Map.Entry<String, ObjectId> e : here.entrySet()) {
      String path = e.getKey();
      int slash = path.indexOf('/');
      if (slash < 0) {
        if (e.getValue() == null) {
          entries.remove(path);
        } else {
          entries.put(path, new Entry(FileMode.REGULAR_FILE, e.getValue()));
        }
      } else {
        below.computeIfAbsent(path.substring(0, slash), k -> new TreeMap<>())
            .put(path.substring(slash + 1), e.getValue());
      }
    }
    for (Map.Entry<String, Map<String, ObjectId>> sub : below.entrySet()) {
      Entry old = entries.get(sub.getKey());
      ObjectId oldTree = old != null && old.isTree() ? old.id() : null;
      ObjectId updated = edit(oldTree, sub.getValue());
      if (updated == null) {
        entries.remove(sub.getKey());
      } else {
        entries.put(sub.getKey(), new Entry(FileMode.TREE, updated));
      }
    }
    if (entries.isEmpty()) {
      return null;
    }
    return inserter.insert(format(entries));
  }

  private Map<String, Entry> read(ObjectId tree) throws IOException {
    Map<String, Entry> entries = new TreeMap<>();
    if (tree == null) {
      return entries;
    }
    CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
    while (!parser.eof()) {
      entries.put(parser.getEntryPathString(),
          new Entry(parser.getEntryFileMode(), parser.getEntryObjectId()));
      parser.next();
    }
    return entries;
  }

  private static TreeFormatter format(Map<String, Entry> entries) {
    List<Map.Entry<String, Entry>> sorted = new ArrayList<>(entries.entrySet());
    // Git orders entries by name bytes, a tree's name compared as if it ended in '/'.
    sorted.sort((a, b) -> Arrays.compareUnsigned(
        sortKey(a.getKey(), a.getValue()), sortKey(b.getKey(), b.getValue())));
    TreeFormatter formatter = new TreeFormatter();
    for (Map.Entry<String, Entry> e : sorted) {
      formatter.append(e.getKey(), e.getValue().mode(), e.getValue().id());
    }
    return formatter;
  }

  private static byte[] sortKey(String name, Entry entry) {
    String key = entry.isTree() ? name + "/" : name;
    return key.getBytes(StandardCharsets.UTF_8);
  }

  private record Entry(FileMode mode, ObjectId id) {
    boolean isTree() {
      return mode.getObjectType() == Constants.OBJ_TREE;
    }
  }
}
