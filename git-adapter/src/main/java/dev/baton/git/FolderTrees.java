package dev.baton.git;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.internal.CommitWriter;
import dev.baton.git.internal.CommitWriter.TreeEntry;
import dev.baton.model.EnvironmentPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Tree plumbing: find an environment folder in a commit's tree, list and read its files with the
 * safety rules, and build a new root tree in which only that folder differs. Works on the object
 * database only; no working tree, no index file.
 */
final class FolderTrees {

  /** One file of a folder: its mode (regular or executable) and blob. */
  record Entry(FileMode mode, ObjectId blob) {
    boolean executable() {
      return FileMode.EXECUTABLE_FILE.equals(mode.getBits());
    }
  }

  private FolderTrees() {}

  /**
   * The folder's tree in {@code rootTree}, or empty when the folder (or one of its parents) does
   * not exist.
   *
   * @throws BatonException PATH_OUTSIDE_ENVIRONMENT when the folder or a parent is a symbolic
   *     link or a submodule; STORE_CORRUPT when it is a plain file
   */
  static Optional<ObjectId> resolve(ObjectReader reader, ObjectId rootTree, String folder)
      throws IOException {
    ObjectId current = rootTree;
    String walked = "";
    for (String segment : folder.split("/")) {
      walked = walked.isEmpty() ? segment : walked + "/" + segment;
      try (TreeWalk walk = TreeWalk.forPath(reader, segment, current)) {
        if (walk == null) {
          return Optional.empty();
        }
        int mode = walk.getRawMode(0);
        if (!FileMode.TREE.equals(mode)) {
          throw notAFolder(walked, mode);
        }
        current = walk.getObjectId(0);
      }
    }
    return Optional.of(current);
  }

  /**
   * Every file under a folder tree, keyed by its path relative to the folder.
   *
   * @throws BatonException PATH_OUTSIDE_ENVIRONMENT for a symbolic link, a submodule (gitlink) or
   *     a path that breaks the environment path rule
   */
  static SortedMap<String, Entry> files(ObjectReader reader, ObjectId folderTree, String folder)
      throws IOException {
    SortedMap<String, Entry> files = new TreeMap<>();
    visit(reader, folderTree, folder, files);
    return files;
  }

  /**
   * Checks every file under a folder tree against the rules of {@link #files} without keeping
   * the listing.
   */
  static void verify(ObjectReader reader, ObjectId folderTree, String folder) throws IOException {
    visit(reader, folderTree, folder, null);
  }

  private static void visit(ObjectReader reader, ObjectId folderTree, String folder,
      Map<String, Entry> files) throws IOException {
    try (TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(folderTree);
      walk.setRecursive(true);
      while (walk.next()) {
        String path = walk.getPathString();
        int mode = walk.getRawMode(0);
        if (FileMode.SYMLINK.equals(mode)) {
          throw outside(folder + "/" + path + " is a symbolic link");
        }
        if (FileMode.GITLINK.equals(mode)) {
          throw outside(folder + "/" + path + " is a submodule (gitlink)");
        }
        if (!FileMode.REGULAR_FILE.equals(mode) && !FileMode.EXECUTABLE_FILE.equals(mode)) {
          throw new BatonException(ErrorCode.STORE_CORRUPT,
              folder + "/" + path + " has an unknown file mode " + Integer.toOctalString(mode));
        }
        EnvironmentPaths.requireInside(path);
        if (files != null) {
          files.put(path, new Entry(FileMode.fromBits(mode), walk.getObjectId(0)));
        }
      }
    }
  }

  /**
   * A blob as UTF-8 text.
   *
   * @throws BatonException DOCUMENT_TOO_LARGE over {@code maxBytes}; MALFORMED_DOCUMENT when the
   *     bytes are not UTF-8
   */
  static String text(ObjectReader reader, ObjectId blob, String displayPath, long maxBytes)
      throws IOException {
    long size = reader.getObjectSize(blob, Constants.OBJ_BLOB);
    if (size > maxBytes) {
      throw tooLarge(displayPath, size, maxBytes);
    }
    byte[] bytes = reader.open(blob, Constants.OBJ_BLOB).getCachedBytes((int) maxBytes);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BatonException(ErrorCode.MALFORMED_DOCUMENT,
          displayPath + " is not UTF-8 text", e);
    }
  }

  static BatonException tooLarge(String displayPath, long size, long maxBytes) {
    return new BatonException(ErrorCode.DOCUMENT_TOO_LARGE,
        displayPath + " has " + size + " bytes, more than the limit of " + maxBytes);
  }

  /**
   * Refuses a set of folder paths in which one path is a parent folder of another: Git cannot
   * hold a file and a folder under one name.
   */
  static void requireNoFileFolderClash(Collection<String> paths) {
    TreeSet<String> all = new TreeSet<>(paths);
    for (String path : all) {
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        String parent = path.substring(0, slash);
        if (all.contains(parent)) {
          throw new BatonException(ErrorCode.INVALID_ARGUMENT,
              "'" + parent + "' would be both a file and the folder of '" + path + "'");
        }
      }
    }
  }

  /**
   * Writes a root tree equal to {@code rootTree} (null: an empty repository) except that
   * {@code folder} is {@code folderTree}; null removes the folder (and parents it leaves empty).
   * Only the trees along the folder's path are read and written again; everything beside them
   * keeps its object id, so the cost follows the folder's depth, not the repository.
   */
  static ObjectId replaceFolder(ObjectReader reader, ObjectInserter inserter, ObjectId rootTree,
      String folder, ObjectId folderTree) throws IOException {
    String[] segments = folder.split("/");
    // parents[i] is the tree that holds segments[i]; null where the path does not exist yet
    ObjectId[] parents = new ObjectId[segments.length];
    ObjectId current = rootTree;
    for (int i = 0; i < segments.length; i++) {
      parents[i] = current;
      current = current == null ? null : child(reader, current, segments, i);
    }
    ObjectId replacement = folderTree;
    for (int i = segments.length - 1; i >= 0; i--) {
      List<TreeEntry> items = parents[i] == null ? new ArrayList<>() : items(reader, parents[i]);
      String name = segments[i];
      items.removeIf(item -> item.name().equals(name));
      if (replacement != null) {
        items.add(new TreeEntry(name, FileMode.TREE, replacement));
      }
      replacement = items.isEmpty() && i > 0 ? null : CommitWriter.tree(inserter, items);
    }
    return replacement;
  }

  /** The subtree {@code segments[i]} of {@code tree}, or null when it does not exist. */
  private static ObjectId child(ObjectReader reader, ObjectId tree, String[] segments, int i)
      throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(reader, segments[i], tree)) {
      if (walk == null) {
        return null;
      }
      int mode = walk.getRawMode(0);
      if (!FileMode.TREE.equals(mode)) {
        throw notAFolder(String.join("/", Arrays.copyOf(segments, i + 1)), mode);
      }
      return walk.getObjectId(0);
    }
  }

  private static List<TreeEntry> items(ObjectReader reader, ObjectId tree) throws IOException {
    List<TreeEntry> items = new ArrayList<>();
    CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
    for (; !parser.eof(); parser.next()) {
      items.add(new TreeEntry(parser.getEntryPathString(), parser.getEntryFileMode(),
          parser.getEntryObjectId()));
    }
    return items;
  }

  private static BatonException notAFolder(String path, int mode) {
    if (FileMode.SYMLINK.equals(mode)) {
      return outside(path + " is a symbolic link, not a folder");
    }
    if (FileMode.GITLINK.equals(mode)) {
      return outside(path + " is a submodule (gitlink), not a folder");
    }
    return new BatonException(ErrorCode.STORE_CORRUPT,
        path + " is a file where the layout expects a folder");
  }

  private static BatonException outside(String message) {
    return new BatonException(ErrorCode.PATH_OUTSIDE_ENVIRONMENT, message);
  }
}
