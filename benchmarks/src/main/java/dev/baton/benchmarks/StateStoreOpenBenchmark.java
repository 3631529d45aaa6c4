package dev.baton.benchmarks;

import dev.baton.git.state.GitStateStore;
import dev.baton.git.state.internal.StateRefSeeder;
import dev.baton.model.ChangeSummary;
import dev.baton.model.Decision;
import dev.baton.model.DecisionKind;
import dev.baton.model.DeployState;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ExecutionClaim;
import dev.baton.model.Page;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.ReleaseId;
import dev.baton.model.Revision;
import dev.baton.model.StatusChange;
import dev.baton.model.UserId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link GitStateStore#open(Path)} on a bare repository whose {@code refs/baton/state} holds
 * 1,000 to 100,000 promotions of 10 projects (each with an idempotency key, so twice as many
 * files), and one page of {@link GitStateStore#query} (the newest 50 of a project into one
 * target) and one {@link GitStateStore#find(PromotionId)} on a store opened in setup.
 *
 * <p>{@code queryExecuting} is what every execution start asks after storing its claim: the
 * promotions of a project into a target that hold an execution claim, a page of two. One
 * promotion holds a claim (set by one of the setup's changes). It runs on the store opened in
 * setup, which has ordered its promotions (a long-lived reader, as a server is), and
 * {@code queryExecutingFresh} on a store opened from the index file just before (a command run
 * once); that open is not measured.
 *
 * <p>{@code open} is the ordinary case: the derived index file ({@code baton/state-index})
 * was written by the first open in setup and the ref has moved {@value #BEHIND} commits since
 * (one promotion changed by each), so opening reads the file and those promotions.
 * {@code openWithoutIndexFile} removes the file before each open: every file of the ref is read
 * (and the file written again), which is what every open cost before the file existed.
 *
 * <p>The promotions look like completed ones: two approvals, three status changes, a deployed
 * release (about 1.5 KB of JSON each). The ref is written in one commit by the adapter's
 * {@link StateRefSeeder} with the store's own JSON and layout, into one pack;
 * setup checks the store opens it and counts every promotion. Opening runs in a warm JVM
 * (JGit's pack cache already holds the pack), which is the steady state of a service that
 * reopens; the first open of a process also pays for class loading and the file system's cache.
 *
 * <p>Not thread-safe: run with one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StateStoreOpenBenchmark {
  private static final int PROJECTS = 10;
  private static final int BEHIND = 20;
  private static final ProjectId QUERIED = ProjectId.of("project-3");
  private static final EnvironmentName PRODUCTION = EnvironmentName.of("production");
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  // promo-13: project-3 into staging (odd), one of the BEHIND changed after the index file
  private static final int CLAIMED = 13;
  private static final Instant NEWEST = Instant.parse("2025-06-01T00:00:00Z");
  private static final PersonIdent SETUP = new PersonIdent("Bench Setup", "setup@localhost",
      Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

  /** How many promotions the state ref holds. */
  @Param({"1000", "10000", "100000"})
  public int promotions;

  private Path folder;
  private Path gitDir;
  private GitStateStore opened;
  private PromotionQuery page;
  private PromotionQuery executing;
  private int next;

  /** Writes the state ref and opens one store for the query benchmark. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    folder = Scratch.newFolder("state-" + promotions);
    gitDir = folder.resolve("gitops.git");
    try (Repository repository = new FileRepositoryBuilder().setGitDir(gitDir.toFile())
        .setBare().build()) {
      repository.create(true);
      List<Promotion> all = new ArrayList<>(promotions);
      for (int i = 0; i < promotions; i++) {
        all.add(promotion(i));
      }
      try (PackStreamInserter inserter = new PackStreamInserter(repository)) {
        StateRefSeeder.write(repository, inserter, GitStateStore.DEFAULT_REF, all, SETUP);
      }
    }
    opened = GitStateStore.open(gitDir);
    long total = 0;
    for (int p = 0; p < PROJECTS; p++) {
      total += opened.query(PromotionQuery.of(ProjectId.of("project-" + p)).withPage(0, 1))
          .total();
    }
    if (total != promotions) {
      throw new IllegalStateException("the store sees " + total + " of " + promotions);
    }
    page = PromotionQuery.of(QUERIED).withTarget(PRODUCTION);
    executing = new PromotionQuery(Optional.of(QUERIED), Optional.of(STAGING), Set.of(),
        Optional.empty(), Optional.empty(), Optional.empty(), true, 0, 2);
    // The ref moves on after the index file was written, as it does between two CLI commands.
    for (int i = 0; i < BEHIND; i++) {
      Promotion p = opened.find(PromotionId.of("promo-" + i)).orElseThrow();
      opened.compareAndSet(p.version(), p.toBuilder().notes("edited " + i)
          .claim(i == CLAIMED ? Optional.of(ExecutionClaim.taken("bench", 1, NEWEST))
              : p.claim())
          .version(p.version() + 1).build(), List.of());
    }
    if (opened.query(executing).total() != 1) {
      throw new IllegalStateException("the store sees no promotion executing");
    }
  }

  /** A store opened from the index file before each {@code queryExecutingFresh}. */
  @State(Scope.Thread)
  public static class FreshStore {
    GitStateStore store;

    /** Opens the store (not measured). */
    @Setup(Level.Invocation)
    public void open(StateStoreOpenBenchmark bench) {
      store = GitStateStore.open(bench.gitDir);
    }

    /** Closes it. */
    @TearDown(Level.Invocation)
    public void close() {
      store.close();
    }
  }

  /** Removes the derived index file before each {@code openWithoutIndexFile}. */
  @State(Scope.Thread)
  public static class NoIndexFile {
    @Setup(Level.Invocation)
    public void remove(StateStoreOpenBenchmark bench) throws IOException {
      Files.deleteIfExists(bench.gitDir.resolve("baton").resolve("state-index"));
    }
  }

  /** Closes the store and deletes the repository. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (opened != null) {
      opened.close();
    }
    Scratch.delete(folder);
  }

  /** Opening the store: the derived index file, then what changed since it was written. */
  @Benchmark
  public GitStateStore open() {
    GitStateStore store = GitStateStore.open(gitDir);
    store.close();
    return store;
  }

  /** Opening without the derived index file: reads every file of the ref, writes the file. */
  @Benchmark
  public GitStateStore openWithoutIndexFile(NoIndexFile removed) {
    GitStateStore store = GitStateStore.open(gitDir);
    store.close();
    return store;
  }

  /** One promotion by id, a different one each time (its document is read unless cached). */
  @Benchmark
  public Promotion find() {
    next = (next + 7919) % promotions;
    return opened.find(PromotionId.of("promo-" + next)).orElseThrow();
  }

  /** The newest 50 promotions of one project into production. */
  @Benchmark
  public Page<Promotion> queryPage() {
    return opened.query(page);
  }

  /** The promotions of a project into a target that execute, on the long-lived store. */
  @Benchmark
  public Page<Promotion> queryExecuting() {
    return opened.query(executing);
  }

  /** The same on a store just opened from the index file (its open not measured). */
  @Benchmark
  public Page<Promotion> queryExecutingFresh(FreshStore fresh) {
    return fresh.store.query(executing);
  }

  /** The repository's Git directory (for {@link StateStoreRewriteCpu}). */
  Path gitDir() {
    return gitDir;
  }

  /** The store opened in setup, which read every promotion (for {@link StateStoreRewriteCpu}). */
  GitStateStore opened() {
    return opened;
  }

  /** Promotion {@code i}: newer for smaller i, projects and targets taken in turn. */
  static Promotion promotion(int i) {
    return promotion(i, ProjectId.of("project-" + (i % PROJECTS)));
  }

  /** Promotion {@code i} of one project: newer for smaller i, targets taken in turn. */
  static Promotion promotion(int i, ProjectId project) {
    Instant requested = NEWEST.minus(Duration.ofMinutes(10L * i));
    UserId requester = UserId.of("user-" + (i % 37));
    UserId first = UserId.of("approver-" + (i % 11));
    UserId second = UserId.of("approver-" + ((i + 5) % 11));
    boolean toProduction = i % 2 == 0;
    EnvironmentName source = EnvironmentName.of(toProduction ? "staging" : "dev");
    EnvironmentName target = toProduction ? PRODUCTION : EnvironmentName.of("staging");
    String revision = String.format("%040x", (long) i * 2_654_435_761L);
    Instant approved = requested.plus(Duration.ofMinutes(3));
    Instant executed = requested.plus(Duration.ofMinutes(4));
    return Promotion.builder()
        .id(PromotionId.of("promo-" + i))
        .project(project)
        .source(source)
        .target(target)
        .sourceRevision(Optional.of(Revision.of(revision)))
        .requester(requester)
        .notes("Promote build " + i + " with the checkout fixes")
        .idempotencyKey(Optional.of("request-" + i))
        .requiredApprovals(2)
        .changes(new ChangeSummary(2, 5, 1, 3, 0))
        .decision(new Decision(first, DecisionKind.APPROVE, "looks good", approved))
        .decision(new Decision(second, DecisionKind.APPROVE, "", approved.plusSeconds(30)))
        .change(new StatusChange(Optional.empty(), PromotionStatus.PENDING_APPROVAL, requester,
            requested, "requested"))
        .change(new StatusChange(Optional.of(PromotionStatus.PENDING_APPROVAL),
            PromotionStatus.PENDING_RELEASE, second, executed, "quorum reached"))
        .change(new StatusChange(Optional.of(PromotionStatus.PENDING_RELEASE),
            PromotionStatus.COMPLETED, second, executed.plusSeconds(40), "deployed"))
        .release(Optional.of(new Release(ReleaseId.of("release-" + i), Revision.of(revision),
            executed, DeployState.DEPLOYED, "synced", Optional.of(executed.plusSeconds(40)),
            Optional.of(second))))
        .requestedAt(requested)
        .build();
  }
}
