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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.eclipse.jgit.lib.Repository;

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

  private final WorkspaceSettings settings;
  private final Repository repository;
  private final String branch;
  private final StateStores state;
  private final ProjectId project;
  private final Optional<Pipeline> layout;
  private final WorkTreeUpdates workTree;
  private final List<String> notices = new ArrayList<>();
  private final List<AutoCloseable> closeLater = new ArrayList<>();
  private Optional<PipelineFile> pipelineFile = Optional.empty();
  private Optional<UserId> user = Optional.empty();
  // Wired on first use: a command that only reads the state (pipeline show) needs none of them,
  // and they are a good part of a short command's start.
  private GitEnvironmentRepository environments;
  private DeployFile deployFile;
  private Baton baton;

  private Workspace(WorkspaceSettings settings, Repository repository, String branch,
      StateStores state, ProjectId project, Optional<Pipeline> layout, WorkTreeUpdates workTree) {
    this.settings = settings;
    this.repository = repository;
    this.branch = branch;
    this.state = state;
    this.project = project;
    this.layout = layout;
    this.workTree = workTree;
  }

  /**
   * Opens the repository at (or above) the settings' folder, for an engine wired on it when first
   * used ({@link #baton()}), with the environment folders the pipeline declares (its
   * {@code layout} and stage {@code path}s). The
   * pipeline file on the branch is the source of truth: when the stored pipeline differs from
   * it (or is missing), the file's version is stored first and a notice says so.
   *
   * @throws BatonException INVALID_ARGUMENT when there is no Git repository there, or when the
   *     pipeline file's layout has {@code {project}} and no project is named; BRANCH_NOT_FOUND
   *     for a branch that does not exist; what storing the branch's pipeline refuses
   */
  static Workspace open(WorkspaceSettings settings) {
    Repository repository = Repositories.open(settings.repository());
    Workspace workspace = null;
    StateStores state = null;
    try {
      String branch = settings.branch()
          .orElseGet(() -> Repositories.currentBranch(repository));
      Repositories.requireBranch(repository, branch);
      Path gitDir = repository.getDirectory().toPath();
      // A process killed between its commit and the work-tree update: finish that first.
      List<String> recovered = new ArrayList<>();
      WorkTreeUpdates workTree = WorkTreeUpdates.open(repository, branch, recovered);
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
      workspace = new Workspace(settings, repository, branch, store, project,
          fromFile.or(() -> stored), workTree);
      if (settings.instanceId().isPresent()) {
        workspace.baton(); // the engine refuses a malformed --instance-id: on every command
      }
      workspace.user = settings.user()
          .or(() -> Optional.ofNullable(repository.getConfig().getString("user", null, "email")))
          .filter(s -> !s.isBlank())
          .map(UserId::of);
      workspace.pipelineFile = file;
      workspace.notices.addAll(recovered);
      if (fromFile.isPresent()
          && !stored.map(p -> p.withVersion(0)).equals(fromFile.map(p -> p.withVersion(0)))) {
        Pipeline synced = workspace.baton().pipelines().replace(fromFile.get(),
            file.get().author());
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
      if (workspace != null) {
        workspace.close();
      } else {
        if (state != null) {
          state.close();
        }
        repository.close();
      }
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

  private static Baton engine(WorkspaceSettings settings, Path gitDir,
      EnvironmentRepository environments, StateStores state, Deployer deployer) {
    Baton.Builder wiring = Baton.builder();
    settings.instanceId().ifPresent(wiring::instanceId);
    return wiring
        .environments(environments)
        .promotionStore(state.promotions())
        .pipelineStore(state.pipelines())
        .freezeStore(state.freezes())
        .deployer(deployer)
        .notifier(new JsonLinesNotifier(gitDir.resolve("baton").resolve("notifications.jsonl")))
        .commitStatusReporter(CommitStatusReporter.none())
        .authorizer(Authorizer.allowAll())
        .claimLease(settings.claimLease())
        .build();
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
    return environments().folder(project, environment).orElseThrow();
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
    Optional<BatonException> problem = deployFile().problem();
    if (problem.isPresent()) {
      throw problem.get();
    }
  }

  /** {@code .baton/deploy.yaml} of the branch, read on first use. */
  private DeployFile deployFile() {
    if (deployFile == null) {
      deployFile = DeployFile.read(repository, branch, repository.getDirectory().toPath());
    }
    return deployFile;
  }

  /** The environment folders the pipeline places, wired on first use. */
  private GitEnvironmentRepository environments() {
    if (environments == null) {
      environments = environments(repository.getDirectory().toPath(), branch, layout);
    }
    return environments;
  }

  /**
   * The engine, wired on first use; on a checked-out branch every commit it makes is journaled
   * first, for the work tree's sake.
   */
  Baton baton() {
    if (baton == null) {
      GitEnvironmentRepository folders = environments();
      Deployer deployer = deployFile().deployer();
      baton = engine(settings, repository.getDirectory().toPath(), workTree.checkedOutTip()
          .<EnvironmentRepository>map(tip -> workTree.journal().recordingBefore(folders, tip))
          .orElse(folders), state, deployer);
    }
    return baton;
  }

  /**
   * The project's stored pipeline, as {@code baton().pipelines().get(project())} gives it, read
   * from the store without wiring the engine when there is one.
   *
   * @throws BatonException PIPELINE_NOT_FOUND when the project has none
   */
  Pipeline pipeline() {
    return state.pipelines().find(project).orElseGet(() -> baton().pipelines().get(project));
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
    return workTree.sync(notices);
  }

  /** The content of a file at the branch's tip, if it is there. */
  Optional<String> readOnBranch(String path) {
    return Repositories.readOnBranch(repository, branch, path);
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
      if (baton != null) {
        baton.close();
      }
    } finally {
      try {
        state.close();
      } finally {
        try {
          if (environments != null) {
            environments.close();
          }
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
    try (Repository repository = Repositories.open(settings.repository())) {
      return action.apply(repository,
          settings.branch().orElseGet(() -> Repositories.currentBranch(repository)));
    }
  }

  private static Optional<String> onlyProject(Set<ProjectId> projects) {
    return projects.size() == 1
        ? Optional.of(projects.iterator().next().value()) : Optional.empty();
  }

  /** The largest Baton file ({@code .baton/*.yaml}) read from the branch: 1 MiB. */
  static final int MAX_FILE_BYTES = Repositories.MAX_FILE_BYTES;

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
