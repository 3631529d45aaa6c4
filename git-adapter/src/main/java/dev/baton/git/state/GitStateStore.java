package dev.baton.git.state;

import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.Sleeper;
import dev.baton.git.internal.Backoff;
import dev.baton.git.internal.GitRepositories;
import dev.baton.model.BreakGlass;
import dev.baton.model.CasResult;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Freeze;
import dev.baton.model.InsertResult;
import dev.baton.model.Notification;
import dev.baton.model.NotificationId;
import dev.baton.model.Page;
import dev.baton.model.PendingNotification;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.spi.FreezeStore;
import dev.baton.spi.PipelineStore;
import dev.baton.spi.PromotionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.eclipse.jgit.lib.Repository;

/**
 * Baton's durable embedded store: promotions (with their releases), execution claims, the
 * notification outbox, pipelines, freezes and break-glass sessions, kept in the GitOps
 * repository itself on a dedicated ref ({@value #DEFAULT_REF} unless configured) as readable
 * JSON, one commit per change. Nothing is checked out: commits are built straight in the object
 * database.
 *
 * <p>Open it with {@link #open(Path)} (or {@link #builder(Path)}) on a repository's work tree or
 * Git directory, and close it when done. A ref that does not exist is an empty store; the first
 * change creates it.
 *
 * <h2>Tree layout of the state ref</h2>
 * <pre>
 * FORMAT                             "baton-state 1"
 * promotions/XX/ID.json              a Promotion with its release; XX is the first two hex
 *                                    digits of sha1(ID), so a change rewrites one small
 *                                    folder even among 100,000 promotions
 * keys/PROJECT/sha1(KEY)             the id of the promotion requested with that key
 * claims/PROJECT/ENVIRONMENT         the id of the promotion holding the execution claim
 * outbox/NOTIFICATION.json           a PendingNotification (its id made path-safe)
 * pipelines/PROJECT.json             a Pipeline with its stored version
 * freezes/PROJECT/ENVIRONMENT.json   a Freeze
 * break-glass/PROJECT/ENVIRONMENT/SEQ-START.json
 *                                    a BreakGlass; SEQ counts from 000001 per environment,
 *                                    START is its start time, such as 20261122T101530Z
 * </pre>
 * Identifiers are written as plain strings, instants in ISO-8601, keys sorted. Notification ids
 * keep letters, digits, '.', '_' and '-' and percent-encode every other byte; very long ones end
 * in {@code ~} and a digest. Anything else on the ref, or a file that does not parse or does not
 * match its path, makes every call fail with {@link ErrorCode#STORE_CORRUPT} naming the path:
 * the store never guesses and never overwrites what it does not understand.
 *
 * <h2>Atomicity and concurrency</h2>
 * Every change is one commit moved onto the ref with a compare-and-set on the ref's old id; Git's
 * ref lock makes that atomic across processes sharing the repository. A promotion's change and
 * the notifications it causes are in the same commit. When another writer moved the ref first,
 * the store reloads what changed and checks the precondition again (the stored version, the
 * current claim, an unused id or key): if it no longer holds it answers the port's "lost" value,
 * otherwise it retries, at most {@code maxAttempts} times, then fails with
 * {@link ErrorCode#WRITE_CONFLICT}. A lost compare-and-set writes nothing.
 *
 * <p>Reads are served from an in-memory index: a compact summary of each promotion (what
 * queries filter and order on), and the other state; a promotion's document is read from its
 * blob when a call returns it (the most recent few are kept). Before every call the store
 * compares the ref with the commit it indexed and, when another process moved it, loads only
 * the files that differ between the two commits. A large store keeps a derived index file,
 * {@code <git dir>/baton/state-index}, naming the state commit it describes: opening starts
 * from it and reads only the files that changed since, and the file is read on demand, so a
 * call that returns one promotion, a first page or the ids starting with a prefix reads the
 * summaries of a few promotion folders, not of every promotion. The file is checked against
 * the trees of the commit it names (its listing against the root tree on opening, each
 * promotion folder's part against that folder's tree when first read; a damaged file, one of
 * another version, or one that does not match is ignored and written again), each summary is
 * checked against its document whenever that is read, and deleting the file is always safe.
 *
 * <h2>Rollback and rewrite detection</h2>
 * The newest state commit the repository has seen is recorded outside the ref, in
 * {@code <git dir>/baton/state-watermark} (replaced atomically after every change, accepted
 * fetch, or newer tip read). When the ref's tip is not that commit or a descendant of it (the
 * ref was moved back with {@code git update-ref}, deleted, or force-rewritten), every call,
 * opening included, fails with {@link ErrorCode#STATE_ROLLED_BACK} naming both commits: an old
 * state is never acted on again, so a finished promotion cannot be approved or executed twice.
 * An open store also refuses a tip that does not contain the last commit it read. A repository
 * without a watermark (first use) adopts the current tip. The repair is to restore the ref, or
 * to accept the current tip on purpose with {@link Builder#acceptCurrentTip()}.
 *
 * <h2>Size</h2>
 * No document over {@link #MAX_DOCUMENT_BYTES} is written: such a change is refused with
 * {@link ErrorCode#DOCUMENT_TOO_LARGE} and nothing is written.
 *
 * <p>Sharing: {@link #push(String)} and {@link #fetch(String)} exchange the state ref with a
 * remote. A fetch of diverged state replays the local changes onto the remote's with the same
 * compare-and-set rules and reports those that lost ({@link SyncResult}); the push after it is a
 * fast-forward.
 *
 * <p>Thread-safe: calls on one instance are serialised by a lock, and any number of instances
 * (in this or other processes) may share a repository. I/O failures are reported as
 * {@link ErrorCode#BACKEND_FAILURE}.
 *
 * @since 0.1
 */
public final class GitStateStore
    implements PromotionStore, PipelineStore, FreezeStore, AutoCloseable {

  /**
   * The ref used unless {@link Builder#ref(String)} says otherwise.
   *
   * @since 0.1
   */
  public static final String DEFAULT_REF = "refs/baton/state";

  /**
   * The largest state document (one promotion with its release and decisions, a pipeline, a
   * freeze, a notification) the store writes: 4 MiB of JSON. A larger one is refused with
   * {@link ErrorCode#DOCUMENT_TOO_LARGE} before anything is written, so no caller can grow a
   * file past what the store reads back (16 MiB). The engine's own limits (100 approvals,
   * 10,000 characters per text) keep ordinary promotions far below it.
   *
   * @since 0.1
   */
  public static final int MAX_DOCUMENT_BYTES = 4 << 20;

  // Between lost races while the ref stays put (its lock is held): 0.1-0.2 ms, doubling to 20 ms.
  private static final Duration FIRST_BACKOFF = Duration.ofNanos(200_000);
  private static final Duration MAX_BACKOFF = Duration.ofMillis(20);

  private final StateRef stateRef;
  private final StateSync sync;
  private final StatePromotions promotions;
  private final StatePipelines pipelines;
  private final StateFreezes freezes;

  private GitStateStore(Builder b, Repository repository) {
    this.stateRef = new StateRef(repository, b.ref, b.committerName, b.committerEmail, b.clock,
        b.maxAttempts, new Backoff(FIRST_BACKOFF, MAX_BACKOFF, b.random, b.sleeper));
    this.sync = new StateSync(stateRef);
    this.promotions = new StatePromotions(stateRef);
    this.pipelines = new StatePipelines(stateRef);
    this.freezes = new StateFreezes(stateRef);
  }

  /**
   * Opens the store on a repository with the defaults: ref {@value #DEFAULT_REF}, committer
   * "Baton", the system clock.
   *
   * @param repository the repository's work tree or Git directory
   * @throws BatonException INVALID_ARGUMENT when it is not a Git repository, STORE_CORRUPT when
   *     the state ref holds something else than Baton state
   * @since 0.1
   */
  public static GitStateStore open(Path repository) {
    return builder(repository).build();
  }

  /**
   * A builder for a store on this repository (its work tree or Git directory).
   *
   * @since 0.1
   */
  public static Builder builder(Path repository) {
    return new Builder(repository);
  }

  // ---- the ports, each kept by its own class ------------------------------------------------

  @Override
  public InsertResult insert(Promotion promotion, List<Notification> notifications) {
    return promotions.insert(promotion, notifications);
  }

  @Override
  public Optional<Promotion> find(PromotionId id) {
    return promotions.find(id);
  }

  @Override
  public Optional<Promotion> findByIdempotencyKey(ProjectId project, String key) {
    return promotions.findByIdempotencyKey(project, key);
  }

  @Override
  public CasResult compareAndSet(long expectedVersion, Promotion next,
      List<Notification> notifications) {
    return promotions.compareAndSet(expectedVersion, next, notifications);
  }

  @Override
  public Page<Promotion> query(PromotionQuery query) {
    return promotions.query(query);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Answered from the index's ids in order; opened from the derived index file, from the
   * file's id order, reading only the promotion folders of the ids it answers.
   */
  @Override
  public List<PromotionId> findIdsByPrefix(String prefix, int limit) {
    return promotions.findIdsByPrefix(prefix, limit);
  }

  @Override
  public Optional<PromotionId> targetClaim(ProjectId project, EnvironmentName target) {
    return promotions.targetClaim(project, target);
  }

  @Override
  public boolean compareAndSetTargetClaim(ProjectId project, EnvironmentName target,
      Optional<PromotionId> expected, Optional<PromotionId> next) {
    return promotions.compareAndSetTargetClaim(project, target, expected, next);
  }

  @Override
  public List<PendingNotification> pendingNotifications(Instant now, int limit) {
    return promotions.pendingNotifications(now, limit);
  }

  @Override
  public void markDelivered(NotificationId id) {
    promotions.markDelivered(id);
  }

  @Override
  public boolean takeDelivery(NotificationId id, Instant now, Instant until) {
    return promotions.takeDelivery(id, now, until);
  }

  @Override
  public void markFailed(NotificationId id, String error, Instant retryAt) {
    promotions.markFailed(id, error, retryAt);
  }

  @Override
  public Optional<Pipeline> find(ProjectId project) {
    return pipelines.find(project);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The pipeline is stored with version {@code expectedVersion + 1} whatever version it
   * carries. A positive {@code expectedVersion} for a project without a pipeline answers
   * {@link CasResult#NOT_FOUND}.
   */
  @Override
  public CasResult compareAndSet(long expectedVersion, Pipeline pipeline) {
    return pipelines.compareAndSet(expectedVersion, pipeline);
  }

  @Override
  public Set<ProjectId> projects() {
    return pipelines.projects();
  }

  @Override
  public Optional<Freeze> freeze(ProjectId project, EnvironmentName environment) {
    return freezes.freeze(project, environment);
  }

  @Override
  public void putFreeze(Freeze freeze) {
    freezes.putFreeze(freeze);
  }

  @Override
  public void removeFreeze(ProjectId project, EnvironmentName environment) {
    freezes.removeFreeze(project, environment);
  }

  @Override
  public void addBreakGlass(BreakGlass session) {
    freezes.addBreakGlass(session);
  }

  @Override
  public List<BreakGlass> breakGlassSessions(ProjectId project, EnvironmentName environment) {
    return freezes.breakGlassSessions(project, environment);
  }

  // ---- sharing ----------------------------------------------------------------------------

  /**
   * Pushes the state ref to the same ref of a remote, so other repositories can
   * {@link #fetch(String)} it. Does nothing while the store is empty.
   *
   * @param remote a configured remote's name or a URL
   * @throws BatonException WRITE_CONFLICT when the remote has state this repository lacks
   *     (fetch first), BACKEND_FAILURE when the remote cannot be reached
   * @since 0.1
   */
  public void push(String remote) {
    Arguments.notNull(remote, "remote");
    sync.push(remote);
  }

  /**
   * Fetches the remote's state ref and brings the local one up to it. When the local state
   * already contains the remote's nothing changes; when it is behind, it fast-forwards. When
   * both changed since they last agreed, the local changes are replayed onto the remote's state
   * with the store's compare-and-set rules (a promotion changes when the remote still holds the
   * version the local change started from; an id, idempotency key, claim or notification must
   * still be as the local change found it) and the local ref moves to a commit whose parents
   * are the remote's commit and the old local one, so a {@link #push(String)} then
   * fast-forwards the remote. Local changes that lost are not applied: they are logged at WARN
   * and listed in the result.
   *
   * @param remote a configured remote's name or a URL
   * @return what happened, with the replayed and refused changes
   * @throws BatonException STORE_CORRUPT when the remote's state is not valid (the local ref is
   *     then left as it was), STATE_ROLLED_BACK when the local ref was moved backwards,
   *     BACKEND_FAILURE when the remote cannot be reached
   * @since 0.1
   */
  public SyncResult fetch(String remote) {
    Arguments.notNull(remote, "remote");
    return sync.fetch(remote);
  }

  /** Closes the repository. Later calls fail with ILLEGAL_STATE. Idempotent. */
  @Override
  public void close() {
    stateRef.close();
  }

  @Override
  public String toString() {
    return "GitStateStore[" + stateRef.repository().getDirectory() + " " + stateRef.name() + "]";
  }

  /** How many state files this instance has read and parsed so far (for tests and tuning). */
  long filesRead() {
    return stateRef.locked(() -> stateRef.loader().filesRead());
  }

  /** How many chunks of the derived index file this instance has read (for tests). */
  int chunksRead() {
    return stateRef.locked(() -> stateRef.loader().index().chunksLoaded());
  }

  /** Test seam: writes the derived index file for the indexed commit now. */
  void writeIndexFile() {
    stateRef.locked(() -> {
      stateRef.refresh();
      stateRef.loader().writeDerived();
      return null;
    });
  }

  /**
   * Configures a {@link GitStateStore}. Single use, not thread-safe; {@link #build()} validates
   * and opens.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final Path repositoryPath;
    private String ref = DEFAULT_REF;
    private String committerName = "Baton";
    private String committerEmail = "baton@localhost";
    private Clock clock = Clock.systemUTC();
    private int maxAttempts = 32;
    private boolean acceptCurrentTip;
    private Sleeper sleeper = Sleeper.system();
    private Random random = new Random();

    private Builder(Path repository) {
      this.repositoryPath = Arguments.notNull(repository, "repository path");
    }

    /**
     * The ref holding the state; default {@value GitStateStore#DEFAULT_REF}.
     *
     * @since 0.1
     */
    public Builder ref(String value) {
      this.ref = Arguments.notNull(value, "ref");
      return this;
    }

    /**
     * Who the state commits are by; default "Baton" &lt;baton@localhost&gt;.
     *
     * @since 0.1
     */
    public Builder committer(String name, String email) {
      this.committerName = Arguments.notNull(name, "committer name");
      this.committerEmail = Arguments.notNull(email, "committer email");
      return this;
    }

    /**
     * The clock that dates the state commits; default the system clock (UTC).
     *
     * @since 0.1
     */
    public Builder clock(Clock value) {
      this.clock = Arguments.notNull(value, "clock");
      return this;
    }

    /**
     * How often one change is tried while other writers keep winning; default 32.
     *
     * @since 0.1
     */
    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    /**
     * Accepts the ref's current tip as the newest state even when it does not contain the
     * newest state commit seen before (the ref was moved back or rewritten on purpose): the
     * repair after {@link ErrorCode#STATE_ROLLED_BACK}. Logged at WARN. What the commits after
     * the current tip recorded is no longer in the store.
     *
     * @since 0.1
     */
    public Builder acceptCurrentTip() {
      this.acceptCurrentTip = true;
      return this;
    }

    /** Test seam: what waits between lost races; default {@link Sleeper#system()}. */
    Builder sleeper(Sleeper value) {
      this.sleeper = Arguments.notNull(value, "sleeper");
      return this;
    }

    /** Test seam: the source of backoff jitter; default a new {@link Random}. */
    Builder random(Random value) {
      this.random = Arguments.notNull(value, "random");
      return this;
    }

    /**
     * Opens the repository and indexes the state ref.
     *
     * @throws BatonException INVALID_ARGUMENT or INVALID_REF_NAME for bad settings or a path that
     *     is not a Git repository, STORE_CORRUPT when the ref holds something else than Baton
     *     state, STATE_ROLLED_BACK when the ref moved backwards or was rewritten (see
     *     {@link #acceptCurrentTip()}), BACKEND_FAILURE on I/O failure
     * @since 0.1
     */
    public GitStateStore build() {
      if (!ref.startsWith("refs/") || !Repository.isValidRefName(ref)) {
        throw new BatonException(ErrorCode.INVALID_REF_NAME, "not a valid ref name: '" + ref
            + "' (it must start with refs/)");
      }
      if (maxAttempts < 1) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT,
            "max attempts must be >= 1, was " + maxAttempts);
      }
      if (committerName.isBlank() || committerEmail.isBlank()) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT,
            "committer name and email are required");
      }
      Repository repository = GitRepositories.open(repositoryPath);
      GitStateStore store = new GitStateStore(this, repository);
      try {
        store.stateRef.load(acceptCurrentTip);
        return store;
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
    }
  }
}
