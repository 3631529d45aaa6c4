package dev.baton.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.baton.Baton;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.GitEnvironmentRepository;
import dev.baton.git.state.GitStateStore;
import dev.baton.model.ProjectId;
import dev.baton.model.UserId;
import dev.baton.model.DeployResult;
import dev.baton.spi.Authorizer;
import dev.baton.spi.Deployer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.errors.CheckoutConflictException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * One opened GitOps repository and the engine wired on it: environments are folders
 * {@code envs/<env>/} on a branch ({@link GitEnvironmentRepository}); promotions, pipelines and
 * freezes are kept on {@code refs/baton/state} ({@link GitStateStore}); deploys run the commands
 * of {@code .baton/deploy.yaml} ({@link CommandDeployer}); notifications are appended to
 * {@code <git dir>/baton/notifications.jsonl} ({@link JsonLinesNotifier}); everyone may do
 * everything ({@link Authorizer#allowAll()}).
 *
 * <p>Not thread-safe as a whole (the engine it holds is); close it when done.
 */
final class Workspace implements AutoCloseable {
  /** The pipeline file on the branch. */
  static final String PIPELINE_FILE = ".baton/pipeline.yaml";
  /** The deploy commands file on the branch. */
  static final String DEPLOY_FILE = ".baton/deploy.yaml";
  /** The project used when nothing names one. */
  static final String DEFAULT_PROJECT = "default";

  private final Repository repository;
  private final String branch;
  private final GitEnvironmentRepository environments;
  private final GitStateStore state;
  private final Baton baton;
  private final ProjectId project;
  private final Optional<UserId> user;
  // The branch tip when opened, when the work tree has the branch checked out.
  private final Optional<ObjectId> checkedOutTip;

  private final Optional<BatonException> deployProblem;

  private Workspace(Repository repository, String branch, GitEnvironmentRepository environments,
      GitStateStore state, Baton baton, ProjectId project, Optional<UserId> user,
      Optional<BatonException> deployProblem) {
    this.deployProblem = deployProblem;
    this.checkedOutTip = checkedOutTip(repository, branch);
    this.repository = repository;
    this.branch = branch;
    this.environments = environments;
    this.state = state;
    this.baton = baton;
    this.project = project;
    this.user = user;
  }

  /**
   * Opens the repository at (or above) the settings' folder and wires an engine on it.
   *
   * @throws BatonException INVALID_ARGUMENT when there is no Git repository there
   */
  static Workspace open(WorkspaceSettings settings) {
    Repository repository = openRepository(settings.repository());
    GitEnvironmentRepository environments = null;
    GitStateStore state = null;
    try {
      String branch = settings.branch().orElseGet(() -> currentBranch(repository));
      Path gitDir = repository.getDirectory().toPath();
      environments = GitEnvironmentRepository.builder().repository(gitDir).branch(branch).build();
      GitStateStore store = GitStateStore.open(gitDir);
      state = store;
      Optional<String> deployFile = readOnBranch(repository, branch, DEPLOY_FILE);
      Deployer deployer;
      Optional<BatonException> deployProblem;
      try {
        deployer = CommandDeployer.fromYaml(deployFile,
            repository.isBare() ? gitDir : repository.getWorkTree().toPath());
        deployProblem = Optional.empty();
      } catch (BatonException e) {
        // Reads still work with a broken deploy file; the verbs that may deploy refuse first.
        deployer = request -> DeployResult.failed(e.getMessage());
        deployProblem = Optional.of(e);
      }
      Baton.Builder wiring = Baton.builder();
      settings.instanceId().ifPresent(wiring::instanceId);
      Baton baton = wiring
          .environments(environments)
          .promotionStore(state)
          .pipelineStore(state)
          .freezeStore(state)
          .deployer(deployer)
          .notifier(new JsonLinesNotifier(gitDir.resolve("baton").resolve("notifications.jsonl")))
          .authorizer(Authorizer.allowAll())
          .claimLease(settings.claimLease())
          .build();
      ProjectId project = ProjectId.of(settings.project()
          .or(() -> projectOfPipelineFile(repository, branch))
          .or(() -> onlyProject(store.projects()))
          .orElse(DEFAULT_PROJECT));
      Optional<UserId> user = settings.user()
          .or(() -> Optional.ofNullable(repository.getConfig().getString("user", null, "email")))
          .filter(s -> !s.isBlank())
          .map(UserId::of);
      return new Workspace(repository, branch, environments, state, baton, project, user,
          deployProblem);
    } catch (RuntimeException e) {
      if (state != null) {
        state.close();
      }
      if (environments != null) {
        environments.close();
      }
      repository.close();
      throw e;
    }
  }

  /**
   * Refuses (MALFORMED_DOCUMENT, every problem listed) when {@code .baton/deploy.yaml} is
   * broken; the commands that may deploy call it before they change anything.
   */
  void requireValidDeployFile() {
    if (deployProblem.isPresent()) {
      throw deployProblem.get();
    }
  }

  /** The engine. */
  Baton baton() {
    return baton;
  }

  /** The project commands act on. */
  ProjectId project() {
    return project;
  }

  /** The acting user, if known. */
  Optional<UserId> user() {
    return user;
  }

  /** The branch environments live on. */
  String branch() {
    return branch;
  }

  /** The opened repository (for reading files and history). */
  Repository repository() {
    return repository;
  }

  /** The durable store (promotions of every project, pipelines, freezes). */
  GitStateStore state() {
    return state;
  }

  /**
   * Brings the work tree and index up to the branch when Baton committed on the checked-out
   * branch (Baton commits straight into the object database, like a push from elsewhere would).
   * It is the two-way merge of {@code git read-tree -m -u OLD NEW}: local changes to files the
   * commits did not touch stay; if they touched a file with local changes nothing is updated.
   *
   * @return a warning for people when the work tree could not be updated
   */
  Optional<String> syncWorkTree() {
    if (checkedOutTip.isEmpty()) {
      return Optional.empty();
    }
    try {
      ObjectId now = repository.resolve(Constants.R_HEADS + branch);
      ObjectId before = checkedOutTip.get();
      if (now == null || now.equals(before)) {
        return Optional.empty();
      }
      try (RevWalk walk = new RevWalk(repository)) {
        DirCacheCheckout checkout = new DirCacheCheckout(repository,
            walk.parseCommit(before).getTree(), repository.lockDirCache(),
            walk.parseCommit(now).getTree());
        checkout.setFailOnConflict(true);
        checkout.checkout();
        return Optional.empty();
      }
    } catch (CheckoutConflictException e) {
      return Optional.of("warning: Baton committed to " + branch + ", but your local changes to "
          + String.join(", ", e.getConflictingFiles()) + " kept the work tree from being updated;"
          + " after dealing with them run: git read-tree -m -u "
          + checkedOutTip.get().abbreviate(12).name() + " " + branch);
    } catch (IOException e) {
      return Optional.of("warning: Baton committed to " + branch + ", but updating the work tree"
          + " failed (" + e.getMessage() + "); run: git read-tree -m -u "
          + checkedOutTip.get().abbreviate(12).name() + " " + branch);
    }
  }

  private static Optional<ObjectId> checkedOutTip(Repository repository, String branch) {
    try {
      if (repository.isBare()
          || !(Constants.R_HEADS + branch).equals(repository.getFullBranch())) {
        return Optional.empty();
      }
      return Optional.ofNullable(repository.resolve(Constants.R_HEADS + branch));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The content of a file at the branch's tip, if it is there. */
  Optional<String> readOnBranch(String path) {
    return readOnBranch(repository, branch, path);
  }

  @Override
  public void close() {
    try {
      baton.close();
    } finally {
      try {
        state.close();
      } finally {
        try {
          environments.close();
        } finally {
          repository.close();
        }
      }
    }
  }

  private static Repository openRepository(Path folder) {
    File start = folder.toAbsolutePath().normalize().toFile();
    FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
    if (isGitDir(start)) {
      builder.setGitDir(start);
    } else {
      // Like git, stop searching upward at the folders GIT_CEILING_DIRECTORIES names.
      String ceilings = System.getenv("GIT_CEILING_DIRECTORIES");
      if (ceilings != null) {
        for (String ceiling : ceilings.split(File.pathSeparator)) {
          if (!ceiling.isBlank()) {
            builder.addCeilingDirectory(new File(ceiling));
          }
        }
      }
      builder.findGitDir(start);
      if (builder.getGitDir() == null) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT, "no Git repository at " + start
            + " (create a sample one with 'baton init', or pass --repo PATH)");
      }
    }
    try {
      return builder.build();
    } catch (IOException | IllegalArgumentException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "opening the Git repository at " + start + " failed: " + e.getMessage(), e);
    }
  }

  private static boolean isGitDir(File folder) {
    return new File(folder, "HEAD").isFile() && new File(folder, "objects").isDirectory()
        && new File(folder, "refs").isDirectory();
  }

  private static String currentBranch(Repository repository) {
    try {
      String full = repository.getFullBranch();
      return full != null && full.startsWith(Constants.R_HEADS)
          ? full.substring(Constants.R_HEADS.length()) : "main";
    } catch (IOException e) {
      return "main";
    }
  }

  private static Optional<String> projectOfPipelineFile(Repository repository, String branch) {
    return readOnBranch(repository, branch, PIPELINE_FILE).flatMap(text -> {
      try {
        JsonNode project = new YAMLMapper().readTree(text).path("project");
        return project.isTextual() ? Optional.of(project.asText()) : Optional.empty();
      } catch (IOException | RuntimeException e) {
        return Optional.empty(); // 'pipeline set' reports what is wrong with the file
      }
    });
  }

  private static Optional<String> onlyProject(Set<ProjectId> projects) {
    return projects.size() == 1
        ? Optional.of(projects.iterator().next().value()) : Optional.empty();
  }

  static Optional<String> readOnBranch(Repository repository, String branch, String path) {
    try {
      ObjectId tip = repository.resolve(Constants.R_HEADS + branch + "^{commit}");
      if (tip == null) {
        return Optional.empty();
      }
      try (RevWalk walk = new RevWalk(repository);
           TreeWalk file = TreeWalk.forPath(repository, path, walk.parseCommit(tip).getTree())) {
        if (file == null || file.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
          return Optional.empty();
        }
        byte[] bytes = repository.open(file.getObjectId(0), Constants.OBJ_BLOB)
            .getCachedBytes(1 << 20);
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "reading " + path + " on " + branch + " failed: " + e.getMessage(), e);
    }
  }

  /** Whether a folder exists and holds anything. */
  static boolean nonEmpty(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return Files.exists(folder);
    }
    try (var entries = Files.list(folder)) {
      return entries.findAny().isPresent();
    }
  }
}
