package dev.baton.examples.cli;

import dev.baton.Baton;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.GitEnvironmentRepository;
import dev.baton.git.state.GitStateStore;
import dev.baton.model.DeployResult;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.UserId;
import dev.baton.spi.Authorizer;
import dev.baton.spi.CommitStatusReporter;
import dev.baton.spi.Deployer;
import dev.baton.spi.EnvironmentRepository;
import dev.baton.spi.PromotionStore;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.errors.CheckoutConflictException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * One opened GitOps repository and the engine wired on it: environments are folders on a branch
 * placed as the pipeline declares ({@code layout:}, default {@code envs/{environment}}, and
 * stage {@code path:}s; {@link GitEnvironmentRepository}); promotions, pipelines and
 * freezes are kept on {@code refs/baton/state} ({@link GitStateStore}), or in PostgreSQL when
 * {@code --store} names a database ({@link StateStores}); deploys run the commands
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
  private final StateStores state;
  private final Baton baton;
  private final ProjectId project;
  private final Optional<UserId> user;
  // The branch tip when opened, when the work tree has the branch checked out.
  private final Optional<ObjectId> checkedOutTip;

  private final Optional<BatonException> deployProblem;
  private final List<String> notices = new ArrayList<>();
  private final List<AutoCloseable> closeLater = new ArrayList<>();
  private Optional<PipelineFile> pipelineFile = Optional.empty();

  private final WorkTreeJournal journal;

  private Workspace(Repository repository, String branch, GitEnvironmentRepository environments,
      StateStores state, Baton baton, ProjectId project, Optional<UserId> user,
      Optional<BatonException> deployProblem, Optional<ObjectId> checkedOutTip,
      WorkTreeJournal journal) {
    this.deployProblem = deployProblem;
    this.checkedOutTip = checkedOutTip;
    this.journal = journal;
    this.repository = repository;
    this.branch = branch;
    this.environments = environments;
    this.state = state;
    this.baton = baton;
    this.project = project;
    this.user = user;
  }

  /**
   * Opens the repository at (or above) the settings' folder and wires an engine on it, with the
   * environment folders the pipeline declares (its {@code layout} and stage {@code path}s). The
   * pipeline file on the branch is the source of truth: when the stored pipeline differs from
   * it (or is missing), the file's version is stored first and a notice says so.
   *
   * @throws BatonException INVALID_ARGUMENT when there is no Git repository there, or when the
   *     pipeline file's layout has {@code {project}} and no project is named; BRANCH_NOT_FOUND
   *     for a branch that does not exist; what storing the branch's pipeline refuses
   */
  static Workspace open(WorkspaceSettings settings) {
    Repository repository = openRepository(settings.repository());
    GitEnvironmentRepository environments = null;
    StateStores state = null;
    try {
      String branch = settings.branch().orElseGet(() -> currentBranch(repository));
      requireBranch(repository, branch);
      Path gitDir = repository.getDirectory().toPath();
      // A process killed between its commit and the work-tree update: finish that first.
      List<String> recovered = new ArrayList<>();
      PendingUpdate pending = finishPendingWorkTreeUpdate(repository, gitDir, branch);
      pending.notice().ifPresent(recovered::add);
      // While git's index lock keeps that update from finishing, the work tree stays at the
      // journal's commit: this process's own update then starts from there.
      Optional<ObjectId> checkedOutTip = pending.workTreeAt()
          .or(() -> checkedOutTip(repository, branch));
      WorkTreeJournal journal = new WorkTreeJournal(gitDir, Constants.R_HEADS + branch);
      StateStores store = StateStores.open(gitDir, settings.store());
      state = store;
      Optional<PipelineFile> file = PipelineFile.read(repository, branch);
      ProjectId project = ProjectId.of(settings.project()
          .or(() -> file.flatMap(PipelineFile::project))
          .or(() -> {
            if (file.isPresent() && file.get().usesProject()) {
              throw new BatonException(ErrorCode.INVALID_ARGUMENT, "the pipeline file "
                  + file.get().describe() + " serves several projects (its layout has"
                  + " {project} and it names no project:): pass --project NAME");
            }
            return Optional.empty();
          })
          .or(() -> onlyProject(store.pipelines().projects()))
          .orElse(DEFAULT_PROJECT));
      Optional<Pipeline> fromFile = file.map(f -> f.parse(project));
      Optional<Pipeline> stored = store.pipelines().find(project);
      GitEnvironmentRepository folders = environments(gitDir, branch,
          fromFile.or(() -> stored));
      environments = folders;
      // On a checked-out branch every commit is journaled first, for the work tree's sake.
      Baton baton = engine(settings, repository, branch, gitDir, checkedOutTip
          .<EnvironmentRepository>map(tip -> journal.recordingBefore(folders, tip))
          .orElse(folders), store);
      Optional<UserId> user = settings.user()
          .or(() -> Optional.ofNullable(repository.getConfig().getString("user", null, "email")))
          .filter(s -> !s.isBlank())
          .map(UserId::of);
      Workspace workspace = new Workspace(repository, branch, environments, state, baton,
          project, user, deployProblem(repository, branch, gitDir), checkedOutTip, journal);
      workspace.pipelineFile = file;
      workspace.notices.addAll(recovered);
      if (fromFile.isPresent()
          && !stored.map(p -> p.withVersion(0)).equals(fromFile.map(p -> p.withVersion(0)))) {
        Pipeline synced = baton.pipelines().replace(fromFile.get(), file.get().author());
        workspace.notices.add("notice: " + (stored.isPresent()
            ? "the stored pipeline of " + project + " (version " + stored.get().version()
                + ") differed from " + file.get().describe() + "; stored the branch's version"
                + " (version " + synced.version() + ")"
            : "stored the pipeline of " + project + " from " + file.get().describe()
                + " (version " + synced.version() + ")")
            + ". The pipeline file on the branch is the source of truth.");
      }
      return workspace;
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

  private static GitEnvironmentRepository environments(Path gitDir, String branch,
      Optional<Pipeline> layout) {
    GitEnvironmentRepository.Builder builder =
        GitEnvironmentRepository.builder().repository(gitDir).branch(branch);
    layout.ifPresent(builder::pipeline);
    return builder.build();
  }

  private static Baton engine(WorkspaceSettings settings, Repository repository, String branch,
      Path gitDir, EnvironmentRepository environments, StateStores state) {
    Baton.Builder wiring = Baton.builder();
    settings.instanceId().ifPresent(wiring::instanceId);
    return wiring
        .environments(environments)
        .promotionStore(state.promotions())
        .pipelineStore(state.pipelines())
        .freezeStore(state.freezes())
        .deployer(deployer(repository, branch, gitDir))
        .notifier(new JsonLinesNotifier(gitDir.resolve("baton").resolve("notifications.jsonl")))
        .commitStatusReporter(CommitStatusReporter.none())
        .authorizer(Authorizer.allowAll())
        .claimLease(settings.claimLease())
        .build();
  }

  private static Deployer deployer(Repository repository, String branch, Path gitDir) {
    try {
      return CommandDeployer.fromYaml(readOnBranch(repository, branch, DEPLOY_FILE),
          repository.isBare() ? gitDir : repository.getWorkTree().toPath());
    } catch (BatonException e) {
      // Reads still work with a broken deploy file; the verbs that may deploy refuse first.
      return request -> DeployResult.failed(e.getMessage());
    }
  }

  private static Optional<BatonException> deployProblem(Repository repository, String branch,
      Path gitDir) {
    try {
      CommandDeployer.fromYaml(readOnBranch(repository, branch, DEPLOY_FILE),
          repository.isBare() ? gitDir : repository.getWorkTree().toPath());
      return Optional.empty();
    } catch (BatonException e) {
      return Optional.of(e);
    }
  }

  /** BRANCH_NOT_FOUND unless the branch exists: Baton never creates it. */
  private static void requireBranch(Repository repository, String branch) {
    try {
      if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
        throw new BatonException(ErrorCode.INVALID_REF_NAME,
            "'" + branch + "' is not a valid branch name");
      }
      if (repository.exactRef(Constants.R_HEADS + branch) == null) {
        throw new BatonException(ErrorCode.BRANCH_NOT_FOUND, "branch '" + branch + "' does not"
            + " exist in " + repository.getDirectory() + "; Baton never creates the branch it"
            + " promotes into (check --branch, or create the branch first)");
      }
    } catch (IOException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "reading branch " + branch + " failed: " + e.getMessage(), e);
    }
  }

  /** Notices for people about what opening did (printed on stderr). */
  List<String> notices() {
    return List.copyOf(notices);
  }

  /** The pipeline file on the branch, if there is one. */
  Optional<PipelineFile> pipelineFile() {
    return pipelineFile;
  }

  /** The folder an environment of the project is read from, relative to the repository root. */
  String folder(EnvironmentName environment) {
    return environments.folder(project, environment).orElseThrow();
  }

  /**
   * An engine on the same state whose environment repository places folders as {@code pipeline}
   * declares, for validating and storing a pipeline whose layout differs from the current one.
   * Closed with this workspace.
   */
  Baton batonFor(Pipeline pipeline) {
    GitEnvironmentRepository other = environments(repository.getDirectory().toPath(), branch,
        Optional.of(pipeline));
    closeLater.add(other);
    // It only checks and stores pipelines: it never executes, so it deploys and tells nothing.
    Baton engine = Baton.builder().environments(other).promotionStore(state.promotions())
        .pipelineStore(state.pipelines()).freezeStore(state.freezes())
        .authorizer(Authorizer.allowAll())
        .deployer(request -> DeployResult.failed("this engine only stores pipelines"))
        .notifier(notification -> { }).commitStatusReporter(CommitStatusReporter.none())
        .build();
    closeLater.add(engine);
    return engine;
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

  /** The durable promotion store (promotions of every project). */
  PromotionStore state() {
    return state.promotions();
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
    Optional<String> blocked = StaleLocks.blockingIndexUpdate(repository, branch,
        checkedOutTip.get());
    if (blocked.isPresent()) {
      // The journal stays: the next command finishes the update. Said once per command.
      return blocked.filter(warning -> !notices.contains(warning));
    }
    try {
      return twoWayMerge(repository, branch, checkedOutTip.get());
    } finally {
      // Done, or handed to the user with the command that finishes it.
      journal.finish();
    }
  }

  /**
   * What opening found of a killed process's work-tree update: a notice for people, and the
   * commit the work tree still matches when the update could not be finished now.
   */
  private record PendingUpdate(Optional<String> notice, Optional<ObjectId> workTreeAt) {
    static final PendingUpdate NONE = new PendingUpdate(Optional.empty(), Optional.empty());
  }

  /**
   * Finishes the work-tree update a killed process left in its {@link WorkTreeJournal}, when
   * its branch is still the checked-out one and has moved since; while git's index lock is
   * there, the journal is kept for a later command.
   *
   * @param openedBranch the branch this workspace opens
   */
  private static PendingUpdate finishPendingWorkTreeUpdate(Repository repository,
      Path gitDir, String openedBranch) {
    if (repository.isBare()) {
      return PendingUpdate.NONE;
    }
    try {
      String head = repository.getFullBranch();
      WorkTreeJournal journal = new WorkTreeJournal(gitDir, head == null ? "" : head);
      Optional<WorkTreeJournal.Pending> pending = journal.pending();
      if (pending.isEmpty()) {
        return PendingUpdate.NONE;
      }
      if (!pending.get().branchRef().equals(head)) {
        journal.finish(); // the user checked out something else since: git updated the tree
        return PendingUpdate.NONE;
      }
      ObjectId tip = repository.resolve(head);
      if (tip == null || tip.equals(pending.get().from())) {
        // Not committed (yet): a crash before the commit, or a process about to commit.
        return PendingUpdate.NONE;
      }
      String branch = head.substring(Constants.R_HEADS.length());
      Optional<String> blocked = StaleLocks.blockingIndexUpdate(repository, branch,
          pending.get().from());
      if (blocked.isPresent()) {
        // Kept for the next command, once the lock is gone.
        return new PendingUpdate(blocked, Optional.of(pending.get().from())
            .filter(from -> branch.equals(openedBranch)));
      }
      Optional<String> warning = twoWayMerge(repository, branch, pending.get().from());
      // A kill inside the update leaves the files JGit was writing.
      CheckoutLeftovers.remove(repository, pending.get().from(), tip);
      journal.finish();
      return new PendingUpdate(Optional.of(warning.orElse("notice: a baton process stopped"
          + " after committing to " + branch + " and before updating the work tree; the index"
          + " and work tree are now up to date")), Optional.empty());
    } catch (IOException e) {
      return new PendingUpdate(Optional.of("warning: finishing a killed baton's work-tree"
          + " update failed: " + e.getMessage()), Optional.empty());
    }
  }

  /**
   * {@code git read-tree -m -u BEFORE BRANCH}: local changes to files the commits did not touch
   * stay; if they touched a file with local changes nothing is updated.
   */
  private static Optional<String> twoWayMerge(Repository repository, String branch,
      ObjectId before) {
    try {
      ObjectId now = repository.resolve(Constants.R_HEADS + branch);
      if (now == null || now.equals(before)) {
        return Optional.empty();
      }
      try (RevWalk walk = new RevWalk(repository)) {
        DirCacheCheckout checkout = new DirCacheCheckout(repository,
            walk.parseCommit(before).getTree(), repository.lockDirCache(),
            walk.parseCommit(now).getTree());
        WorkTreeJournal.haltAt("in-work-tree-update");
        checkout.setFailOnConflict(true);
        checkout.checkout();
        return Optional.empty();
      }
    } catch (CheckoutConflictException e) {
      return Optional.of("warning: Baton committed to " + branch + ", but your local changes to "
          + String.join(", ", e.getConflictingFiles()) + " kept the work tree from being updated;"
          + " after dealing with them run: git read-tree -m -u "
          + before.abbreviate(12).name() + " " + branch);
    } catch (IOException e) {
      return Optional.of("warning: Baton committed to " + branch + ", but updating the work tree"
          + " failed (" + e.getMessage() + "); run: git read-tree -m -u "
          + before.abbreviate(12).name() + " " + branch);
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
    for (AutoCloseable c : closeLater) {
      try {
        c.close();
      } catch (Exception e) {
        // closing a second engine on the same state: nothing to recover
      }
    }
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

  /**
   * Runs an action on the settings' repository and branch without wiring an engine (for what
   * must happen before one can write, such as removing stale locks).
   */
  static <R> R onRepository(WorkspaceSettings settings,
      BiFunction<Repository, String, R> action) {
    try (Repository repository = openRepository(settings.repository())) {
      return action.apply(repository,
          settings.branch().orElseGet(() -> currentBranch(repository)));
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

  private static Optional<String> onlyProject(Set<ProjectId> projects) {
    return projects.size() == 1
        ? Optional.of(projects.iterator().next().value()) : Optional.empty();
  }

  /** The largest Baton file ({@code .baton/*.yaml}) read from the branch: 1 MiB. */
  static final int MAX_FILE_BYTES = 1 << 20;

  /**
   * The content of a file at the branch's tip; empty when nothing is at that path.
   *
   * @throws BatonException MALFORMED_DOCUMENT when something other than a regular file (a
   *     folder, a symbolic link, a submodule) is at the path: it is never taken for "no file";
   *     DOCUMENT_TOO_LARGE for a file over {@link #MAX_FILE_BYTES}; MALFORMED_DOCUMENT for bytes
   *     that are not UTF-8
   */
  static Optional<String> readOnBranch(Repository repository, String branch, String path) {
    try {
      ObjectId tip = repository.resolve(Constants.R_HEADS + branch + "^{commit}");
      if (tip == null) {
        return Optional.empty();
      }
      try (RevWalk walk = new RevWalk(repository);
           TreeWalk file = TreeWalk.forPath(repository, path, walk.parseCommit(tip).getTree())) {
        if (file == null) {
          return Optional.empty();
        }
        FileMode mode = file.getFileMode(0);
        if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
          String what = mode == FileMode.TREE ? "a folder" : mode == FileMode.SYMLINK
              ? "a symbolic link" : mode == FileMode.GITLINK ? "a submodule" : "not a file";
          throw new BatonException(ErrorCode.MALFORMED_DOCUMENT, path + " on " + branch + " is "
              + what + ", not a file: make it a file, or remove it");
        }
        ObjectLoader loader = repository.open(file.getObjectId(0), Constants.OBJ_BLOB);
        if (loader.getSize() > MAX_FILE_BYTES) {
          throw new BatonException(ErrorCode.DOCUMENT_TOO_LARGE, path + " on " + branch + " has "
              + loader.getSize() + " bytes; the limit is " + MAX_FILE_BYTES);
        }
        return Optional.of(InputFiles.utf8(loader.getCachedBytes(MAX_FILE_BYTES),
            path + " on " + branch));
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
