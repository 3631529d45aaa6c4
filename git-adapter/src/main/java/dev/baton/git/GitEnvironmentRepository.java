package dev.baton.git;

import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.Delivery;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.FileChange;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.PullRequestState;
import dev.baton.model.Revision;
import dev.baton.model.WriteResult;
import dev.baton.model.WriteStatus;
import dev.baton.spi.EnvironmentRepository;
import dev.baton.spi.PullRequestOpener;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.dircache.InvalidPathException;
import org.eclipse.jgit.errors.CorruptObjectException;
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
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *       moving the branch, or, should a crash have come in between, by scanning the newest
 *       commits (a bounded number, {@link Builder#historyScanLimit}) for the
 *       {@code Promotion-Id:} trailer;
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
 */
public final class GitEnvironmentRepository implements EnvironmentRepository, AutoCloseable {
  /** The revision of a branch that has no commit yet: forty zeros. */
  public static final Revision UNBORN = Revision.of(ObjectId.zeroId().name());
  /** Where marker refs live: {@code refs/baton/promotions/<promotion-id>}. */
  public static final String MARKER_REF_PREFIX = "refs/baton/promotions/";
  /** Branch name prefix of pull request mode: {@code baton/promotion/<promotion-id>}. */
  public static final String PULL_REQUEST_BRANCH_PREFIX = "baton/promotion/";

  private static final Logger LOG = LoggerFactory.getLogger(GitEnvironmentRepository.class);

  private final Repository repository;
  private final String branch;
  private final String baseRef;
  private final EnvironmentLayout layout;
  private final RemoteSync sync;
  private final WriteMode mode;
  private final PullRequestOpener opener;
  private final String committerName;
  private final String committerEmail;
  private final int maxAttempts;
  private final Backoff backoff;
  private final long maxFileBytes;
  private final int historyScanLimit;
  private final boolean fetchOnRead;
  private final RaceHook raceHook;
  private final MergeCheck merges;
  private final ReentrantLock remoteLock = new ReentrantLock();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** The validated settings of a builder. */
  private record Config(String branch, EnvironmentLayout layout, String remote, WriteMode mode,
      PullRequestOpener opener, String committerName, String committerEmail, int maxAttempts,
      Backoff backoff, long maxFileBytes, int historyScanLimit, boolean fetchOnRead,
      RaceHook raceHook) {}

  private GitEnvironmentRepository(Config c, Repository repository) {
    this.repository = repository;
    this.branch = c.branch();
    this.baseRef = Constants.R_HEADS + c.branch();
    this.layout = c.layout();
    this.sync = c.remote() == null ? null : new RemoteSync(repository, c.remote());
    this.mode = c.mode();
    this.opener = c.opener();
    this.committerName = c.committerName();
    this.committerEmail = c.committerEmail();
    this.maxAttempts = c.maxAttempts();
    this.backoff = c.backoff();
    this.maxFileBytes = c.maxFileBytes();
    this.historyScanLimit = c.historyScanLimit();
    this.fetchOnRead = c.fetchOnRead();
    this.raceHook = c.raceHook();
    this.merges = new MergeCheck(repository, c.historyScanLimit());
  }

  /** A new builder; {@link Builder#repository} is the one required setting. */
  public static Builder builder() {
    return new Builder();
  }

  /** The branch environments are read from and (in direct mode) written to. */
  public String branch() {
    return branch;
  }

  /** The layout that places environment folders. */
  public EnvironmentLayout layout() {
    return layout;
  }

  /** How writes are delivered. */
  public WriteMode mode() {
    return mode;
  }

  /** The remote fetched from and pushed to, if any. */
  public Optional<String> remote() {
    return sync == null ? Optional.empty() : Optional.of(sync.remote());
  }

  // ---------------------------------------------------------------------------------- reading

  @Override
  public Set<EnvironmentName> environments(ProjectId project) {
    Arguments.notNull(project, "project");
    String parent = layout.parentFolder(project);
    String suffix = layout.suffix(project);
    return call(() -> {
      refreshForRead();
      ObjectId head = branchTip();
      try (RevWalk walk = new RevWalk(repository)) {
        ObjectReader reader = walk.getObjectReader();
        ObjectId root = walk.parseCommit(head).getTree();
        ObjectId parentTree = parent.isEmpty() ? root : folderOrNull(reader, root, parent);
        SortedSet<EnvironmentName> found = new TreeSet<>();
        if (parentTree != null) {
          try (TreeWalk children = new TreeWalk(reader)) {
            children.addTree(parentTree);
            while (children.next()) {
              Optional<EnvironmentName> name = environmentName(children.getNameString());
              if (children.isSubtree() && name.isPresent() && (suffix.isEmpty()
                  || folderOrNull(reader, children.getObjectId(0), suffix) != null)) {
                found.add(name.get());
              }
            }
          }
        }
        // An environment with a folder of its own is there when that folder is.
        for (EnvironmentName own : layout.folders().keySet()) {
          found.remove(own);
          if (folderOrNull(reader, root, layout.folder(project, own)) != null) {
            found.add(own);
          }
        }
        return Collections.unmodifiableSortedSet(found);
      }
    });
  }

  @Override
  public EnvironmentFiles read(ProjectId project, EnvironmentName environment) {
    String folder = folderOf(project, environment);
    return call(() -> {
      refreshForRead();
      ObjectId head = branchTip();
      return filesAt(environment, folder, head);
    });
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
    return call(() -> {
      branchTip();
      if (revision.equals(UNBORN)) {
        return Optional.of(noFiles(environment));
      }
      ObjectId commit = knownCommit(revision);
      if (commit == null && sync != null) {
        refreshForRead();
        commit = knownCommit(revision);
      }
      return commit == null
          ? Optional.empty() : Optional.of(filesAt(environment, folder, commit));
    });
  }

  private EnvironmentFiles filesAt(EnvironmentName environment, String folder, ObjectId commit)
      throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      ObjectReader reader = walk.getObjectReader();
      Optional<ObjectId> tree =
          FolderTrees.resolve(reader, walk.parseCommit(commit).getTree(), folder);
      SortedMap<String, String> texts = new TreeMap<>();
      SortedSet<String> executable = new TreeSet<>();
      if (tree.isPresent()) {
        for (Map.Entry<String, FolderTrees.Entry> file
            : FolderTrees.files(reader, tree.get(), folder).entrySet()) {
          String path = folder + "/" + file.getKey();
          texts.put(file.getKey(),
              FolderTrees.text(reader, file.getValue().blob(), path, maxFileBytes));
          if (isExecutable(file.getValue())) {
            executable.add(file.getKey());
          }
        }
      }
      return new EnvironmentFiles(environment, Revision.of(commit.name()), texts, executable);
    }
  }

  private static EnvironmentFiles noFiles(EnvironmentName environment) {
    return new EnvironmentFiles(environment, UNBORN, new TreeMap<>());
  }

  // ---------------------------------------------------------------------------------- writing

  /** Everything a write needs, checked before any object is written. */
  private record Plan(EnvironmentWrite write, String folder, String marker,
      String pullRequestRef, Map<String, Optional<byte[]>> changes, Set<String> executable,
      String message, PersonIdent author, PersonIdent ident) {
    PromotionId promotion() {
      return write.commit().promotion();
    }
  }

  /** An existing write of a promotion and how it was found. */
  private record Found(ObjectId commit, boolean byMarker) {}

  @Override
  public WriteResult write(EnvironmentWrite write) {
    Arguments.notNull(write, "write");
    Plan plan = plan(write);
    return call(() -> {
      if (sync == null) {
        return writeWithRetries(plan);
      }
      remoteLock.lock();
      try {
        return writeWithRetries(plan);
      } finally {
        remoteLock.unlock();
      }
    });
  }

  private Plan plan(EnvironmentWrite write) {
    String folder = layout.folder(write.project(), write.environment());
    PromotionId promotion = write.commit().promotion();
    String marker = requireRefName(MARKER_REF_PREFIX + promotion.value());
    String pullRequestRef =
        requireRefName(Constants.R_HEADS + PULL_REQUEST_BRANCH_PREFIX + promotion.value());
    Map<String, Optional<byte[]>> changes = new LinkedHashMap<>();
    Set<String> executable = new TreeSet<>();
    for (FileChange change : write.changes()) {
      if (changes.containsKey(change.path())) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT,
            "the write changes '" + change.path() + "' twice");
      }
      String path = folder + "/" + change.path();
      changes.put(change.path(), change.content().map(text -> encode(path, text)));
      if (change.executable()) {
        executable.add(change.path());
      }
    }
    FolderTrees.requireNoFileFolderClash(
        changes.entrySet().stream().filter(e -> e.getValue().isPresent())
            .map(Map.Entry::getKey).toList());
    PersonIdent ident = new PersonIdent(committerName, committerEmail, write.commit().at(),
        ZoneOffset.UTC);
    return new Plan(write, folder, marker, pullRequestRef, Collections.unmodifiableMap(changes),
        Collections.unmodifiableSet(executable), PromotionMessage.format(write.commit(), folder),
        CommitIdentity.author(write.commit().requestedBy(), write.commit().at()), ident);
  }

  private byte[] encode(String path, String text) {
    if (text.length() > maxFileBytes) {
      throw FolderTrees.tooLarge(path, text.length(), maxFileBytes);
    }
    ByteBuffer encoded;
    try {
      encoded = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
    } catch (CharacterCodingException e) {
      throw new BatonException(ErrorCode.MALFORMED_DOCUMENT,
          path + " cannot be written as UTF-8 (unpaired surrogate)", e);
    }
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    if (bytes.length > maxFileBytes) {
      throw FolderTrees.tooLarge(path, bytes.length, maxFileBytes);
    }
    return bytes;
  }

  private WriteResult writeWithRetries(Plan plan) throws IOException {
    for (int attempt = 1; ; attempt++) {
      if (sync != null) {
        sync.fetch(List.of(baseRef, plan.pullRequestRef(), plan.marker()));
      }
      Optional<Found> existing = lookup(plan.promotion(), plan.folder(), plan.marker(),
          plan.pullRequestRef());
      if (existing.isPresent()) {
        return alreadyWritten(plan, existing.get());
      }
      Optional<WriteResult> done =
          attempt(plan, requireBranch(resolveRef(view(baseRef))), attempt);
      if (done.isPresent()) {
        return done.get();
      }
      if (attempt >= maxAttempts) {
        throw new BatonException(ErrorCode.WRITE_CONFLICT, "promotion " + plan.promotion()
            + " lost the race for " + targetRef(plan) + " " + attempt
            + " times in a row; nothing was written");
      }
      LOG.debug("promotion {} lost the race for {} (attempt {}), retrying", plan.promotion(),
          targetRef(plan), attempt);
      backoff.pause(attempt);
    }
  }

  /** One try: empty when the ref moved under us (retry), else the outcome. */
  private Optional<WriteResult> attempt(Plan plan, ObjectId tip, int attempt)
      throws IOException {
    try (ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = inserter.newReader();
        RevWalk walk = new RevWalk(reader)) {
      ObjectId tipTree = tip == null ? null : walk.parseCommit(tip).getTree();
      Optional<ObjectId> current = tipTree == null
          ? Optional.empty() : FolderTrees.resolve(reader, tipTree, plan.folder());
      if (!folderUnchanged(walk, plan, current)) {
        LOG.info("promotion {} is stale: {} changed since {}", plan.promotion(), plan.folder(),
            plan.write().expectedRevision());
        return Optional.of(new WriteResult(WriteStatus.STALE, revisionOf(tip)));
      }
      SortedMap<String, FolderTrees.Entry> files = current.isPresent()
          ? FolderTrees.files(reader, current.get(), plan.folder()) : new TreeMap<>();
      Set<String> paths = new TreeSet<>(files.keySet());
      plan.changes().forEach((path, content) -> {
        if (content.isPresent()) {
          paths.add(path);
        } else {
          paths.remove(path);
        }
      });
      FolderTrees.requireNoFileFolderClash(paths);
      for (Map.Entry<String, Optional<byte[]>> change : plan.changes().entrySet()) {
        String path = change.getKey();
        if (change.getValue().isEmpty()) {
          files.remove(path);
          continue;
        }
        // The bit is sticky: set when the change says so, else an existing file keeps its mode.
        FolderTrees.Entry old = files.get(path);
        FileMode fileMode = plan.executable().contains(path)
            || (old != null && isExecutable(old))
            ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE;
        ObjectId blob = inserter.insert(Constants.OBJ_BLOB, change.getValue().get());
        files.put(path, new FolderTrees.Entry(fileMode, blob));
      }
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(FolderTrees.rewrite(reader, inserter, tipTree, plan.folder(), files));
      if (tip != null) {
        commit.setParentId(tip);
      }
      commit.setAuthor(plan.author());
      commit.setCommitter(plan.ident());
      commit.setMessage(plan.message());
      ObjectId commitId = inserter.insert(commit);
      inserter.flush();

      raceHook.beforeUpdate(attempt);
      if (!moveTarget(plan, walk, tip, commitId)) {
        return Optional.empty();
      }
      recordMarker(plan.marker(), commitId);
      LOG.info("promotion {} written to {} as {}", plan.promotion(), targetRef(plan),
          commitId.name());
      if (mode == WriteMode.PULL_REQUEST) {
        openPullRequest(plan, commitId);
      }
      return Optional.of(new WriteResult(WriteStatus.WRITTEN, Revision.of(commitId.name())));
    }
  }

  /** Whether the folder at the tip is the folder at the expected revision. */
  private boolean folderUnchanged(RevWalk walk, Plan plan, Optional<ObjectId> current)
      throws IOException {
    Revision expected = plan.write().expectedRevision();
    Optional<ObjectId> then;
    if (expected.equals(UNBORN)) {
      then = Optional.empty();
    } else {
      ObjectId id = knownCommit(expected);
      if (id == null) {
        // A revision this repository does not know cannot be vouched for: the caller re-reads.
        return false;
      }
      then = FolderTrees.resolve(walk.getObjectReader(), walk.parseCommit(id).getTree(),
          plan.folder());
    }
    return then.equals(current);
  }

  private String targetRef(Plan plan) {
    return mode == WriteMode.DIRECT ? baseRef : plan.pullRequestRef();
  }

  /** Compare-and-set of the target ref (locally or by push); false when another write won. */
  private boolean moveTarget(Plan plan, RevWalk walk, ObjectId tip, ObjectId commitId)
      throws IOException {
    String target = targetRef(plan);
    ObjectId expectedOld =
        mode == WriteMode.DIRECT && tip != null ? tip : ObjectId.zeroId();
    if (sync != null) {
      return sync.push(target, commitId, expectedOld).ok();
    }
    RefUpdate update = repository.updateRef(target);
    update.setExpectedOldObjectId(expectedOld);
    update.setNewObjectId(commitId);
    update.setRefLogIdent(plan.ident());
    update.setRefLogMessage("baton: " + plan.write().commit().title(), false);
    RefUpdate.Result result = update.update(walk);
    switch (result) {
      case NEW:
      case FAST_FORWARD:
        return true;
      case LOCK_FAILURE:
      case REJECTED:
      case REJECTED_OTHER_REASON:
        return false;
      case REJECTED_MISSING_OBJECT:
        throw new BatonException(ErrorCode.STORE_CORRUPT,
            "moving " + target + " failed: an object is missing");
      default:
        throw new BatonException(ErrorCode.BACKEND_FAILURE,
            "moving " + target + " failed: " + result);
    }
  }

  /** Records the marker ref; best effort, since the history scan finds the write without it. */
  private void recordMarker(String marker, ObjectId commitId) {
    try {
      RefUpdate update = repository.updateRef(marker);
      update.setExpectedOldObjectId(ObjectId.zeroId());
      update.setNewObjectId(commitId);
      update.setRefLogMessage("baton: promotion written", false);
      RefUpdate.Result result = update.update();
      if (result != RefUpdate.Result.NEW) {
        LOG.warn("could not record marker {} -> {}: {}", marker, commitId.name(), result);
      }
      if (sync != null) {
        RemoteSync.PushOutcome pushed = sync.push(marker, commitId, ObjectId.zeroId());
        if (!pushed.ok()) {
          LOG.warn("could not push marker {}: {}", marker, pushed.detail());
        }
      }
    } catch (IOException | BatonException e) {
      LOG.warn("could not record marker {} -> {}", marker, commitId.name(), e);
    }
  }

  private WriteResult alreadyWritten(Plan plan, Found found) throws IOException {
    LOG.info("promotion {} was already written as {}", plan.promotion(), found.commit().name());
    if (!found.byMarker()) {
      recordMarker(plan.marker(), found.commit());
    }
    if (mode == WriteMode.PULL_REQUEST && resolveRef(view(plan.pullRequestRef())) != null) {
      // Opening is idempotent; this also opens it if the first attempt failed after the commit.
      openPullRequest(plan, found.commit());
    }
    return new WriteResult(WriteStatus.ALREADY_WRITTEN, Revision.of(found.commit().name()));
  }

  private void openPullRequest(Plan plan, ObjectId commitId) {
    String head = PULL_REQUEST_BRANCH_PREFIX + plan.promotion().value();
    String reference;
    try {
      reference = opener.open(plan.promotion(), head, branch, plan.write().commit().title(),
          PromotionMessage.body(plan.write().commit(), plan.folder()));
    } catch (RuntimeException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE, "promotion " + plan.promotion()
          + " was committed to " + head + " as " + commitId.name()
          + " but opening the pull request failed; write again to retry opening it", e);
    }
    LOG.info("pull request {} opened for promotion {} ({} into {})", reference,
        plan.promotion(), head, branch);
    merges.recordReference(plan.promotion(), reference);
  }

  private static boolean isExecutable(FolderTrees.Entry entry) {
    return FileMode.EXECUTABLE_FILE.equals(entry.mode().getBits());
  }

  // -------------------------------------------------------------------------------- delivery

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
    return call(() -> {
      refreshForRead();
      ObjectId tip = branchTip();
      ObjectId commit = knownCommit(written);
      Optional<ObjectId> landed = merges.landed(tip, commit, promotion, folder);
      Optional<String> reference = merges.reference(promotion);
      if (landed.isPresent()) {
        return Delivery.landed(reference.orElse(null), branch, landed.get().equals(commit)
            ? Optional.empty() : Optional.of(Revision.of(landed.get().name())));
      }
      if (reference.isEmpty() && commit != null) {
        reference = Optional.of(reopen(promotion, commit));
      }
      if (reference.isEmpty()) {
        LOG.warn("promotion {}: {} is not on {} and no pull request is known", promotion,
            written, branch);
        return new Delivery(dev.baton.model.DeliveryStatus.AWAITING_MERGE, Optional.empty(),
            branch, Optional.empty());
      }
      PullRequestState state = pullRequestState(reference.get());
      return switch (state) {
        case MERGED -> Delivery.landed(reference.get(), branch, Optional.empty());
        case CLOSED -> Delivery.closed(reference.get(), branch);
        case OPEN -> Delivery.awaitingMerge(reference.get(), branch);
      };
    });
  }

  /** Opens the pull request again (idempotent) from the written commit's own message. */
  private String reopen(PromotionId promotion, ObjectId commit) throws IOException {
    String head = PULL_REQUEST_BRANCH_PREFIX + promotion.value();
    RevCommit parsed;
    try (RevWalk walk = new RevWalk(repository)) {
      parsed = walk.parseCommit(commit);
    }
    String message = parsed.getFullMessage();
    int blank = message.indexOf("\n\n");
    String reference;
    try {
      reference = opener.open(promotion, head, branch, parsed.getShortMessage(),
          blank < 0 ? "" : message.substring(blank + 2));
    } catch (RuntimeException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE, "opening the pull request of"
          + " promotion " + promotion + " failed: " + e.getMessage(), e);
    }
    merges.recordReference(promotion, reference);
    return reference;
  }

  private PullRequestState pullRequestState(String reference) {
    PullRequestState state;
    try {
      state = opener.state(reference);
    } catch (RuntimeException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE, "asking for the state of pull request "
          + reference + " failed: " + e.getMessage(), e);
    }
    if (state == null) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "the pull request opener answered no state for " + reference);
    }
    return state;
  }

  // ----------------------------------------------------------------------------- idempotency

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
    String marker = validRefOrNull(MARKER_REF_PREFIX + promotion.value());
    String pullRequestRef =
        validRefOrNull(Constants.R_HEADS + PULL_REQUEST_BRANCH_PREFIX + promotion.value());
    return call(() -> {
      if (sync != null) {
        List<String> refs = new ArrayList<>(List.of(baseRef));
        for (String ref : new String[] {marker, pullRequestRef}) {
          if (ref != null) {
            refs.add(ref);
          }
        }
        remoteLock.lock();
        try {
          sync.fetch(refs);
        } finally {
          remoteLock.unlock();
        }
      }
      return lookup(promotion, folder, marker, pullRequestRef)
          .map(found -> Revision.of(found.commit().name()));
    });
  }

  /**
   * The marker first (O(1)); then the newest commits of the pull request and base branches. A
   * write counts only for the folder it wrote, named in its {@code Environment:} trailer.
   */
  private Optional<Found> lookup(PromotionId promotion, String folder, String marker,
      String pullRequestRef) throws IOException {
    ObjectId marked = marker == null ? null : resolveRef(marker);
    if (marked != null) {
      try (RevWalk walk = new RevWalk(repository)) {
        return PromotionMessage.carries(walk.parseCommit(marked), promotion, folder)
            ? Optional.of(new Found(marked, true)) : Optional.empty();
      }
    }
    List<String> branches = new ArrayList<>();
    if (pullRequestRef != null) {
      branches.add(view(pullRequestRef));
    }
    branches.add(view(baseRef));
    for (String ref : branches) {
      ObjectId start = resolveRef(ref);
      if (start == null) {
        continue;
      }
      try (RevWalk walk = new RevWalk(repository)) {
        walk.markStart(walk.parseCommit(start));
        int seen = 0;
        for (RevCommit commit : walk) {
          if (PromotionMessage.carries(commit, promotion, folder)) {
            return Optional.of(new Found(commit.copy(), false));
          }
          if (++seen >= historyScanLimit) {
            break;
          }
        }
      }
    }
    return Optional.empty();
  }

  // --------------------------------------------------------------------------------- helpers

  private String folderOf(ProjectId project, EnvironmentName environment) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    return layout.folder(project, environment);
  }

  /** The tip of the branch (fetched first with a remote whose view is missing), or refused. */
  private ObjectId branchTip() throws IOException {
    ObjectId tip = resolveRef(view(baseRef));
    if (tip == null && sync != null) {
      remoteLock.lock();
      try {
        sync.fetch(List.of(baseRef));
      } finally {
        remoteLock.unlock();
      }
      tip = resolveRef(view(baseRef));
    }
    return requireBranch(tip);
  }

  /**
   * The branch tip, or BRANCH_NOT_FOUND: Baton never creates the branch it reads and promotes
   * into (a mistyped branch name must not become an orphan branch holding one promotion).
   */
  private ObjectId requireBranch(ObjectId tip) {
    if (tip == null) {
      throw new BatonException(ErrorCode.BRANCH_NOT_FOUND, "branch '" + branch + "' does not"
          + " exist" + (sync == null ? "" : " on remote '" + sync.remote() + "'") + " in "
          + repository.getDirectory() + "; Baton never creates the branch it promotes into"
          + " (check the branch name, or create and push the branch first); nothing was"
          + " written");
    }
    return tip;
  }

  private void refreshForRead() throws IOException {
    if (sync != null && fetchOnRead) {
      remoteLock.lock();
      try {
        sync.fetch(List.of(baseRef));
      } finally {
        remoteLock.unlock();
      }
    }
  }

  private String view(String ref) {
    return sync == null ? ref : sync.view(ref);
  }

  private ObjectId resolveRef(String name) throws IOException {
    Ref ref = repository.exactRef(name);
    return ref == null ? null : ref.getObjectId();
  }

  private static Revision revisionOf(ObjectId commit) {
    return commit == null ? UNBORN : Revision.of(commit.name());
  }

  /** The commit a revision names, or null when it is not a commit of this repository. */
  private ObjectId knownCommit(Revision revision) throws IOException {
    if (!ObjectId.isId(revision.value())) {
      return null;
    }
    ObjectId id = ObjectId.fromString(revision.value());
    if (!repository.getObjectDatabase().has(id)) {
      return null;
    }
    try (RevWalk walk = new RevWalk(repository)) {
      RevObject object = walk.parseAny(id);
      return object instanceof RevCommit ? id : null;
    }
  }

  private static ObjectId folderOrNull(ObjectReader reader, ObjectId tree, String path)
      throws IOException {
    try {
      return FolderTrees.resolve(reader, tree, path).orElse(null);
    } catch (BatonException e) {
      // Listing shows real folders only; reading such an environment reports the problem.
      return null;
    }
  }

  private static Optional<EnvironmentName> environmentName(String folderName) {
    try {
      return Optional.of(EnvironmentName.of(folderName));
    } catch (BatonException e) {
      return Optional.empty();
    }
  }

  private static String requireRefName(String name) {
    if (!Repository.isValidRefName(name)) {
      throw new BatonException(ErrorCode.INVALID_REF_NAME, "'" + name + "' is not a valid Git ref"
          + " name; nothing was written");
    }
    return name;
  }

  private static String validRefOrNull(String name) {
    return Repository.isValidRefName(name) ? name : null;
  }

  /** A piece of Git work whose I/O failures become Baton errors. */
  @FunctionalInterface
  private interface GitWork<T> {
    T run() throws IOException;
  }

  private <T> T call(GitWork<T> work) {
    if (closed.get()) {
      throw new BatonException(ErrorCode.ILLEGAL_STATE, "the Git environment repository is closed");
    }
    try {
      return work.run();
    } catch (MissingObjectException | CorruptObjectException | IncorrectObjectTypeException e) {
      throw new BatonException(ErrorCode.STORE_CORRUPT,
          "the Git repository is damaged: " + e.getMessage(), e);
    } catch (LargeObjectException e) {
      throw new BatonException(ErrorCode.DOCUMENT_TOO_LARGE,
          "a Git object is too large to read: " + e.getMessage(), e);
    } catch (InvalidPathException e) {
      throw new BatonException(ErrorCode.STORE_CORRUPT,
          "the Git repository holds a path this platform refuses: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new BatonException(ErrorCode.BACKEND_FAILURE,
          "Git I/O failed: " + e.getMessage(), e);
    }
  }

  /** Closes the repository; later calls fail with {@link ErrorCode#ILLEGAL_STATE}. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      repository.close();
    }
  }

  @Override
  public String toString() {
    return "GitEnvironmentRepository[" + repository.getDirectory() + ", branch " + branch
        + ", " + layout + ", " + mode + remote().map(r -> ", remote " + r).orElse("") + "]";
  }

  /**
   * Configures a {@link GitEnvironmentRepository}. Every setting may be given once (a second call
   * is refused); {@link #build()} validates them together and opens the repository. Not
   * thread-safe; the repository it builds is.
   */
  public static final class Builder {
    private Path repositoryPath;
    private String branch;
    private EnvironmentLayout layout;
    private String remote;
    private WriteMode mode;
    private PullRequestOpener opener;
    private String committerName;
    private String committerEmail;
    private Integer maxAttemptsSetting;
    private Duration initialBackoff;
    private Duration maxBackoff;
    private Sleeper sleeper;
    private Random random;
    private Long maxFileBytesSetting;
    private Integer historyScanLimitSetting;
    private Boolean fetchOnReadSetting;
    private RaceHook raceHook;

    private Builder() {}

    /** The repository: a bare repository's directory or a working tree's top folder. */
    public Builder repository(Path directory) {
      once(repositoryPath, "repository");
      repositoryPath = Arguments.notNull(directory, "repository");
      return this;
    }

    /** The branch to read and write, by short name; default {@code main}. */
    public Builder branch(String name) {
      once(branch, "branch");
      branch = Arguments.notNull(name, "branch");
      return this;
    }

    /** Where environment folders live; default {@link EnvironmentLayout#defaultLayout()}. */
    public Builder layout(EnvironmentLayout value) {
      once(layout, "layout");
      layout = Arguments.notNull(value, "layout");
      return this;
    }

    /**
     * Where environment folders live, as a pipeline declares it: its {@code layout} and every
     * stage's {@code path} ({@link EnvironmentLayout#of(Pipeline)}), so that this repository reads
     * exactly the folders {@link Pipeline#folderOf} names. Counts as setting the layout.
     */
    public Builder pipeline(Pipeline pipeline) {
      return layout(EnvironmentLayout.of(Arguments.notNull(pipeline, "pipeline")));
    }

    /**
     * A remote configured in the repository (such as {@code origin}) to fetch from before every
     * read and write and to push to; default none (the local branch is the truth).
     */
    public Builder remote(String name) {
      once(remote, "remote");
      remote = Arguments.notNull(name, "remote");
      return this;
    }

    /** Direct commits or pull request branches; default {@link WriteMode#DIRECT}. */
    public Builder mode(WriteMode value) {
      once(mode, "mode");
      mode = Arguments.notNull(value, "mode");
      return this;
    }

    /** Opens pull requests in pull request mode; default a {@link RecordingPullRequestOpener}. */
    public Builder pullRequestOpener(PullRequestOpener value) {
      once(opener, "pull request opener");
      opener = Arguments.notNull(value, "pull request opener");
      return this;
    }

    /**
     * The committer of promotion commits; default {@code Baton <baton@localhost>}. The author is
     * always the requester (a user id such as {@code alice@example.com} gives
     * {@code alice <alice@example.com>}; any other id {@code id <id@users.baton.invalid>}).
     */
    public Builder committer(String name, String email) {
      once(committerName, "committer");
      committerName = Arguments.notNull(name, "committer name");
      committerEmail = Arguments.notNull(email, "committer email");
      return this;
    }

    /** How often a write may lose the race for the branch before WRITE_CONFLICT; default 5. */
    public Builder maxAttempts(int attempts) {
      once(maxAttemptsSetting, "max attempts");
      maxAttemptsSetting = attempts;
      return this;
    }

    /**
     * Backoff between attempts: after the n-th lost race a random wait between half and all of
     * {@code min(max, initial * 2^(n-1))}; default 50 ms up to 2 s.
     */
    public Builder backoff(Duration initial, Duration max) {
      once(initialBackoff, "backoff");
      initialBackoff = Arguments.notNull(initial, "initial backoff");
      maxBackoff = Arguments.notNull(max, "max backoff");
      return this;
    }

    /** What waits between attempts; default {@link Sleeper#system()}. */
    public Builder sleeper(Sleeper value) {
      once(sleeper, "sleeper");
      sleeper = Arguments.notNull(value, "sleeper");
      return this;
    }

    /** The source of backoff jitter (seed it in tests); default a new {@link Random}. */
    public Builder random(Random value) {
      once(random, "random");
      random = Arguments.notNull(value, "random");
      return this;
    }

    /** The largest file read or written, in bytes; default 1 MiB. */
    public Builder maxFileBytes(long bytes) {
      once(maxFileBytesSetting, "max file bytes");
      maxFileBytesSetting = bytes;
      return this;
    }

    /**
     * How many of the newest commits are searched for a promotion's trailer when its marker ref
     * is missing; default 500.
     */
    public Builder historyScanLimit(int commits) {
      once(historyScanLimitSetting, "history scan limit");
      historyScanLimitSetting = commits;
      return this;
    }

    /** Whether reads fetch from the remote first; default true. Ignored without a remote. */
    public Builder fetchOnRead(boolean fetch) {
      once(fetchOnReadSetting, "fetch on read");
      fetchOnReadSetting = fetch;
      return this;
    }

    /** Test seam: runs before each attempt moves the target ref. */
    Builder raceHook(RaceHook hook) {
      once(raceHook, "race hook");
      raceHook = Arguments.notNull(hook, "race hook");
      return this;
    }

    /**
     * Validates the settings and opens the repository.
     *
     * @throws BatonException INVALID_ARGUMENT for a missing repository or a bad setting,
     *     INVALID_REF_NAME for a bad branch or remote name, BACKEND_FAILURE when opening fails
     */
    public GitEnvironmentRepository build() {
      Arguments.check(repositoryPath != null, "repository is required");
      String branchName = orElse(branch, "main");
      if (!Repository.isValidRefName(Constants.R_HEADS + branchName)) {
        throw new BatonException(ErrorCode.INVALID_REF_NAME,
            "'" + branchName + "' is not a valid branch name");
      }
      String name = orElse(committerName, "Baton");
      String email = orElse(committerEmail, "baton@localhost");
      Arguments.check(identityPart(name) && identityPart(email),
          "committer name and email must be non-blank, one line, without '<' or '>'");
      int attempts = orElse(maxAttemptsSetting, 5);
      Arguments.check(attempts >= 1 && attempts <= 100,
          "max attempts must be 1..100, was " + attempts);
      Duration initial = orElse(initialBackoff, Duration.ofMillis(50));
      Duration max = orElse(maxBackoff, Duration.ofSeconds(2));
      Arguments.check(!initial.isNegative() && max.compareTo(initial) >= 0
              && max.compareTo(Duration.ofMinutes(10)) <= 0,
          "backoff must satisfy 0 <= initial <= max <= 10 minutes");
      long fileBytes = orElse(maxFileBytesSetting, 1L << 20);
      Arguments.check(fileBytes >= 1 && fileBytes <= Integer.MAX_VALUE - 16,
          "max file bytes must be 1..2^31-17, was " + fileBytes);
      int scanLimit = orElse(historyScanLimitSetting, 500);
      Arguments.check(scanLimit >= 1, "history scan limit must be >= 1, was " + scanLimit);
      Config config = new Config(branchName, orElse(layout, EnvironmentLayout.defaultLayout()),
          remote, orElse(mode, WriteMode.DIRECT),
          opener == null ? new RecordingPullRequestOpener() : opener, name, email, attempts,
          new Backoff(initial, max, random == null ? new Random() : random,
              orElse(sleeper, Sleeper.system())),
          fileBytes, scanLimit, orElse(fetchOnReadSetting, true),
          orElse(raceHook, RaceHook.NONE));

      Repository repository = open(repositoryPath);
      try {
        if (remote != null) {
          Arguments.check(repository.getConfig().getSubsections("remote").contains(remote),
              "the repository has no remote named '" + remote + "'");
          if (!Repository.isValidRefName(Constants.R_REMOTES + remote + "/" + branchName)) {
            throw new BatonException(ErrorCode.INVALID_REF_NAME,
                "'" + remote + "' is not a usable remote name");
          }
        }
        return new GitEnvironmentRepository(config, repository);
      } catch (RuntimeException e) {
        repository.close();
        throw e;
      }
    }

    private static <T> T orElse(T value, T fallback) {
      return value == null ? fallback : value;
    }

    private static Repository open(Path path) {
      File directory = path.toFile();
      FileRepositoryBuilder opening = new FileRepositoryBuilder().setMustExist(true);
      if (RepositoryCache.FileKey.isGitRepository(directory, FS.DETECTED)) {
        opening.setGitDir(directory);
      } else {
        opening.setWorkTree(directory);
      }
      try {
        return opening.build();
      } catch (RepositoryNotFoundException | IllegalArgumentException e) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT,
            "no Git repository at " + path, e);
      } catch (IOException e) {
        throw new BatonException(ErrorCode.BACKEND_FAILURE,
            "opening the Git repository at " + path + " failed: " + e.getMessage(), e);
      }
    }

    private static boolean identityPart(String value) {
      return !value.isBlank() && value.chars().noneMatch(
          c -> c == '<' || c == '>' || Character.isISOControl(c));
    }

    private static void once(Object current, String what) {
      if (current != null) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT, what + " was already set");
      }
    }
  }
}
