package dev.baton.memory;

import dev.baton.error.Arguments;
import dev.baton.model.CommitInfo;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.FileChange;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;
import dev.baton.model.UserId;
import dev.baton.model.WriteResult;
import dev.baton.model.WriteStatus;
import dev.baton.spi.EnvironmentRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The in-memory {@link EnvironmentRepository}: keeps, per project and environment, the history of
 * its files as numbered revisions ({@code mem-1}, {@code mem-2}, ...; unique in this repository).
 * Passes {@code EnvironmentRepositoryContract}.
 *
 * <p>Like a Git repository, revisions are ordered across a project: any revision of the project
 * can be read for any of its environments, and an environment that was never written reads as
 * empty at {@link #EMPTY}. A write is STALE only when its own environment's files differ from
 * what they were at the expected revision; an expected revision this repository never produced
 * is STALE too, since nothing proves the files unchanged.
 *
 * <p>Beyond the port, {@link #seed} edits an environment directly, as a person pushing to Git
 * would (so tests can create drift), and {@link #commits} lists what promotions wrote.
 *
 * <p>Thread-safe: every operation holds one lock.
 *
 * @since 0.1
 */
public final class InMemoryEnvironmentRepository implements EnvironmentRepository {
  /**
   * The revision of an environment that was never written: no files.
   *
   * @since 0.1
   */
  public static final Revision EMPTY = Revision.of("mem-0");

  private static final String PREFIX = "mem-";

  private final Object lock = new Object();
  private final Map<ProjectId, Map<EnvironmentName, List<Snapshot>>> histories = new HashMap<>();
  // every revision's snapshot by its number (mem-N at N - 1), which also says where it was made
  // (project, environment). The numbers are given out in a row from 1, so a list indexed by
  // number finds each: no hash node per revision, and each new revision is appended at the end.
  // Its size is the last number given out.
  private final List<Snapshot> byNumber = new ArrayList<>();
  // the first revision each promotion wrote, by promotion: nearly every promotion writes once,
  // into one environment, so its id alone is the key and the snapshot says where it was
  private final Map<PromotionId, Snapshot> writes = new HashMap<>();
  // a promotion's first write into another project or environment than its first write's
  private final Map<WriteOf, Revision> writesElsewhere = new HashMap<>();
  // each project's answer of environments(), kept until an environment gains or loses its files
  private final Map<ProjectId, Set<EnvironmentName>> listed = new HashMap<>();
  // the last revision a promotion wrote, whose commit's texts, people and approvers the next
  // one shares where they are equal
  private Written lastWritten;

  /**
   * An empty repository.
   *
   * @since 0.1
   */
  public InMemoryEnvironmentRepository() {}

  /**
   * Makes the environment hold exactly {@code files} (relative path to content), as a direct
   * edit outside any promotion, and returns the new revision. An empty map removes every file.
   *
   * @throws dev.baton.error.BatonException {@code PATH_OUTSIDE_ENVIRONMENT} for a path that
   *     leaves the folder; nothing is changed then
   * @since 0.1
   */
  public Revision seed(ProjectId project, EnvironmentName environment,
      Map<String, String> files) {
    return seed(project, environment, files, Set.of());
  }

  /**
   * As {@link #seed(ProjectId, EnvironmentName, Map)}, with the paths of {@code files} that are
   * executable.
   *
   * @throws dev.baton.error.BatonException {@code INVALID_ARGUMENT} for an executable path that
   *     is not one of the files; nothing is changed then
   * @since 0.1
   */
  public Revision seed(ProjectId project, EnvironmentName environment,
      Map<String, String> files, Set<String> executable) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    TreeMap<String, String> copy = new TreeMap<>(Arguments.notNull(files, "files"));
    TreeSet<String> marked = new TreeSet<>(Arguments.notNull(executable, "executable"));
    synchronized (lock) {
      for (Map.Entry<String, String> file : copy.entrySet()) {
        // a null content is refused by append, as before
        if (file.getValue() != null) {
          file.setValue(kept(project, file.getKey(), file.getValue()));
        }
      }
      return append(project, environment, copy, marked, null).revision();
    }
  }

  /**
   * What promotions wrote into the environment, oldest first.
   *
   * @since 0.1
   */
  public List<CommitInfo> commits(ProjectId project, EnvironmentName environment) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    synchronized (lock) {
      return history(project, environment).stream()
          .flatMap(s -> Optional.ofNullable(s.commit()).stream())
          .toList();
    }
  }

  /** {@inheritDoc} Environments whose files were all deleted are not listed; sorted by name. */
  @Override
  public Set<EnvironmentName> environments(ProjectId project) {
    Arguments.notNull(project, "project");
    synchronized (lock) {
      return listed.computeIfAbsent(project, p -> {
        SortedSet<EnvironmentName> result = new TreeSet<>();
        histories.getOrDefault(p, Map.of()).forEach((environment, history) -> {
          if (!history.get(history.size() - 1).files.isEmpty()) {
            result.add(environment);
          }
        });
        return Collections.unmodifiableSortedSet(result);
      });
    }
  }

  @Override
  public EnvironmentFiles read(ProjectId project, EnvironmentName environment) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    synchronized (lock) {
      List<Snapshot> history = history(project, environment);
      if (history.isEmpty()) {
        return new EnvironmentFiles(environment, EMPTY, new TreeMap<>());
      }
      return history.get(history.size() - 1).read();
    }
  }

  @Override
  public Optional<EnvironmentFiles> readAt(ProjectId project, EnvironmentName environment,
      Revision revision) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    Arguments.notNull(revision, "revision");
    synchronized (lock) {
      return snapshotOf(project, environment, revision)
          .map(s -> s.number == numberOf(revision) ? s.read() : new EnvironmentFiles(
              environment, revision, s.files, s.executable));
    }
  }

  @Override
  public WriteResult write(EnvironmentWrite write) {
    Arguments.notNull(write, "write");
    ProjectId project = write.project();
    EnvironmentName environment = write.environment();
    synchronized (lock) {
      Optional<Revision> existing = findWrite(project, environment, write.commit().promotion());
      if (existing.isPresent()) {
        return new WriteResult(WriteStatus.ALREADY_WRITTEN, existing.get());
      }
      EnvironmentFiles current = read(project, environment);
      Optional<Snapshot> expected = snapshotOf(project, environment, write.expectedRevision());
      if (expected.isEmpty() || !expected.get().files.equals(current.files())) {
        return new WriteResult(WriteStatus.STALE, current.revision());
      }
      SortedMap<String, String> next = new TreeMap<>(current.files());
      SortedSet<String> executable = new TreeSet<>(current.executable());
      for (FileChange change : write.changes()) {
        if (change.content().isPresent()) {
          next.put(change.path(), kept(project, change.path(), change.content().get()));
          if (change.executable()) {
            // sticky, as in Git: an existing file keeps its bit unless the change sets it
            executable.add(change.path());
          }
        } else {
          next.remove(change.path());
          executable.remove(change.path());
        }
      }
      Snapshot written = append(project, environment, next, executable, write.commit());
      return new WriteResult(WriteStatus.WRITTEN, written.revision());
    }
  }

  @Override
  public Optional<Revision> findWrite(ProjectId project, EnvironmentName environment,
      PromotionId promotion) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    Arguments.notNull(promotion, "promotion");
    synchronized (lock) {
      Snapshot first = writes.get(promotion);
      if (first == null) {
        return Optional.empty();
      }
      if (first.isOf(project, environment)) {
        return Optional.of(first.revision());
      }
      return Optional.ofNullable(writesElsewhere.get(new WriteOf(project, environment,
          promotion)));
    }
  }

  /**
   * {@inheritDoc} A project's revisions form one line, as the commits of one branch do, so of
   * two it knows the one with the smaller number is the ancestor ({@link #EMPTY} comes first).
   * A revision it never made in the project cannot be told.
   */
  @Override
  public Optional<Boolean> isAncestor(ProjectId project, EnvironmentName environment,
      Revision ancestor, Revision descendant) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    Arguments.notNull(ancestor, "ancestor");
    Arguments.notNull(descendant, "descendant");
    synchronized (lock) {
      long first = numberIn(project, ancestor);
      long second = numberIn(project, descendant);
      return first < 0 || second < 0 ? Optional.empty() : Optional.of(first <= second);
    }
  }

  /** Called with the lock held: the number of a revision made in the project, or -1. */
  private long numberIn(ProjectId project, Revision revision) {
    if (revision.equals(EMPTY)) {
      return 0;
    }
    Snapshot origin = made(revision);
    return origin == null || !origin.project.equals(project) ? -1 : origin.number;
  }

  /**
   * Called with the lock held: {@code content}, or the same text as one of the project's
   * environments already keeps at this path in its newest revision. A promotion writes into
   * its target the text its source has, and an edit often repeats what an environment had:
   * as with Git's blobs, the revisions then share one text instead of keeping a copy each.
   * Only the newest revisions are looked at, one look-up per environment, so a write costs no
   * more as the history grows.
   */
  private String kept(ProjectId project, String path, String content) {
    Map<EnvironmentName, List<Snapshot>> environments = histories.get(project);
    if (environments == null) {
      return content;
    }
    for (List<Snapshot> history : environments.values()) {
      String same = history.get(history.size() - 1).files.get(path);
      if (same != null && same.equals(content)) {
        return same;
      }
    }
    return content;
  }

  /**
   * Called with the lock held. Validates the files (a refused path changes nothing) and keeps
   * them as the new newest snapshot of the environment, whose {@link EnvironmentFiles} every
   * read of it returns while it is the newest: immutable, so reads neither copy nor check the
   * paths again.
   */
  private Snapshot append(ProjectId project, EnvironmentName environment,
      SortedMap<String, String> files, SortedSet<String> executable, CommitInfo commit) {
    List<Snapshot> history = history(project, environment);
    Snapshot previous = history.isEmpty() ? null : history.get(history.size() - 1);
    // the names the history already keeps, not a caller's equal copies kept once more
    ProjectId owner = previous == null ? project : previous.project;
    EnvironmentName name = previous == null ? environment : previous.environment;
    long number = byNumber.size() + 1L;
    EnvironmentFiles copy = new EnvironmentFiles(name, Revision.of(PREFIX + number), files,
        executable);
    Snapshot snapshot;
    if (commit == null) {
      snapshot = new Snapshot(owner, number, copy);
    } else {
      lastWritten = new Written(owner, number, copy, commit, lastWritten);
      snapshot = lastWritten;
    }
    if (previous == null) {
      history = histories.computeIfAbsent(project, p -> new HashMap<>())
          .computeIfAbsent(environment, e -> new ArrayList<>());
    }
    boolean had = previous != null && !previous.files.isEmpty();
    if (had == copy.files().isEmpty()) {
      listed.remove(project);
    }
    if (previous != null) {
      previous.newest = null;
    }
    history.add(snapshot);
    byNumber.add(snapshot);
    if (commit != null) {
      Snapshot first = writes.putIfAbsent(commit.promotion(), snapshot);
      if (first != null && !first.isOf(project, environment)) {
        writesElsewhere.putIfAbsent(new WriteOf(project, environment, commit.promotion()),
            copy.revision());
      }
    }
    return snapshot;
  }

  /** Called with the lock held. */
  private List<Snapshot> history(ProjectId project, EnvironmentName environment) {
    return histories.getOrDefault(project, Map.of()).getOrDefault(environment, List.of());
  }

  /**
   * Called with the lock held: the environment's snapshot as of a revision of the project, if
   * the revision is known ({@link #EMPTY}, or one this repository made in the project). A
   * revision made in this environment is its own snapshot, found without searching the history.
   * The revision is parsed once: {@link #made} answers both where it was made and its number.
   */
  private Optional<Snapshot> snapshotOf(ProjectId project, EnvironmentName environment,
      Revision revision) {
    if (revision.equals(EMPTY)) {
      return Optional.of(snapshotAt(project, environment, 0));
    }
    Snapshot origin = made(revision);
    if (origin == null || !origin.project.equals(project)) {
      return Optional.empty();
    }
    if (origin.environment.equals(environment)) {
      return Optional.of(origin);
    }
    return Optional.of(snapshotAt(project, environment, origin.number));
  }

  /**
   * Called with the lock held: the snapshot this repository made as {@code revision}, or null
   * for a revision it never made ({@link #EMPTY} included). Only the spelling it gives out
   * ({@code mem-} and the number, without leading zeros) is looked up, so this answers what a
   * map from revision to snapshot would.
   */
  private Snapshot made(Revision revision) {
    long number = numberOf(revision);
    // numbers are given out in a row from 1, so the snapshot at that place was given this
    // very spelling
    return number < 1 || number > byNumber.size() ? null : byNumber.get((int) (number - 1));
  }

  /**
   * The number of a revision as this repository spells it: 0 for {@link #EMPTY}, N for
   * {@code mem-N} (without leading zeros), -1 for any other spelling.
   */
  private static long numberOf(Revision revision) {
    String value = revision.value();
    int length = value.length();
    // at most 18 digits: a long holds them; leading zeros are no number given out
    if (length <= PREFIX.length() || length > PREFIX.length() + 18 || !value.startsWith(PREFIX)) {
      return -1;
    }
    if (value.charAt(PREFIX.length()) == '0') {
      return length == PREFIX.length() + 1 ? 0 : -1;
    }
    long number = 0;
    for (int i = PREFIX.length(); i < length; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      number = number * 10 + (c - '0');
    }
    return number;
  }

  /** Called with the lock held: the environment's snapshot as of a revision number. */
  private Snapshot snapshotAt(ProjectId project, EnvironmentName environment, long number) {
    // Numbers grow along a history: the last snapshot at or before the number, by bisection.
    List<Snapshot> history = history(project, environment);
    int low = 0;
    int high = history.size() - 1;
    Snapshot found = null;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      if (history.get(middle).number <= number) {
        found = history.get(middle);
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    // the empty environment before its first snapshot, made only when asked for
    return found != null ? found : new Snapshot(project, 0, new EnvironmentFiles(environment,
        EMPTY, new TreeMap<>()));
  }

  /**
   * An environment's files at one revision of a project: a direct edit's, or a promotion's
   * ({@link Written}, with its commit). One object per revision, which the environment's
   * history and the list by number share: the repository keeps every revision, so each object
   * kept per revision is kept for good (and copied by the collector until it is old). Hence the
   * revision and the {@link EnvironmentFiles} a read answers are made when asked for, except
   * by the newest snapshot of each environment, which nearly every read asks for: it keeps its
   * answer until a newer snapshot of its environment takes over. Read and changed with the
   * repository's lock held.
   */
  private static class Snapshot {
    final ProjectId project;
    final EnvironmentName environment;
    final long number;
    final SortedMap<String, String> files;
    final SortedSet<String> executable;
    // what reads answer while this is its environment's newest snapshot (every snapshot is
    // made as the newest); null after
    EnvironmentFiles newest;

    Snapshot(ProjectId project, long number, EnvironmentFiles files) {
      this.project = project;
      this.environment = files.environment();
      this.number = number;
      this.files = files.files();
      this.executable = files.executable();
      this.newest = files;
    }

    /** The promotion's commit that made this revision, or null for a direct edit. */
    CommitInfo commit() {
      return null;
    }

    /** The files as a read of this revision answers them. */
    EnvironmentFiles read() {
      EnvironmentFiles kept = newest;
      return kept != null ? kept : new EnvironmentFiles(environment, revision(), files,
          executable);
    }

    Revision revision() {
      EnvironmentFiles kept = newest;
      return kept != null ? kept.revision() : number == 0 ? EMPTY : Revision.of(PREFIX + number);
    }

    boolean isOf(ProjectId project, EnvironmentName environment) {
      return this.project.equals(project) && this.environment.equals(environment);
    }
  }

  /**
   * A revision a promotion wrote, with its commit's parts in place of a {@link CommitInfo} and
   * its time (two objects fewer per revision, kept for good). The title, notes, requester and
   * approver list are the previous such revision's own objects where they are equal, as most
   * commits repeat them.
   */
  private static final class Written extends Snapshot {
    final PromotionId promotion;
    final String title;
    final String notes;
    final UserId requester;
    final List<UserId> approvers;
    final long seconds;
    final int nanos;
    final boolean rollback;

    Written(ProjectId project, long number, EnvironmentFiles files, CommitInfo commit,
        Written last) {
      super(project, number, files);
      promotion = commit.promotion();
      title = last != null && last.title.equals(commit.title()) ? last.title : commit.title();
      notes = last != null && last.notes.equals(commit.notes()) ? last.notes : commit.notes();
      requester = last != null && last.requester.equals(commit.requestedBy()) ? last.requester
          : commit.requestedBy();
      approvers = last != null && last.approvers.equals(commit.approvedBy()) ? last.approvers
          : commit.approvedBy();
      seconds = commit.at().getEpochSecond();
      nanos = commit.at().getNano();
      rollback = commit.rollback();
    }

    @Override
    CommitInfo commit() {
      return new CommitInfo(promotion, title, notes, requester, approvers,
          Instant.ofEpochSecond(seconds, nanos), rollback);
    }
  }

  private record WriteOf(ProjectId project, EnvironmentName environment, PromotionId promotion) {}
}
