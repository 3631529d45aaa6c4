package dev.baton.git.state;

import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.state.StateIndex.Change;
import dev.baton.git.state.StateLayout.Kind;
import dev.baton.git.state.StateLayout.Location;
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
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.FS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>Reads are served from an in-memory index built when the store opens. Before every call the
 * store compares the ref with the commit it indexed and, when another process moved it, loads
 * only the files that differ between the two commits.
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
 */
public final class GitStateStore
    implements PromotionStore, PipelineStore, FreezeStore, AutoCloseable {

  /** The ref used unless {@link Builder#ref(String)} says otherwise. */
  public static final String DEFAULT_REF = "refs/baton/state";

  /**
   * The largest state document (one promotion with its release and decisions, a pipeline, a
   * freeze, a notification) the store writes: 4 MiB of JSON. A larger one is refused with
   * {@link ErrorCode#DOCUMENT_TOO_LARGE} before anything is written, so no caller can grow a
   * file past what the store reads back (16 MiB). The engine's own limits (100 approvals,
   * 10,000 characters per text) keep ordinary promotions far below it.
   */
  public static final int MAX_DOCUMENT_BYTES = 4 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(GitStateStore.class);
  private static final int MAX_FILE_BYTES = 16 << 20;
  private static final int READ_BATCH = 1024;
  private static final int PARALLEL_PARSE_MIN = 64;

  private final Repository repository;
  private final String ref;
  private final String committerName;
  private final String committerEmail;
  private final Clock clock;
  private final int maxAttempts;
  private final boolean acceptCurrentTip;
  private final StateWatermark watermark;

  private final ReentrantLock lock = new ReentrantLock();
  private final StateIndex index = new StateIndex();
  // What this instance wrote in the commit being indexed: path -> parsed value, to skip re-parsing.
  private final Map<String, Written> justWritten = new HashMap<>();
  private ObjectId indexedCommit;
  private ObjectId indexedTree;
  // The newest commit this instance read from or wrote to the ref; the ref must descend from it.
  private ObjectId seenCommit;
  private long filesRead;
  private boolean closed;

  private GitStateStore(Builder b, Repository repository) {
    this.repository = repository;
    this.ref = b.ref;
    this.committerName = b.committerName;
    this.committerEmail = b.committerEmail;
    this.clock = b.clock;
    this.maxAttempts = b.maxAttempts;
    this.acceptCurrentTip = b.acceptCurrentTip;
    this.watermark = new StateWatermark(repository, b.ref);
  }

  /**
   * Opens the store on a repository with the defaults: ref {@value #DEFAULT_REF}, committer
   * "Baton", the system clock.
   *
   * @param repository the repository's work tree or Git directory
   * @throws BatonException INVALID_ARGUMENT when it is not a Git repository, STORE_CORRUPT when
   *     the state ref holds something else than Baton state
   */
  public static GitStateStore open(Path repository) {
    return builder(repository).build();
  }

  /** A builder for a store on this repository (its work tree or Git directory). */
  public static Builder builder(Path repository) {
    return new Builder(repository);
  }

  // ---- PromotionStore ---------------------------------------------------------------------

  @Override
  public InsertResult insert(Promotion promotion, List<Notification> notifications) {
    Arguments.notNull(promotion, "promotion");
    List<Notification> outgoing = checkedNotifications(notifications);
    if (promotion.version() != 1) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "a new promotion has version 1, not " + promotion.version());
    }
    byte[] json = document(promotion);
    return mutate(state -> {
      if (state.promotion(promotion.id()).isPresent()) {
        return Plan.answer(InsertResult.DUPLICATE_ID);
      }
      Optional<String> key = promotion.idempotencyKey();
      if (key.isPresent() && state.promotionByKey(promotion.project(), key.get()).isPresent()) {
        return Plan.answer(InsertResult.DUPLICATE_KEY);
      }
      Plan<InsertResult> plan = Plan.change(InsertResult.INSERTED, "promotion "
          + promotion.id() + " v1: " + promotion.status())
          .put(StateLayout.promotionPath(promotion.id()), json, promotion);
      key.ifPresent(k -> plan.put(StateLayout.keyPath(promotion.project(), k),
          StateIndex.idFile(promotion.id()), null));
      return addNotifications(state, plan, outgoing);
    });
  }

  @Override
  public Optional<Promotion> find(PromotionId id) {
    Arguments.notNull(id, "promotion id");
    return read(state -> state.promotion(id));
  }

  @Override
  public Optional<Promotion> findByIdempotencyKey(ProjectId project, String key) {
    Arguments.notNull(project, "project");
    Arguments.notNull(key, "idempotency key");
    return read(state -> state.promotionByKey(project, key));
  }

  @Override
  public CasResult compareAndSet(long expectedVersion, Promotion next,
      List<Notification> notifications) {
    Arguments.notNull(next, "promotion");
    List<Notification> outgoing = checkedNotifications(notifications);
    if (next.version() != expectedVersion + 1) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "the next version of promotion "
          + next.id() + " must be " + (expectedVersion + 1) + ", was " + next.version());
    }
    byte[] json = document(next);
    return mutate(state -> {
      Optional<Promotion> stored = state.promotion(next.id());
      if (stored.isEmpty()) {
        return Plan.answer(CasResult.NOT_FOUND);
      }
      Promotion current = stored.get();
      if (current.version() != expectedVersion) {
        return Plan.answer(CasResult.VERSION_MISMATCH);
      }
      if (!current.project().equals(next.project())
          || !current.idempotencyKey().equals(next.idempotencyKey())) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT, "promotion " + next.id()
            + " cannot change its project or idempotency key");
      }
      Plan<CasResult> plan = Plan.change(CasResult.APPLIED,
          "promotion " + next.id() + " v" + next.version() + ": " + next.status())
          .put(StateLayout.promotionPath(next.id()), json, next);
      return addNotifications(state, plan, outgoing);
    });
  }

  @Override
  public Page<Promotion> query(PromotionQuery query) {
    Arguments.notNull(query, "query");
    return read(state -> state.query(query));
  }

  @Override
  public Optional<PromotionId> targetClaim(ProjectId project, EnvironmentName target) {
    Arguments.notNull(project, "project");
    Arguments.notNull(target, "target");
    return read(state -> state.claim(project, target));
  }

  @Override
  public boolean compareAndSetTargetClaim(ProjectId project, EnvironmentName target,
      Optional<PromotionId> expected, Optional<PromotionId> next) {
    Arguments.notNull(project, "project");
    Arguments.notNull(target, "target");
    Arguments.notNull(expected, "expected claim");
    Arguments.notNull(next, "next claim");
    String where = project + "/" + target;
    return mutate(state -> {
      Optional<PromotionId> current = state.claim(project, target);
      if (!current.equals(expected)) {
        return Plan.answer(false);
      }
      if (current.equals(next)) {
        return Plan.answer(true);
      }
      String path = StateLayout.claimPath(project, target);
      if (next.isPresent()) {
        return Plan.change(true, "claim " + where + ": " + next.get())
            .put(path, StateIndex.idFile(next.get()), next.get());
      }
      return Plan.change(true, "release claim " + where + " (was " + current.get() + ")")
          .delete(path);
    });
  }

  @Override
  public List<PendingNotification> pendingNotifications(Instant now, int limit) {
    Arguments.notNull(now, "now");
    if (limit < 0) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "limit must be >= 0, was " + limit);
    }
    return limit == 0 ? List.of() : read(state -> state.due(now, limit));
  }

  @Override
  public void markDelivered(NotificationId id) {
    Arguments.notNull(id, "notification id");
    mutate(state -> state.pending(id).isEmpty()
        ? Plan.answer(null)
        : Plan.change(null, "outbox: delivered " + id).delete(StateLayout.outboxPath(id)));
  }

  @Override
  public boolean takeDelivery(NotificationId id, Instant now, Instant until) {
    Arguments.notNull(id, "notification id");
    Arguments.notNull(now, "now");
    Arguments.notNull(until, "until");
    return mutate(state -> {
      Optional<PendingNotification> pending = state.pending(id);
      if (pending.isEmpty() || pending.get().nextAttemptAt().isAfter(now)) {
        return Plan.answer(false);
      }
      PendingNotification old = pending.get();
      PendingNotification taken = new PendingNotification(old.notification(), old.attempts(),
          until, old.lastError());
      return Plan.change(true, "outbox: delivering " + id + " until " + until)
          .put(StateLayout.outboxPath(id), document(taken), taken);
    });
  }

  @Override
  public void markFailed(NotificationId id, String error, Instant retryAt) {
    Arguments.notNull(id, "notification id");
    Arguments.notNull(retryAt, "retry time");
    mutate(state -> {
      Optional<PendingNotification> pending = state.pending(id);
      if (pending.isEmpty()) {
        return Plan.answer(null);
      }
      PendingNotification old = pending.get();
      PendingNotification failed = new PendingNotification(old.notification(),
          old.attempts() + 1, retryAt, Optional.ofNullable(error));
      return Plan.change(null, "outbox: " + id + " failed (attempt " + failed.attempts()
          + "), retry at " + retryAt)
          .put(StateLayout.outboxPath(id), document(failed), failed);
    });
  }

  // ---- PipelineStore ----------------------------------------------------------------------

  @Override
  public Optional<Pipeline> find(ProjectId project) {
    Arguments.notNull(project, "project");
    return read(state -> state.pipeline(project));
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
    Arguments.notNull(pipeline, "pipeline");
    if (expectedVersion < 0) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT,
          "expected pipeline version must be >= 0, was " + expectedVersion);
    }
    Pipeline next = pipeline.withVersion(expectedVersion + 1);
    byte[] json = document(next);
    return mutate(state -> {
      Optional<Pipeline> stored = state.pipeline(next.project());
      if (stored.isEmpty() && expectedVersion > 0) {
        return Plan.answer(CasResult.NOT_FOUND);
      }
      if (stored.map(Pipeline::version).orElse(0L) != expectedVersion) {
        return Plan.answer(CasResult.VERSION_MISMATCH);
      }
      return Plan.change(CasResult.APPLIED, "pipeline " + next.project() + " v" + next.version())
          .put(StateLayout.pipelinePath(next.project()), json, next);
    });
  }

  @Override
  public Set<ProjectId> projects() {
    return read(StateIndex::projects);
  }

  // ---- FreezeStore ------------------------------------------------------------------------

  @Override
  public Optional<Freeze> freeze(ProjectId project, EnvironmentName environment) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    return read(state -> state.freeze(project, environment));
  }

  @Override
  public void putFreeze(Freeze freeze) {
    Arguments.notNull(freeze, "freeze");
    byte[] json = document(freeze);
    mutate(state -> Plan.change(null, "freeze " + freeze.project() + "/"
        + freeze.environment() + " by " + freeze.by() + ": " + freeze.reason())
        .put(StateLayout.freezePath(freeze.project(), freeze.environment()), json, freeze));
  }

  @Override
  public void removeFreeze(ProjectId project, EnvironmentName environment) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    mutate(state -> state.freeze(project, environment).isEmpty()
        ? Plan.answer(null)
        : Plan.change(null, "unfreeze " + project + "/" + environment)
            .delete(StateLayout.freezePath(project, environment)));
  }

  @Override
  public void addBreakGlass(BreakGlass session) {
    Arguments.notNull(session, "break-glass session");
    byte[] json = document(session);
    mutate(state -> {
      int seq = state.nextSessionSequence(session.project(), session.environment());
      String path = StateLayout.breakGlassDir(session.project(), session.environment()) + "/"
          + StateLayout.sessionName(seq, session.startedAt()) + ".json";
      return Plan.change(null, "break-glass " + session.project() + "/" + session.environment()
          + " by " + session.by() + " until " + session.until() + ": " + session.reason())
          .put(path, json, session);
    });
  }

  @Override
  public List<BreakGlass> breakGlassSessions(ProjectId project, EnvironmentName environment) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    return read(state -> state.sessions(project, environment).values().stream()
        .sorted(Comparator.comparing(BreakGlass::startedAt)) // stable: ties keep file order
        .toList());
  }

  // ---- sharing ----------------------------------------------------------------------------

  /**
   * Pushes the state ref to the same ref of a remote, so other repositories can
   * {@link #fetch(String)} it. Does nothing while the store is empty.
   *
   * @param remote a configured remote's name or a URL
   * @throws BatonException WRITE_CONFLICT when the remote has state this repository lacks
   *     (fetch first), BACKEND_FAILURE when the remote cannot be reached
   */
  public void push(String remote) {
    Arguments.notNull(remote, "remote");
    locked(() -> {
      ensureOpen();
      refresh();
      if (indexedCommit == null) {
        return null;
      }
      Iterable<PushResult> results;
      try {
        results = Git.wrap(repository).push().setRemote(remote)
            .setRefSpecs(new RefSpec(ref + ":" + ref)).call();
      } catch (GitAPIException | RuntimeException e) {
        throw new BatonException(ErrorCode.BACKEND_FAILURE,
            "cannot push " + ref + " to '" + remote + "': " + e.getMessage(), e);
      }
      for (PushResult result : results) {
        RemoteRefUpdate update = result.getRemoteUpdate(ref);
        if (update == null) {
          continue;
        }
        switch (update.getStatus()) {
          case OK, UP_TO_DATE -> { }
          case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> throw new BatonException(
              ErrorCode.WRITE_CONFLICT, "the remote '" + remote + "' has Baton state on " + ref
                  + " that this repository lacks; fetch it first");
          default -> throw new BatonException(ErrorCode.BACKEND_FAILURE, "pushing " + ref
              + " to '" + remote + "' failed: " + update.getStatus()
              + Optional.ofNullable(update.getMessage()).map(m -> " (" + m + ")").orElse(""));
        }
      }
      return null;
    });
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
   */
  public SyncResult fetch(String remote) {
    Arguments.notNull(remote, "remote");
    return locked(() -> {
      ensureOpen();
      refresh();
      Optional<String> before = Optional.ofNullable(indexedCommit).map(ObjectId::name);
      Ref advertised;
      try {
        Git git = Git.wrap(repository);
        // Fetching a ref the remote lacks is an error, so ask first: no state there is no news.
        if (!git.lsRemote().setRemote(remote).callAsMap().containsKey(ref)) {
          return SyncResult.unchanged(SyncResult.Outcome.NO_REMOTE_STATE, before);
        }
        FetchResult fetched = git.fetch().setRemote(remote).setTagOpt(TagOpt.NO_TAGS)
            .setRefSpecs(new RefSpec(ref)).call();
        advertised = fetched.getAdvertisedRef(ref);
      } catch (GitAPIException | RuntimeException e) {
        throw new BatonException(ErrorCode.BACKEND_FAILURE,
            "cannot fetch " + ref + " from '" + remote + "': " + e.getMessage(), e);
      }
      if (advertised == null || advertised.getObjectId() == null) {
        return SyncResult.unchanged(SyncResult.Outcome.NO_REMOTE_STATE, before);
      }
      ObjectId theirs = advertised.getObjectId();
      for (int attempt = 1; attempt <= maxAttempts; attempt++) {
        refresh();
        ObjectId ours = indexedCommit;
        Optional<String> at = Optional.ofNullable(ours).map(ObjectId::name);
        if (theirs.equals(ours) || (ours != null && isAncestor(theirs, ours))) {
          return SyncResult.unchanged(SyncResult.Outcome.UP_TO_DATE, at);
        }
        SyncResult result;
        if (ours == null || isAncestor(ours, theirs)) {
          result = new SyncResult(SyncResult.Outcome.FAST_FORWARDED, at,
              Optional.of(theirs.name()), List.of(), List.of());
        } else {
          StateReplay.Outcome merged = replay(ours, theirs, remote);
          result = new SyncResult(SyncResult.Outcome.MERGED, at,
              Optional.of(merged.commit().name()), merged.replayed(), merged.refused());
        }
        ObjectId target = ObjectId.fromString(result.after().orElseThrow());
        refreshTo(target); // validates everything that differs from the local state
        if (moveRef(ours, target, "fetch from " + remote)) {
          seen(target);
          LOG.info("{} {} to {} from {}: {} local change(s) replayed, {} refused", ref,
              result.outcome(), target.name(), remote, result.replayed().size(),
              result.refused().size());
          result.refused().forEach(c -> LOG.warn("not replayed onto {}'s state: {} {} ({})",
              remote, c.commit(), c.description(), c.reason()));
          return result;
        }
        refreshTo(ours); // the index follows the ref, which another writer moved
        backOffIfUnmoved(ours, attempt);
      }
      throw conflict("fetch from " + remote);
    });
  }

  private StateReplay.Outcome replay(ObjectId ours, ObjectId theirs, String remote) {
    PersonIdent who = new PersonIdent(committerName, committerEmail, clock.instant(),
        ZoneOffset.UTC);
    try (ObjectInserter inserter = repository.newObjectInserter();
         ObjectReader reader = inserter.newReader()) {
      return new StateReplay(repository, reader, inserter).replay(ours, theirs, remote, who);
    } catch (IOException e) {
      throw backend("replay local state onto '" + remote + "'", e);
    }
  }

  private boolean isAncestor(ObjectId base, ObjectId tip) {
    try (RevWalk walk = new RevWalk(repository)) {
      return walk.isMergedInto(walk.parseCommit(base), walk.parseCommit(tip));
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw new BatonException(ErrorCode.STORE_CORRUPT, "the state on " + ref
          + " or fetched for it is not a commit history: " + e.getMessage(), e);
    } catch (IOException e) {
      throw backend("compare local and fetched state", e);
    }
  }

  /** Closes the repository. Later calls fail with ILLEGAL_STATE. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        repository.close();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "GitStateStore[" + repository.getDirectory() + " " + ref + "]";
  }

  /** How many state files this instance has read and parsed so far (for tests and tuning). */
  long filesRead() {
    lock.lock();
    try {
      return filesRead;
    } finally {
      lock.unlock();
    }
  }

  // ---- the write loop ---------------------------------------------------------------------

  private <R> R mutate(Function<StateIndex, Plan<R>> decide) {
    return locked(() -> {
      ensureOpen();
      String lastTried = "";
      for (int attempt = 1; attempt <= maxAttempts; attempt++) {
        refresh();
        Plan<R> plan = decide.apply(index);
        if (plan.writes.isEmpty()) {
          return plan.answer;
        }
        ObjectId base = indexedCommit;
        ObjectId commit = commit(plan);
        if (commit == null) {
          return plan.answer;
        }
        if (moveRef(base, commit, plan.message)) {
          LOG.debug("{} -> {}: {}", ref, commit.name(), plan.message);
          refreshTo(commit);
          seen(commit);
          return plan.answer;
        }
        justWritten.clear();
        lastTried = plan.message.lines().findFirst().orElse("");
        backOffIfUnmoved(base, attempt);
      }
      throw conflict("write '" + lastTried + "'");
    });
  }

  private <R> R read(Function<StateIndex, R> query) {
    return locked(() -> {
      ensureOpen();
      refresh();
      return query.apply(index);
    });
  }

  private <R> R locked(Supplier<R> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      justWritten.clear();
      lock.unlock();
    }
  }

  private <R> Plan<R> addNotifications(StateIndex state, Plan<R> plan, List<Notification> list) {
    for (Notification n : list) {
      if (state.pending(n.id()).isPresent()) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT,
            "notification " + n.id() + " is already in the outbox");
      }
      PendingNotification pending = PendingNotification.fresh(n);
      plan.put(StateLayout.outboxPath(n.id()), document(pending), pending);
    }
    if (!list.isEmpty()) {
      plan.message += "\n\nNotifications: "
          + String.join(", ", list.stream().map(n -> n.id() + " (" + n.kind() + ")").toList());
    }
    return plan;
  }

  /** Writes the plan's files and a commit on top of the indexed one; null if nothing changed. */
  private ObjectId commit(Plan<?> plan) {
    try (ObjectInserter inserter = repository.newObjectInserter();
         ObjectReader reader = inserter.newReader()) {
      TreeEdits edits = new TreeEdits(reader, inserter);
      for (FileWrite w : plan.writes) {
        if (w.content == null) {
          edits.delete(w.path);
        } else {
          ObjectId blob = edits.put(w.path, w.content);
          justWritten.put(w.path, new Written(blob, w.value));
        }
      }
      if (indexedTree == null) {
        // The first change creates the ref; it must say what it holds.
        edits.put(StateLayout.FORMAT_PATH, StateIndex.formatFile());
      }
      ObjectId tree = edits.applyTo(indexedTree);
      if (tree.equals(indexedTree)) {
        return null;
      }
      PersonIdent who = new PersonIdent(committerName, committerEmail, clock.instant(),
          ZoneOffset.UTC);
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(tree);
      if (indexedCommit != null) {
        commit.setParentId(indexedCommit);
      }
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage(plan.message + "\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return id;
    } catch (IOException e) {
      throw backend("write a state commit", e);
    }
  }

  /** Compare-and-set of the ref from {@code expected} (null: absent) to {@code next}. */
  private boolean moveRef(ObjectId expected, ObjectId next, String message) {
    try {
      RefUpdate update = repository.updateRef(ref);
      update.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
      update.setNewObjectId(next);
      update.setRefLogMessage("baton: " + message.lines().findFirst().orElse(""), false);
      RefUpdate.Result result = update.update();
      return switch (result) {
        case NEW, FAST_FORWARD -> true;
        case LOCK_FAILURE, REJECTED -> false;
        default -> throw new BatonException(ErrorCode.BACKEND_FAILURE,
            "updating " + ref + " failed: " + result);
      };
    } catch (IOException e) {
      throw backend("update " + ref, e);
    }
  }

  // The ref moved: retry at once, the precondition gets checked again. It did not: someone
  // holds its lock, so wait a little (randomised, growing) before trying again.
  private void backOffIfUnmoved(ObjectId base, int attempt) {
    if (!Objects.equals(currentRefId(), base) || attempt >= maxAttempts) {
      return;
    }
    long ceiling = Math.min(20_000_000L, 100_000L << Math.min(attempt, 8));
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
  }

  private BatonException conflict(String what) {
    LOG.warn("{} on {} lost the race {} times", what, ref, maxAttempts);
    return new BatonException(ErrorCode.WRITE_CONFLICT, "could not " + what + " on " + ref
        + " after " + maxAttempts + " attempts: other writers kept moving it, or a stale "
        + ref + ".lock file is left in the repository");
  }

  // ---- the index --------------------------------------------------------------------------

  // Refuses a ref that moved backwards or was rewritten before reading anything it holds.
  private void refresh() {
    ObjectId current = currentRefId();
    watermark.check(current, seenCommit);
    if (!Objects.equals(current, indexedCommit)) {
      refreshTo(current);
    }
    seen(current);
  }

  /** Notes a commit read from or written to the ref; the ref must contain it from now on. */
  private void seen(ObjectId commit) {
    if (commit != null && !commit.equals(seenCommit)) {
      seenCommit = commit;
      watermark.advance(commit);
    }
  }

  private ObjectId currentRefId() {
    try {
      Ref current = repository.exactRef(ref);
      return current == null ? null : current.getObjectId();
    } catch (IOException e) {
      throw backend("read " + ref, e);
    }
  }

  /** Makes the index describe {@code commit} (null: empty), reading only what differs. */
  private void refreshTo(ObjectId commit) {
    ObjectId tree = commit == null ? null : treeOf(commit);
    long started = System.nanoTime();
    List<Change> changes = diff(indexedTree, tree);
    try {
      index.applyAll(changes, commit != null);
    } catch (BatonException e) {
      index.clear();
      indexedCommit = null;
      indexedTree = null;
      throw e;
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("indexed {} at {}: {} changed files in {} ms", ref,
          commit == null ? "(none)" : commit.name(), changes.size(),
          (System.nanoTime() - started) / 1_000_000);
    }
    indexedCommit = commit;
    indexedTree = tree;
  }

  private ObjectId treeOf(ObjectId commit) {
    try (RevWalk walk = new RevWalk(repository)) {
      return walk.parseCommit(commit).getTree().getId();
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw new BatonException(ErrorCode.STORE_CORRUPT, ref + " points at " + commit.name()
          + ", which is not a commit in this repository", e);
    } catch (IOException e) {
      throw backend("read commit " + commit.name(), e);
    }
  }

  private List<Change> diff(ObjectId oldTree, ObjectId newTree) {
    List<Change> changes = new ArrayList<>();
    if (Objects.equals(oldTree, newTree)) {
      return changes;
    }
    String path = "(tree)";
    try (ObjectReader reader = repository.newObjectReader();
         TreeWalk walk = new TreeWalk(reader)) {
      walk.setRecursive(true);
      if (oldTree == null) {
        walk.addTree(new EmptyTreeIterator());
      } else {
        walk.addTree(oldTree);
      }
      if (newTree == null) {
        walk.addTree(new EmptyTreeIterator());
      } else {
        walk.addTree(newTree);
      }
      walk.setFilter(TreeFilter.ANY_DIFF);
      List<ToRead> toRead = new ArrayList<>();
      while (walk.next()) {
        path = walk.getPathString();
        int mode = walk.getRawMode(1);
        if (mode == 0) {
          changes.add(new Change(StateLayout.parse(path), null));
          continue;
        }
        Location at = StateLayout.parse(path);
        if (mode != FileMode.REGULAR_FILE.getBits()) {
          throw StateLayout.corrupt(path, "is not a regular file (mode "
              + Integer.toOctalString(mode) + ")");
        }
        ObjectId blob = walk.getObjectId(1);
        Object known = known(at, blob);
        if (known == null) {
          toRead.add(new ToRead(changes.size(), at, blob));
        }
        changes.add(new Change(at, known));
      }
      readAll(reader, toRead, changes);
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw StateLayout.corrupt(path, "cannot be read: " + e.getMessage());
    } catch (IOException e) {
      throw backend("read " + ref, e);
    }
    return changes;
  }

  /** What a file holds without reading it, or null when it must be read. */
  private Object known(Location at, ObjectId blob) {
    if (at.kind() == Kind.KEY) {
      return blob; // checked by blob id against the promotion that owns the key; never read
    }
    Written mine = justWritten.get(at.path());
    return mine != null && mine.blob.equals(blob) ? mine.value : null;
  }

  // Reads the blobs in order on one reader (readers are single-threaded) and parses them in
  // parallel when there are many, as on opening a large store: parsing dominates that cost.
  private void readAll(ObjectReader reader, List<ToRead> toRead, List<Change> changes)
      throws IOException {
    for (int from = 0; from < toRead.size(); from += READ_BATCH) {
      List<ToRead> batch = toRead.subList(from, Math.min(toRead.size(), from + READ_BATCH));
      byte[][] contents = new byte[batch.size()][];
      for (int i = 0; i < contents.length; i++) {
        contents[i] = readBlob(reader, batch.get(i));
      }
      Object[] values = new Object[contents.length];
      IntStream indexes = IntStream.range(0, contents.length);
      if (contents.length >= PARALLEL_PARSE_MIN) {
        indexes = indexes.parallel();
      }
      indexes.forEach(i -> values[i] =
          StateIndex.parse(batch.get(i).at(), contents[i], batch.get(i).blob()));
      for (int i = 0; i < values.length; i++) {
        changes.set(batch.get(i).slot(), new Change(batch.get(i).at(), values[i]));
      }
      filesRead += values.length;
    }
  }

  private static byte[] readBlob(ObjectReader reader, ToRead file) throws IOException {
    try {
      return reader.open(file.blob(), Constants.OBJ_BLOB).getCachedBytes(MAX_FILE_BYTES);
    } catch (LargeObjectException e) {
      throw StateLayout.corrupt(file.at().path(), "is larger than " + MAX_FILE_BYTES + " bytes");
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw StateLayout.corrupt(file.at().path(), "cannot be read: " + e.getMessage());
    }
  }

  // ---- small helpers ----------------------------------------------------------------------

  private void ensureOpen() {
    if (closed) {
      throw new BatonException(ErrorCode.ILLEGAL_STATE, "the Git state store is closed");
    }
  }

  private BatonException backend(String what, IOException e) {
    return new BatonException(ErrorCode.BACKEND_FAILURE,
        "cannot " + what + " in " + repository.getDirectory() + ": " + e.getMessage(), e);
  }

  /** The JSON of a state document, refused when it is over {@link #MAX_DOCUMENT_BYTES}. */
  private static byte[] document(Object value) {
    byte[] json = StateJson.write(value);
    if (json.length > MAX_DOCUMENT_BYTES) {
      throw new BatonException(ErrorCode.DOCUMENT_TOO_LARGE, "the "
          + value.getClass().getSimpleName() + " document would be " + json.length
          + " bytes of JSON; the limit is " + MAX_DOCUMENT_BYTES + " bytes (nothing was written)");
    }
    return json;
  }


  private static List<Notification> checkedNotifications(List<Notification> notifications) {
    List<Notification> list = List.copyOf(Arguments.notNull(notifications, "notifications"));
    Set<NotificationId> ids = new HashSet<>();
    for (Notification n : list) {
      if (!ids.add(n.id())) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT,
            "notification " + n.id() + " is listed twice");
      }
    }
    return list;
  }

  private void loadOnOpen() {
    long started = System.nanoTime();
    lock.lock();
    try {
      if (acceptCurrentTip) {
        watermark.accept(currentRefId());
      }
      refresh();
    } finally {
      lock.unlock();
    }
    LOG.debug("opened {} on {}: {} promotions indexed in {} ms", ref, repository.getDirectory(),
        index.promotionCount(), (System.nanoTime() - started) / 1_000_000);
  }

  /** A file to write (content) or delete (content null) and its parsed value. */
  private record FileWrite(String path, byte[] content, Object value) {}

  private record Written(ObjectId blob, Object value) {}

  /** A changed file to read: its place in the change list, where it is, its blob. */
  private record ToRead(int slot, Location at, ObjectId blob) {}

  /** What one attempt decided: the answer, and the commit that makes it true (if any). */
  private static final class Plan<R> {
    final R answer;
    String message;
    final List<FileWrite> writes = new ArrayList<>();

    private Plan(R answer, String message) {
      this.answer = answer;
      this.message = message;
    }

    static <R> Plan<R> answer(R answer) {
      return new Plan<>(answer, "");
    }

    static <R> Plan<R> change(R answer, String message) {
      return new Plan<>(answer, message);
    }

    Plan<R> put(String path, byte[] content, Object value) {
      writes.add(new FileWrite(path, content, value));
      return this;
    }

    Plan<R> delete(String path) {
      writes.add(new FileWrite(path, null, null));
      return this;
    }
  }

  /**
   * Configures a {@link GitStateStore}. Single use, not thread-safe; {@link #build()} validates
   * and opens.
   */
  public static final class Builder {
    private final Path repositoryPath;
    private String ref = DEFAULT_REF;
    private String committerName = "Baton";
    private String committerEmail = "baton@localhost";
    private Clock clock = Clock.systemUTC();
    private int maxAttempts = 32;
    private boolean acceptCurrentTip;

    private Builder(Path repository) {
      this.repositoryPath = Arguments.notNull(repository, "repository path");
    }

    /** The ref holding the state; default {@value GitStateStore#DEFAULT_REF}. */
    public Builder ref(String value) {
      this.ref = Arguments.notNull(value, "ref");
      return this;
    }

    /** Who the state commits are by; default "Baton" &lt;baton@localhost&gt;. */
    public Builder committer(String name, String email) {
      this.committerName = Arguments.notNull(name, "committer name");
      this.committerEmail = Arguments.notNull(email, "committer email");
      return this;
    }

    /** The clock that dates the state commits; default the system clock (UTC). */
    public Builder clock(Clock value) {
      this.clock = Arguments.notNull(value, "clock");
      return this;
    }

    /** How often one change is tried while other writers keep winning; default 32. */
    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    /**
     * Accepts the ref's current tip as the newest state even when it does not contain the
     * newest state commit seen before (the ref was moved back or rewritten on purpose): the
     * repair after {@link ErrorCode#STATE_ROLLED_BACK}. Logged at WARN. What the commits after
     * the current tip recorded is no longer in the store.
     */
    public Builder acceptCurrentTip() {
      this.acceptCurrentTip = true;
      return this;
    }

    /**
     * Opens the repository and indexes the state ref.
     *
     * @throws BatonException INVALID_ARGUMENT or INVALID_REF_NAME for bad settings or a path that
     *     is not a Git repository, STORE_CORRUPT when the ref holds something else than Baton
     *     state, STATE_ROLLED_BACK when the ref moved backwards or was rewritten (see
     *     {@link #acceptCurrentTip()}), BACKEND_FAILURE on I/O failure
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
      Repository repository = openRepository(repositoryPath);
      GitStateStore store = new GitStateStore(this, repository);
      try {
        store.loadOnOpen();
        return store;
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
    }

    private static Repository openRepository(Path path) {
      File dir = path.toFile();
      FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
      if (RepositoryCache.FileKey.isGitRepository(dir, FS.DETECTED)) {
        builder.setGitDir(dir);
      } else {
        builder.setWorkTree(dir);
      }
      try {
        return builder.build();
      } catch (RepositoryNotFoundException | IllegalArgumentException e) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT, "not a Git repository: " + path, e);
      } catch (IOException e) {
        throw new BatonException(ErrorCode.BACKEND_FAILURE,
            "cannot open the Git repository " + path + ": " + e.getMessage(), e);
      }
    }
  }
}
