package dev.baton.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Creates a GitOps repository of a chosen size straight in the object database, never through a
 * working tree: blobs, trees and commits go into one pack ({@link PackStreamInserter}), as a
 * long-lived repository holds them, so that even 100,000 files take seconds.
 *
 * <p>The tree of {@code main}, for {@code n} files:
 * <pre>
 * envs/production/apps/app-NN/{values,kustomization,deployment,service}.yaml   100 files, fixed
 * envs/&lt;7 other environments&gt;/apps/app-NNNN/*.yaml          half of the other n - 100 files
 * charts/chart-NNNN/templates/file-NN.yaml                   the rest, 20 files per chart
 * </pre>
 * The target folder keeps the same size for every {@code n}, so what changes between sizes is only
 * the rest of the repository. Before the head there are {@code history} older promotion commits
 * (each changing one file of another environment), so a write's history scan for its promotion id
 * walks as many commits as it would in a long-lived repository. Every file's content is distinct.
 *
 * <p>Not thread-safe; used only by benchmark setup.
 */
final class SyntheticGitOpsRepository {
  /** The environment benchmarks write to. */
  static final String TARGET_ENVIRONMENT = "production";
  /** The files the target environment folder holds, whatever the repository size. */
  static final int TARGET_FILES = 100;
  /** The other environment folders. */
  static final List<String> OTHER_ENVIRONMENTS =
      List.of("dev", "qa", "staging", "perf", "demo", "eu-production", "us-production");

  private static final String[] APP_FILES =
      {"values.yaml", "kustomization.yaml", "deployment.yaml", "service.yaml"};
  private static final int FILES_PER_CHART = 20;
  private static final PersonIdent SETUP =
      new PersonIdent("Bench Setup", "setup@localhost", Instant.parse("2025-01-01T00:00:00Z"),
          ZoneOffset.UTC);

  private SyntheticGitOpsRepository() {}

  /** The path of one of the three files a benchmark changes in the target folder. */
  static String targetFile(int index) {
    return "apps/app-" + String.format("%02d", index) + "/values.yaml";
  }

  /**
   * Creates the repository with {@code main} checked out as HEAD's branch (HEAD is not checked
   * out into a working tree; the caller does that when it wants one).
   *
   * @param gitDir the Git directory to create ({@code .../repo.git}, or {@code .../work/.git})
   * @param bare whether the repository is bare
   * @param files about how many files the tree of {@code main} holds (at least 100)
   * @param history how many older commits precede the head
   * @return the head commit of {@code main}
   */
  static ObjectId create(Path gitDir, boolean bare, int files, int history) throws IOException {
    if (files < TARGET_FILES) {
      throw new IllegalArgumentException("files must be >= " + TARGET_FILES);
    }
    FileRepositoryBuilder builder = new FileRepositoryBuilder().setGitDir(gitDir.toFile());
    if (bare) {
      builder.setBare();
    } else {
      builder.setWorkTree(gitDir.getParent().toFile());
    }
    try (Repository repository = builder.build()) {
      repository.create(bare);
      StoredConfig config = repository.getConfig();
      // Neither git nor JGit may start a gc in the middle of a measurement.
      config.setInt("gc", null, "auto", 0);
      config.setString("user", null, "name", "Bench");
      config.setString("user", null, "email", "bench@localhost");
      config.setBoolean("commit", null, "gpgsign", false);
      config.save();
      RefUpdate head = repository.updateRef(Constants.HEAD);
      head.disableRefLog();
      head.link(Constants.R_HEADS + "main");

      ObjectId tip;
      try (PackStreamInserter inserter = new PackStreamInserter(repository)) {
        ObjectId tree = initialTree(inserter, files);
        tip = commit(inserter, tree, null, "Initial GitOps repository with " + files + " files");
        int otherEnvFiles = (files - TARGET_FILES) / 2;
        int perEnvironment = Math.max(1, otherEnvFiles / OTHER_ENVIRONMENTS.size());
        for (int i = 0; i < history; i++) {
          String environment = OTHER_ENVIRONMENTS.get(i % OTHER_ENVIRONMENTS.size());
          int app = (i / OTHER_ENVIRONMENTS.size()) % Math.max(1, perEnvironment / 4);
          String path = "envs/" + environment + "/apps/app-" + String.format("%04d", app)
              + "/values.yaml";
          ObjectId blob = inserter.insert(Constants.OBJ_BLOB,
              yaml(path, 1_000_000 + i).getBytes(StandardCharsets.UTF_8));
          tree = replaceBlobs(inserter::tree, inserter, tree, Map.of(path, blob));
          tip = commit(inserter, tree, tip, "Promote staging to " + environment + "\n\n"
              + "Promotion-Id: history-" + i + "\nEnvironment: envs/" + environment
              + "\nRequested-by: alice\nApproved-by: bob\n");
        }
        inserter.flush();
      }
      RefUpdate main = repository.updateRef(Constants.R_HEADS + "main");
      main.setExpectedOldObjectId(ObjectId.zeroId());
      main.setNewObjectId(tip);
      main.disableRefLog();
      RefUpdate.Result result = main.update();
      if (result != RefUpdate.Result.NEW) {
        throw new IOException("could not create main: " + result);
      }
      return tip;
    }
  }

  /** Plausible YAML of about 300 bytes, distinct per path and version. */
  static String yaml(String path, long version) {
    return "# " + path + "\n"
        + "replicaCount: " + (1 + version % 5) + "\n"
        + "image:\n"
        + "  repository: registry.example.com/shop/" + path.hashCode() + "\n"
        + "  tag: \"1." + (version % 97) + "." + version + "\"\n"
        + "resources:\n"
        + "  requests:\n"
        + "    cpu: " + (100 + version % 400) + "m\n"
        + "    memory: " + (128 + version % 512) + "Mi\n"
        + "env:\n"
        + "  LOG_LEVEL: info\n"
        + "  FEATURE_FLAGS: \"checkout,search,recommendations\"\n";
  }

  private static ObjectId initialTree(ObjectInserter inserter, int files) throws IOException {
    List<String> paths = new ArrayList<>(files);
    for (int app = 0; app < TARGET_FILES / APP_FILES.length; app++) {
      for (String name : APP_FILES) {
        paths.add("envs/" + TARGET_ENVIRONMENT + "/apps/app-" + String.format("%02d", app) + "/"
            + name);
      }
    }
    int rest = files - TARGET_FILES;
    int otherEnvFiles = rest / 2;
    int perEnvironment = otherEnvFiles / OTHER_ENVIRONMENTS.size();
    for (int e = 0; e < OTHER_ENVIRONMENTS.size(); e++) {
      int count = e == OTHER_ENVIRONMENTS.size() - 1
          ? otherEnvFiles - perEnvironment * e : perEnvironment;
      for (int i = 0; i < count; i++) {
        paths.add("envs/" + OTHER_ENVIRONMENTS.get(e) + "/apps/app-"
            + String.format("%04d", i / APP_FILES.length) + "/" + APP_FILES[i % APP_FILES.length]);
      }
    }
    for (int i = 0; i < rest - otherEnvFiles; i++) {
      paths.add("charts/chart-" + String.format("%04d", i / FILES_PER_CHART) + "/templates/file-"
          + String.format("%02d", i % FILES_PER_CHART) + ".yaml");
    }
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    for (String path : paths) {
      DirCacheEntry entry = new DirCacheEntry(path);
      entry.setFileMode(FileMode.REGULAR_FILE);
      entry.setObjectId(
          inserter.insert(Constants.OBJ_BLOB, yaml(path, 0).getBytes(StandardCharsets.UTF_8)));
      builder.add(entry);
    }
    builder.finish();
    return index.writeTree(inserter);
  }

  private static ObjectId commit(ObjectInserter inserter, ObjectId tree, ObjectId parent,
      String message) throws IOException {
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    if (parent != null) {
      commit.setParentId(parent);
    }
    commit.setAuthor(SETUP);
    commit.setCommitter(SETUP);
    commit.setMessage(message);
    return inserter.insert(commit);
  }

  /** Where {@link #replaceBlobs} reads a tree's content. */
  @FunctionalInterface
  interface Trees {
    /** The raw content of a tree. */
    byte[] content(ObjectId tree) throws IOException;
  }

  /** The trees of a repository, read through {@code reader}. */
  static Trees trees(ObjectReader reader) {
    return tree -> reader.open(tree, Constants.OBJ_TREE).getCachedBytes();
  }

  /**
   * The tree equal to {@code tree} except that the existing files named by {@code edits} (paths
   * relative to {@code tree}) hold the given blobs. Only the trees along those paths are read and
   * rewritten; each entry keeps its place, so the order Git requires is kept.
   *
   * @throws IOException when a path does not exist
   */
  static ObjectId replaceBlobs(Trees trees, ObjectInserter inserter, ObjectId tree,
      Map<String, ObjectId> edits) throws IOException {
    Map<String, ObjectId> files = new HashMap<>();
    Map<String, Map<String, ObjectId>> below = new HashMap<>();
    for (Map.Entry<String, ObjectId> edit : edits.entrySet()) {
      String path = edit.getKey();
      int slash = path.indexOf('/');
      if (slash < 0) {
        files.put(path, edit.getValue());
      } else {
        below.computeIfAbsent(path.substring(0, slash), k -> new HashMap<>())
            .put(path.substring(slash + 1), edit.getValue());
      }
    }
    TreeFormatter formatter = new TreeFormatter();
    int found = 0;
    CanonicalTreeParser parser = new CanonicalTreeParser();
    parser.reset(trees.content(tree));
    for (; !parser.eof(); parser.next()) {
      String name = parser.getEntryPathString();
      ObjectId id = parser.getEntryObjectId();
      if (files.containsKey(name)) {
        id = files.get(name);
        found++;
      } else if (below.containsKey(name)) {
        id = replaceBlobs(trees, inserter, id, below.get(name));
        found++;
      }
      formatter.append(name, parser.getEntryFileMode(), id);
    }
    if (found != files.size() + below.size()) {
      throw new IOException("not every path of " + edits.keySet() + " is in " + tree.name());
    }
    return inserter.insert(formatter);
  }
}
