package dev.baton.git;

import static dev.baton.git.EnvironmentSettings.once;
import static dev.baton.git.EnvironmentSettings.unset;

import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.internal.GitRepositories;
import dev.baton.model.Delivery;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;
import dev.baton.model.WriteResult;
import dev.baton.spi.EnvironmentRepository;
import dev.baton.spi.PullRequestOpener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * The {@link EnvironmentRepository} on a real Git repository (bare or not), through JGit.
 * Environments are folders of a GitOps repository placed by an {@link EnvironmentLayout}; their
 * files are read as UTF-8 text at a commit, and a promotion is written as one commit whose message
 * {@code git log} explains (title, notes, {@code Promotion-Id:}, {@code Environment:},
 * {@code Requested-by:}, {@code Approved-by:} and, for a rollback, {@code Rollback: true}
 * trailers), authored by the requester and committed by Baton ({@link Builder#committer}). It is
 * plumbing only: it never parses the files.
 *
 * <h2>Revisions</h2>
 * A revision is the full commit id of the branch head. The branch must exist: Baton never creates
 * the branch it reads from and promotes into, so every read and write of a branch that does not
 * exist (locally, or on the remote) is refused with {@link ErrorCode#BRANCH_NOT_FOUND} and writes
 * nothing, in direct and pull request mode alike. {@link #UNBORN} (forty zeros) names the state
 * before any commit: {@link #readAt} reads it as no files.
 *
 * <h2>Writes</h2>
 * A write builds the new tree straight in the object database (no working tree, no checkout, no
 * clone), changing only the target environment's folder, and moves the branch with a
 * compare-and-set on its old id. It answers
 * <ul>
 *   <li>{@code STALE}, writing nothing, when the environment's folder at the branch tip differs
 *       from the folder at the expected revision (another folder moving does not matter: the
 *       commit is then built on the newer tip);
 *   <li>{@code ALREADY_WRITTEN} when a commit for the promotion exists: found in O(1) through the
 *       marker ref {@code refs/baton/promotions/<promotion-id>} that every write records after
 *       moving the branch, or, should a crash have come in between, by the
 *       {@code Promotion-Id:} trailer of a commit that may lack its marker. In direct mode those
 *       are only the commits above the watermark ref {@code refs/baton/marked/<branch>} (local,
 *       never pushed), which a write moves onto its own commit once every promotion commit
 *       below has its marker (recording those a crashed writer left out): in the steady state
 *       no trailer is read. Without a watermark (a repository written by 0.1) the newest
 *       {@link Builder#historyScanLimit} commits are read, once: the next write records what
 *       they hold and sets the watermark;
 *   <li>{@code WRITTEN} otherwise. A lost compare-and-set is retried with bounded jittered
 *       backoff up to {@link Builder#maxAttempts} times, then refused with
 *       {@link ErrorCode#WRITE_CONFLICT}.
 * </ul>
 * With a {@linkplain Builder#remote remote}, every write fetches the branch first, commits on the
 * remote's tip, and pushes with the expected old id (then pushes the marker ref); a rejected push
 * fetches again and recomputes, so the folder check runs against the newest remote state. The
 * remote's branch is mirrored in {@code refs/remotes/<remote>/<branch>}, which is what reads see
 * (fetched before each read unless {@link Builder#fetchOnRead} is off); the local branch of a
 * clone is never touched. In {@link WriteMode#PULL_REQUEST} mode the commit goes to the branch
 * {@code baton/promotion/<promotion-id>} made off the base branch's tip, the base branch does not
 * move, and the {@link PullRequestOpener} is asked to open a request (its reference is kept in
 * {@code refs/baton/pull-requests/<promotion-id>}). Until the promotion's commit (or, after a
 * squash or rebase merge, a commit naming the promotion) is on the base branch,
 * {@link #delivery} answers AWAITING_MERGE (CLOSED when the opener reports the request closed),
 * and core deploys nothing.
 *
 * <h2>File modes</h2>
 * Reads report which files are executable ({@code 100755}); a write marks a file executable when
 * its change says so, and otherwise keeps an existing file's mode (new files are
 * {@code 100644}).
 *
 * <h2>Refusals</h2>
 * Each is a {@link BatonException} and writes nothing: a symbolic link or submodule in (or as) an
 * environment folder, {@link ErrorCode#PATH_OUTSIDE_ENVIRONMENT}; a file over the size limit,
 * {@link ErrorCode#DOCUMENT_TOO_LARGE}; content that is not UTF-8,
 * {@link ErrorCode#MALFORMED_DOCUMENT}; a branch or promotion id that makes an invalid Git ref
 * name, {@link ErrorCode#INVALID_REF_NAME}; I/O failures, {@link ErrorCode#BACKEND_FAILURE}.
 *
 * <p>Thread-safe. Holds the opened repository until {@link #close()}.
 *
 * @since 0.1
 */
public final class GitEnvironmentRepository implements EnvironmentRepository, AutoCloseable {
  /**
   * The revision of a branch that has no commit yet: forty zeros.
   *
   * @since 0.1
   */
  public static final Revision UNBORN = Revision.of(ObjectId.zeroId().name());
  /**
   * Where marker refs live: {@code refs/baton/promotions/<promotion-id>}.
   *
   * @since 0.1
   */
  public static final String MARKER_REF_PREFIX = "refs/baton/promotions/";
  /**
   * Branch name prefix of pull request mode: {@code baton/promotion/<promotion-id>}.
   *
   * @since 0.1
   */
  public static final String PULL_REQUEST_BRANCH_PREFIX = "baton/promotion/";

  private final GitBranch git;
  private final EnvironmentLayout layout;
  private final WriteMode mode;
  private final String committerName;
  private final String committerEmail;
  private final long maxFileBytes;
  private final EnvironmentReader reader;
  private final PromotionMarkers markers;
  private final PullRequests pullRequests;
  private final EnvironmentWriter writer;

  private GitEnvironmentRepository(EnvironmentSettings.Checked c, Repository repository) {
    this.git = new GitBranch(repository, c.branch(), c.remote(), c.fetchOnRead());
    this.layout = c.layout();
    this.mode = c.mode();
    this.committerName = c.committerName();
    this.committerEmail = c.committerEmail();
    this.maxFileBytes = c.maxFileBytes();
    this.reader = new EnvironmentReader(git, layout, maxFileBytes);
    this.markers = new PromotionMarkers(git, c.historyScanLimit(), mode == WriteMode.DIRECT,
        c.writeSteps());
    this.pullRequests = new PullRequests(git, c.opener(), c.historyScanLimit());
    this.writer = new EnvironmentWriter(git, mode, c.maxAttempts(), c.backoff(), c.raceHook(),
        c.writeSteps(), markers, pullRequests);
  }

  /**
   * A new builder; {@link Builder#repository} is the one required setting.
   *
   * @since 0.1
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The branch environments are read from and (in direct mode) written to.
   *
   * @since 0.1
   */
  public String branch() {
    return git.branch();
  }

  /**
   * The layout that places environment folders.
   *
   * @since 0.1
   */
  public EnvironmentLayout layout() {
    return layout;
  }

  /**
   * How writes are delivered.
   *
   * @since 0.1
   */
  public WriteMode mode() {
    return mode;
  }

  /**
   * The remote fetched from and pushed to, if any.
   *
   * @since 0.1
   */
  public Optional<String> remote() {
    return git.sync() == null ? Optional.empty() : Optional.of(git.sync().remote());
  }

  @Override
  public Set<EnvironmentName> environments(ProjectId project) {
    Arguments.notNull(project, "project");
    return git.call(() -> reader.environments(project));
  }

  @Override
  public EnvironmentFiles read(ProjectId project, EnvironmentName environment) {
    String folder = folderOf(project, environment);
    return git.call(() -> reader.read(environment, folder));
  }

  /** {@inheritDoc} For Git: the layout's folder, or the environment's own. */
  @Override
  public Optional<String> folder(ProjectId project, EnvironmentName environment) {
    return Optional.of(folderOf(project, environment));
  }

  @Override
  public Optional<EnvironmentFiles> readAt(ProjectId project, EnvironmentName environment,
      Revision revision) {
    String folder = folderOf(project, environment);
    Arguments.notNull(revision, "revision");
    return git.call(() -> reader.readAt(environment, folder, revision));
  }

  @Override
  public WriteResult write(EnvironmentWrite write) {
    Arguments.notNull(write, "write");
    PreparedWrite prepared =
        PreparedWrite.of(write, layout, committerName, committerEmail, maxFileBytes);
    return git.call(() -> git.remotely(() -> writer.write(prepared)));
  }

  /**
   * {@inheritDoc}
   *
   * <p>For Git: whether the first commit is reachable from the second, as
   * {@code git merge-base --is-ancestor} answers, whichever branches hold them (a pull request
   * branch's commit is an ancestor of the base branch's tip once merged, not before).
   * {@link #UNBORN} comes before every commit. A commit id this repository does not have, also
   * after fetching the branch with a remote (at most once every five seconds: old pull-request
   * branch commits may be gone for good), or in a shallow clone, cannot be told.
   */
  @Override
  public Optional<Boolean> isAncestor(ProjectId project, EnvironmentName environment,
      Revision ancestor, Revision descendant) {
    folderOf(project, environment);
    Arguments.notNull(ancestor, "ancestor");
    Arguments.notNull(descendant, "descendant");
    return git.call(() -> reader.isAncestor(ancestor, descendant));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Direct mode: always on the target. Pull request mode (the base branch fetched first with
   * a remote): ON_TARGET when the written commit is on the base branch, or one of its newest
   * {@link Builder#historyScanLimit} commits names the promotion and its folder (a squash or
   * rebase merge; that commit is the landed revision); otherwise as the
   * {@link PullRequestOpener#state} of the promotion's pull request says (MERGED counts as on
   * the target). A pull request whose opening failed after the commit is opened here.
   */
  @Override
  public Delivery delivery(ProjectId project, EnvironmentName environment,
      PromotionId promotion, Revision written) {
    String folder = folderOf(project, environment);
    Arguments.notNull(promotion, "promotion");
    Arguments.notNull(written, "written revision");
    if (mode == WriteMode.DIRECT) {
      return Delivery.onTarget();
    }
    return git.call(() -> pullRequests.delivery(folder, promotion, written));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Promotion ids are unique, so the lookup is by id alone: the marker ref, then the newest
   * commits of the pull request branch and of the base branch (fetched first with a remote).
   */
  @Override
  public Optional<Revision> findWrite(ProjectId project, EnvironmentName environment,
      PromotionId promotion) {
    String folder = folderOf(project, environment);
    Arguments.notNull(promotion, "promotion");
    return git.call(() -> markers.find(promotion, folder))
        .map(commit -> Revision.of(commit.name()));
  }

  /** Test seam: the lookups' bookkeeping (how many commits their trailer scans read). */
  PromotionMarkers markers() {
    return markers;
  }

  private String folderOf(ProjectId project, EnvironmentName environment) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    return layout.folder(project, environment);
  }

  /** Closes the repository; later calls fail with {@link ErrorCode#ILLEGAL_STATE}. */
  @Override
  public void close() {
    git.close();
  }

  @Override
  public String toString() {
    return "GitEnvironmentRepository[" + git.repository().getDirectory() + ", branch "
        + git.branch() + ", " + layout + ", " + mode + remote().map(r -> ", remote " + r)
        .orElse("") + "]";
  }

  /**
   * Configures a {@link GitEnvironmentRepository}. Every setting may be given once (a second call
   * is refused); {@link #build()} validates them together and opens the repository. Not
   * thread-safe; the repository it builds is.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final EnvironmentSettings settings = new EnvironmentSettings();

    private Builder() {}

    /**
     * The repository: a bare repository's directory or a working tree's top folder.
     *
     * @since 0.1
     */
    public Builder repository(Path directory) {
      settings.repositoryPath = once(settings.repositoryPath, directory, "repository");
      return this;
    }

    /**
     * The branch to read and write, by short name; default {@code main}.
     *
     * @since 0.1
     */
    public Builder branch(String name) {
      settings.branch = once(settings.branch, name, "branch");
      return this;
    }

    /**
     * Where environment folders live; default {@link EnvironmentLayout#defaultLayout()}.
     *
     * @since 0.1
     */
    public Builder layout(EnvironmentLayout value) {
      settings.layout = once(settings.layout, value, "layout");
      return this;
    }

    /**
     * Where environment folders live, as a pipeline declares it: its {@code layout} and every
     * stage's {@code path} ({@link EnvironmentLayout#of(Pipeline)}), so that this repository reads
     * exactly the folders {@link Pipeline#folderOf} names. Counts as setting the layout.
     *
     * @since 0.1
     */
    public Builder pipeline(Pipeline pipeline) {
      return layout(EnvironmentLayout.of(Arguments.notNull(pipeline, "pipeline")));
    }

    /**
     * A remote configured in the repository (such as {@code origin}) to fetch from before every
     * read and write and to push to; default none (the local branch is the truth).
     *
     * @since 0.1
     */
    public Builder remote(String name) {
      settings.remote = once(settings.remote, name, "remote");
      return this;
    }

    /**
     * Direct commits or pull request branches; default {@link WriteMode#DIRECT}.
     *
     * @since 0.1
     */
    public Builder mode(WriteMode value) {
      settings.mode = once(settings.mode, value, "mode");
      return this;
    }

    /**
     * Opens pull requests in pull request mode. The default, an {@link InMemoryPullRequestOpener},
     * opens none (promotions then wait for merges nobody is asked for), so {@code build()} warns
     * when pull-request mode is set without an opener.
     *
     * @since 0.1
     */
    public Builder pullRequestOpener(PullRequestOpener value) {
      settings.opener = once(settings.opener, value, "pull request opener");
      return this;
    }

    /**
     * The committer of promotion commits; default {@code Baton <baton@localhost>}. The author is
     * always the requester (a user id such as {@code alice@example.com} gives
     * {@code alice <alice@example.com>}; any other id {@code id <id@users.baton.invalid>}).
     *
     * @since 0.1
     */
    public Builder committer(String name, String email) {
      unset(settings.committerName, "committer");
      settings.committerName = Arguments.notNull(name, "committer name");
      settings.committerEmail = Arguments.notNull(email, "committer email");
      return this;
    }

    /**
     * How often a write may lose the race for the branch before WRITE_CONFLICT; default 5.
     *
     * @since 0.1
     */
    public Builder maxAttempts(int attempts) {
      settings.maxAttempts = once(settings.maxAttempts, attempts, "max attempts");
      return this;
    }

    /**
     * Backoff between attempts: after the n-th lost race a random wait between half and all of
     * {@code min(max, initial * 2^(n-1))}; default 50 ms up to 2 s.
     *
     * @since 0.1
     */
    public Builder backoff(Duration initial, Duration max) {
      unset(settings.initialBackoff, "backoff");
      settings.initialBackoff = Arguments.notNull(initial, "initial backoff");
      settings.maxBackoff = Arguments.notNull(max, "max backoff");
      return this;
    }

    /**
     * What waits between attempts; default {@link Sleeper#system()}.
     *
     * @since 0.1
     */
    public Builder sleeper(Sleeper value) {
      settings.sleeper = once(settings.sleeper, value, "sleeper");
      return this;
    }

    /**
     * The source of backoff jitter (seed it in tests); default a new {@link Random}.
     *
     * @since 0.1
     */
    public Builder random(Random value) {
      settings.random = once(settings.random, value, "random");
      return this;
    }

    /**
     * The largest file read or written, in bytes; default 1 MiB.
     *
     * @since 0.1
     */
    public Builder maxFileBytes(long bytes) {
      settings.maxFileBytes = once(settings.maxFileBytes, bytes, "max file bytes");
      return this;
    }

    /**
     * At most how many commits are searched for a promotion's trailer when its marker ref is
     * missing (in direct mode only those above the watermark; all the newest without one);
     * default 500.
     *
     * @since 0.1
     */
    public Builder historyScanLimit(int commits) {
      settings.historyScanLimit = once(settings.historyScanLimit, commits, "history scan limit");
      return this;
    }

    /**
     * Whether reads fetch from the remote first; default true. Ignored without a remote.
     *
     * @since 0.1
     */
    public Builder fetchOnRead(boolean fetch) {
      settings.fetchOnRead = once(settings.fetchOnRead, fetch, "fetch on read");
      return this;
    }

    /** Test seam: runs before each attempt moves the target ref. */
    Builder raceHook(RaceHook hook) {
      settings.raceHook = once(settings.raceHook, hook, "race hook");
      return this;
    }

    /** Test seam: told as a direct write passes each durable step. */
    Builder writeSteps(WriteSteps hook) {
      settings.writeSteps = once(settings.writeSteps, hook, "write steps");
      return this;
    }

    /**
     * Validates the settings and opens the repository.
     *
     * @throws BatonException INVALID_ARGUMENT for a missing repository or a bad setting,
     *     INVALID_REF_NAME for a bad branch or remote name, BACKEND_FAILURE when opening fails
     * @since 0.1
     */
    public GitEnvironmentRepository build() {
      EnvironmentSettings.Checked checked = settings.check();
      Repository repository = GitRepositories.open(checked.repositoryPath());
      try {
        EnvironmentSettings.checkRemote(repository, checked.remote(), checked.branch());
        return new GitEnvironmentRepository(checked, repository);
      } catch (RuntimeException e) {
        repository.close();
        throw e;
      }
    }
  }
}
