package dev.baton.git;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Tree plumbing: find an environment folder in a commit's tree, list and read its files with the
 * safety rules, and build a new root tree in which only that folder differs. Works on the object
 * database only; no working tree, no index file.
 */
final class FolderTrees {

  /** One file of a folder: its mode (regular or executable) and blob. */
  record Entry(FileMode mode, ObjectId blob) {}

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
        files.put(path, new Entry(FileMode.fromBits(mode), walk.getObjectId(0)));
      }
    }
    return files;
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
   * {@code folder} holds exactly {@code files}; no files removes the folder. Everything outside
   * the folder keeps its mode and object id.
   */
  static ObjectId rewrite(ObjectReader reader, ObjectInserter inserter, ObjectId rootTree,
      String folder, Map<String, Entry> files) throws IOException {
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    if (rootTree != null) {
      keepOutside(reader, builder, rootTree, folder);
    }
    for (Map.Entry<String, Entry> file : files.entrySet()) {
      DirCacheEntry entry = new DirCacheEntry(folder + "/" + file.getKey());
      entry.setFileMode(file.getValue().mode());
      entry.setObjectId(file.getValue().blob());
      builder.add(entry);
    }
    builder.finish();
    return index.writeTree(inserter);
  }

  /** Adds every entry of the root tree except the folder, descending only along its path. */
  private static void keepOutside(ObjectReader reader, DirCacheBuilder builder, ObjectId rootTree,
      String folder) throws IOException {
    try (TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(rootTree);
      walk.setRecursive(false);
      while (walk.next()) {
        String path = walk.getPathString();
        boolean subtree = walk.isSubtree();
        if (path.equals(folder)) {
          if (!subtree) {
            throw notAFolder(path, walk.getRawMode(0));
          }
        } else if (folder.startsWith(path + "/")) {
          if (!subtree) {
            throw notAFolder(path, walk.getRawMode(0));
          }
          walk.enterSubtree();
        } else if (subtree) {
          builder.addTree(walk.getRawPath(), DirCacheEntry.STAGE_0, reader, walk.getObjectId(0));
        } else {
          DirCacheEntry entry = new DirCacheEntry(walk.getRawPath());
          entry.setFileMode(walk.getFileMode(0));
          entry.setObjectId(walk.getObjectId(0));
          builder.add(entry);
        }
      }
    }
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
