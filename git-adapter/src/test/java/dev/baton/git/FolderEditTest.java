package dev.baton.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.internal.CommitWriter;
import dev.baton.git.internal.CommitWriter.TreeEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path-only folder edit against the whole-folder rebuild it replaced (list every file, apply
 * the changes, refuse a file-folder clash, build every tree again), over seeded random folders
 * and changes: the same tree id, or the same refusal. A failure names its seed.
 */
class FolderEditTest {
  private static final long BASE_SEED = 0x5EED_F01DL;
  private static final String[] NAMES = {"a", "b", "c.yaml", "d.yaml"};

  @TempDir Path tmp;

  @Test
  void givesTheTreeOfTheWholeFolderRebuildOrTheSameRefusal() throws IOException {
    try (Repository git = new FileRepositoryBuilder().setGitDir(tmp.resolve("r.git").toFile())
        .setBare().build()) {
      git.create(true);
      int refused = 0;
      for (int i = 0; i < 400; i++) {
        long seed = BASE_SEED + i;
        if (!check(git, new Random(seed), seed)) {
          refused++;
        }
      }
      assertThat(refused).as("some cases clash").isBetween(1, 399);
    }
  }

  @Test
  void aFileCanTakeTheNameOfAFolderTheSameWriteEmpties() throws IOException {
    try (Repository git = new FileRepositoryBuilder().setGitDir(tmp.resolve("r.git").toFile())
        .setBare().build()) {
      git.create(true);
      try (ObjectInserter inserter = git.newObjectInserter();
          ObjectReader reader = inserter.newReader()) {
        ObjectId folder = build(inserter, files(inserter, "a/b.yaml", "c.yaml"));
        Map<String, Optional<byte[]>> changes = new LinkedHashMap<>();
        changes.put("a/b.yaml", Optional.empty());
        changes.put("a", Optional.of(bytes("now a file")));
        ObjectId edited = FolderEdit.plan(reader, folder, changes, Set.of()).write(inserter);
        assertThat(edited).isEqualTo(build(inserter, Map.of(
            "a", new FolderTrees.Entry(FileMode.REGULAR_FILE, blob(inserter, "now a file")),
            "c.yaml", new FolderTrees.Entry(FileMode.REGULAR_FILE, blob(inserter, "c.yaml")))));

        Map<String, Optional<byte[]>> clash = Map.of("c.yaml/x", Optional.of(bytes("x")));
        assertThatThrownBy(() -> FolderEdit.plan(reader, folder, clash, Set.of()))
            .isInstanceOfSatisfying(BatonException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
      }
    }
  }

  /** One random case; false when both refused it. */
  private static boolean check(Repository git, Random random, long seed) throws IOException {
    try (ObjectInserter inserter = git.newObjectInserter();
        ObjectReader reader = inserter.newReader()) {
      SortedMap<String, FolderTrees.Entry> before = new TreeMap<>();
      int count = random.nextInt(8);
      for (int i = 0; i < count; i++) {
        String path = randomPath(random);
        if (clashes(before.keySet(), path)) {
          continue;
        }
        before.put(path, new FolderTrees.Entry(random.nextInt(4) == 0
            ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE, blob(inserter, path + i)));
      }
      ObjectId folder = before.isEmpty() ? null : build(inserter, before);

      List<String> pool = new ArrayList<>(before.keySet());
      for (String path : before.keySet()) {
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
          pool.add(path.substring(0, slash));
        }
      }
      Map<String, Optional<byte[]>> changes = new LinkedHashMap<>();
      Set<String> executable = new TreeSet<>();
      int edits = 1 + random.nextInt(4);
      for (int i = 0; i < edits; i++) {
        String path = !pool.isEmpty() && random.nextBoolean()
            ? pool.get(random.nextInt(pool.size())) + (random.nextInt(3) == 0 ? "/e.yaml" : "")
            : randomPath(random);
        if (random.nextInt(3) == 0) {
          changes.putIfAbsent(path, Optional.empty());
        } else if (!changes.containsKey(path)) {
          changes.put(path, Optional.of(bytes("new " + path + " " + seed)));
          if (random.nextInt(3) == 0) {
            executable.add(path);
          }
        }
      }
      // What PreparedWrite refuses before any tree is read.
      try {
        FolderTrees.requireNoFileFolderClash(changes.entrySet().stream()
            .filter(e -> e.getValue().isPresent()).map(Map.Entry::getKey).toList());
      } catch (BatonException e) {
        return false;
      }

      ObjectId expected;
      BatonException expectedRefusal = null;
      try {
        expected = wholeFolderRebuild(inserter, before, changes, executable);
      } catch (BatonException e) {
        expected = null;
        expectedRefusal = e;
      }
      try {
        ObjectId actual = FolderEdit.plan(reader, folder, changes, executable).write(inserter);
        assertThat(expectedRefusal).as("seed %d: %s on %s: refused by the rebuild", seed,
            changes.keySet(), before.keySet()).isNull();
        assertThat(actual).as("seed %d: %s on %s", seed, changes.keySet(), before.keySet())
            .isEqualTo(expected);
        return true;
      } catch (BatonException e) {
        assertThat(expectedRefusal).as("seed %d: %s on %s: refused only by the edit (%s)", seed,
            changes.keySet(), before.keySet(), e.getMessage()).isNotNull();
        assertThat(e.code()).isEqualTo(expectedRefusal.code());
        return false;
      }
    }
  }

  /** The algorithm FolderEdit replaced. */
  private static ObjectId wholeFolderRebuild(ObjectInserter inserter,
      SortedMap<String, FolderTrees.Entry> before, Map<String, Optional<byte[]>> changes,
      Set<String> executable) throws IOException {
    SortedMap<String, FolderTrees.Entry> files = new TreeMap<>(before);
    Set<String> paths = new TreeSet<>(files.keySet());
    changes.forEach((path, content) -> {
      if (content.isPresent()) {
        paths.add(path);
      } else {
        paths.remove(path);
      }
    });
    FolderTrees.requireNoFileFolderClash(paths);
    for (Map.Entry<String, Optional<byte[]>> change : changes.entrySet()) {
      String path = change.getKey();
      if (change.getValue().isEmpty()) {
        files.remove(path);
        continue;
      }
      FolderTrees.Entry old = files.get(path);
      FileMode mode = executable.contains(path) || (old != null && old.executable())
          ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE;
      files.put(path, new FolderTrees.Entry(mode,
          inserter.insert(Constants.OBJ_BLOB, change.getValue().get())));
    }
    return files.isEmpty() ? null : build(inserter, files);
  }

  private static ObjectId build(ObjectInserter inserter, Map<String, FolderTrees.Entry> files)
      throws IOException {
    Map<String, FolderTrees.Entry> here = new TreeMap<>();
    Map<String, Map<String, FolderTrees.Entry>> below = new TreeMap<>();
    files.forEach((path, entry) -> {
      int slash = path.indexOf('/');
      if (slash < 0) {
        here.put(path, entry);
      } else {
        below.computeIfAbsent(path.substring(0, slash), k -> new TreeMap<>())
            .put(path.substring(slash + 1), entry);
      }
    });
    List<TreeEntry> items = new ArrayList<>();
    here.forEach((name, entry) -> items.add(new TreeEntry(name, entry.mode(), entry.blob())));
    for (Map.Entry<String, Map<String, FolderTrees.Entry>> sub : below.entrySet()) {
      items.add(new TreeEntry(sub.getKey(), FileMode.TREE, build(inserter, sub.getValue())));
    }
    return CommitWriter.tree(inserter, items);
  }

  private static Map<String, FolderTrees.Entry> files(ObjectInserter inserter, String... paths)
      throws IOException {
    Map<String, FolderTrees.Entry> files = new TreeMap<>();
    for (String path : paths) {
      files.put(path, new FolderTrees.Entry(FileMode.REGULAR_FILE, blob(inserter, path)));
    }
    return files;
  }

  private static boolean clashes(Set<String> existing, String path) {
    List<String> all = new ArrayList<>(existing);
    all.add(path);
    try {
      FolderTrees.requireNoFileFolderClash(all);
      return existing.contains(path);
    } catch (BatonException e) {
      return true;
    }
  }

  private static String randomPath(Random random) {
    int depth = 1 + random.nextInt(3);
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      if (i > 0) {
        path.append('/');
      }
      path.append(NAMES[random.nextInt(NAMES.length)]);
    }
    return path.toString();
  }

  private static ObjectId blob(ObjectInserter inserter, String text) throws IOException {
    return inserter.insert(Constants.OBJ_BLOB, bytes(text));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
