package dev.baton.git;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.internal.CommitWriter;
import dev.baton.git.internal.CommitWriter.TreeEntry;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A write's changes to one environment folder, applied to the folder's tree along the changed
 * paths only: the trees on those paths are read and written again, every other subtree keeps its
 * id, so the cost follows the number of changed files, not the size of the folder.
 *
 * <p>{@link #plan} reads and checks everything first (a file and a folder under one name is
 * refused with INVALID_ARGUMENT, exactly as listing the whole folder would find it) and writes
 * nothing; {@link #write} then inserts the blobs and trees. The result is the tree that listing
 * every file, applying the changes and building the folder again would give: a deletion of a
 * missing file is a no-op, a file keeps its executable bit unless the change sets it, and folders
 * left empty disappear. Not thread-safe (one per attempt).
 */
final class FolderEdit {
  private final Node root;

  private FolderEdit(Node root) {
    this.root = root;
  }

  /**
   * Plans the changes against {@code folderTree} (null: the folder does not exist yet).
   *
   * @param changes path relative to the folder to its new content (empty: delete)
   * @param executable the paths the write marks executable
   * @throws BatonException INVALID_ARGUMENT when a path would be both a file and a folder
   */
  static FolderEdit plan(ObjectReader reader, ObjectId folderTree,
      Map<String, Optional<byte[]>> changes, Set<String> executable) throws IOException {
    return new FolderEdit(plan(reader, folderTree, "", new TreeMap<>(changes), executable));
  }

  /** Inserts the new blobs and trees; the folder's new tree, or null when it is left empty. */
  ObjectId write(ObjectInserter inserter) throws IOException {
    return write(inserter, root);
  }

  /** One folder on a changed path: its entries as the write leaves them, and what is below. */
  private static final class Node {
    final Map<String, TreeEntry> entries;
    final Map<String, Node> children = new TreeMap<>();
    final Map<String, byte[]> puts = new TreeMap<>();
    final Map<String, FileMode> modes = new TreeMap<>();

    Node(Map<String, TreeEntry> entries) {
      this.entries = entries;
    }

    /** Whether nothing at all is left in this folder. */
    boolean empty() {
      if (!puts.isEmpty()) {
        return false;
      }
      for (TreeEntry entry : entries.values()) {
        Node child = children.get(entry.name());
        if (child == null || !child.empty()) {
          return false;
        }
      }
      return children.values().stream().allMatch(Node::empty);
    }
  }

  private static Node plan(ObjectReader reader, ObjectId tree, String prefix,
      Map<String, Optional<byte[]>> edits, Set<String> executable) throws IOException {
    Node node = new Node(read(reader, tree));
    Map<String, Optional<byte[]>> here = new TreeMap<>();
    Map<String, Map<String, Optional<byte[]>>> below = new TreeMap<>();
    edits.forEach((path, content) -> {
      int slash = path.indexOf('/');
      if (slash < 0) {
        here.put(path, content);
      } else {
        below.computeIfAbsent(path.substring(0, slash), k -> new TreeMap<>())
            .put(path.substring(slash + 1), content);
      }
    });
    // Deletions first: deleting a file frees its name for a folder in the same write.
    here.forEach((name, content) -> {
      TreeEntry old = node.entries.get(name);
      if (content.isEmpty() && old != null && !isTree(old)) {
        node.entries.remove(name);
      }
    });
    for (Map.Entry<String, Map<String, Optional<byte[]>>> group : below.entrySet()) {
      String name = group.getKey();
      TreeEntry old = node.entries.get(name);
      if (old != null && !isTree(old)) {
        Optional<String> put = firstPut(group.getValue());
        if (put.isPresent()) {
          throw clash(prefix + name, prefix + name + "/" + put.get());
        }
        continue; // only deletions inside a file's name: nothing to delete
      }
      node.children.put(name, plan(reader, old == null ? null : old.id(), prefix + name + "/",
          group.getValue(), executable));
    }
    for (Map.Entry<String, Optional<byte[]>> change : here.entrySet()) {
      if (change.getValue().isEmpty()) {
        continue;
      }
      String name = change.getKey();
      TreeEntry old = node.entries.get(name);
      if (old != null && isTree(old)) {
        Node child = node.children.remove(name);
        Optional<String> left =
            child == null ? anyFile(reader, old.id()) : anyFile(reader, child);
        if (left.isPresent()) {
          throw clash(prefix + name, prefix + name + "/" + left.get());
        }
        old = null;
      }
      // The bit is sticky: set when the change says so, else an existing file keeps its mode.
      boolean exec = executable.contains(prefix + name)
          || (old != null && old.mode().getBits() == FileMode.EXECUTABLE_FILE.getBits());
      node.entries.remove(name);
      node.puts.put(name, change.getValue().get());
      node.modes.put(name, exec ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE);
    }
    return node;
  }

  private static ObjectId write(ObjectInserter inserter, Node node) throws IOException {
    Map<String, TreeEntry> entries = new TreeMap<>(node.entries);
    for (Map.Entry<String, Node> child : node.children.entrySet()) {
      ObjectId id = write(inserter, child.getValue());
      if (id == null) {
        entries.remove(child.getKey());
      } else {
        entries.put(child.getKey(), new TreeEntry(child.getKey(), FileMode.TREE, id));
      }
    }
    for (Map.Entry<String, byte[]> put : node.puts.entrySet()) {
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, put.getValue());
      entries.put(put.getKey(),
          new TreeEntry(put.getKey(), node.modes.get(put.getKey()), blob));
    }
    return entries.isEmpty() ? null : CommitWriter.tree(inserter, entries.values());
  }

  private static Map<String, TreeEntry> read(ObjectReader reader, ObjectId tree)
      throws IOException {
    Map<String, TreeEntry> entries = new TreeMap<>();
    if (tree == null) {
      return entries;
    }
    for (CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
        !parser.eof(); parser.next()) {
      String name = parser.getEntryPathString();
      entries.put(name, new TreeEntry(name, parser.getEntryFileMode(),
          parser.getEntryObjectId()));
    }
    return entries;
  }

  private static boolean isTree(TreeEntry entry) {
    return entry.mode().getObjectType() == Constants.OBJ_TREE;
  }

  private static Optional<String> firstPut(Map<String, Optional<byte[]>> edits) {
    return edits.entrySet().stream().filter(e -> e.getValue().isPresent())
        .map(Map.Entry::getKey).findFirst();
  }

  /** A file the planned folder still holds, relative to it. */
  private static Optional<String> anyFile(ObjectReader reader, Node node) throws IOException {
    if (!node.puts.isEmpty()) {
      return Optional.of(node.puts.keySet().iterator().next());
    }
    for (TreeEntry entry : node.entries.values()) {
      if (node.children.containsKey(entry.name())) {
        continue;
      }
      Optional<String> found = isTree(entry)
          ? anyFile(reader, entry.id()).map(below -> entry.name() + "/" + below)
          : Optional.of(entry.name());
      if (found.isPresent()) {
        return found;
      }
    }
    for (Map.Entry<String, Node> child : node.children.entrySet()) {
      Optional<String> below = anyFile(reader, child.getValue());
      if (below.isPresent()) {
        return Optional.of(child.getKey() + "/" + below.get());
      }
    }
    return Optional.empty();
  }

  /** A file an untouched subtree holds, relative to it. */
  private static Optional<String> anyFile(ObjectReader reader, ObjectId tree) throws IOException {
    try (TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(tree);
      walk.setRecursive(true);
      return walk.next() ? Optional.of(walk.getPathString()) : Optional.empty();
    }
  }

  private static BatonException clash(String parent, String path) {
    return new BatonException(ErrorCode.INVALID_ARGUMENT,
        "'" + parent + "' would be both a file and the folder of '" + path + "'");
  }
}
