package dev.baton.benchmarks;

import dev.baton.Baton;
import dev.baton.PromotionRequest;
import dev.baton.manifests.PromotionPlan;
import dev.baton.manifests.PromotionPlanner;
import dev.baton.manifests.SensitiveNames;
import dev.baton.memory.InMemoryEnvironmentRepository;
import dev.baton.memory.InMemoryPromotionStore;
import dev.baton.model.ChangeSummary;
import dev.baton.model.Decision;
import dev.baton.model.DecisionKind;
import dev.baton.model.DeployPolicy;
import dev.baton.model.DeployState;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.ReleaseId;
import dev.baton.model.Revision;
import dev.baton.model.StatusChange;
import dev.baton.model.UserId;
import dev.baton.preview.Preview;
import dev.baton.preview.Previewer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One whole promotion on the in-memory engine, one thread: a new version lands in staging, then
 * request → approve → approve (quorum: the commit and the release) → deploy into a MANUAL
 * production, with {@code stored} promotions already in the store (and as many snapshots in the
 * production history). The cost should not grow with {@code stored}: the engine's queries
 * (the last release into the target, the newest-release check) and the repository's look-ups
 * (a write by promotion, a snapshot by revision) are indexed.
 *
 * <p>Setup seeds the history straight through the public ports, as a long-running service would
 * have left it, because running a million lifecycles would take minutes: {@code stored}
 * COMPLETED promotions (two approvals, a deployed release of a production revision, requested a
 * second apart before now) inserted into the {@link InMemoryPromotionStore}, and as many
 * production revisions seeded into the {@link InMemoryEnvironmentRepository}. It then runs ten
 * real lifecycles and checks that the last one COMPLETED. Not thread-safe state; run with one
 * benchmark thread.
 *
 * <p>{@link #planAndPreview} is the floor of a lifecycle in the reading, planning and preview
 * code: the new version seeded into staging and the previous one into production (each at a
 * new revision, as in a lifecycle), then the plan and the preview the request makes of them.
 * Everything a lifecycle costs above it is the engine and the stores. {@code stored} does not
 * matter to it (run it with {@code -p stored=0}). {@link #planAndSummary} is the same with only
 * the preview's counts, as the request computes them.
 *
 * <p>The forked JVM gets a fixed heap, touched before the run ({@code -Xms8g -Xmx8g
 * -XX:+AlwaysPreTouch}, as a long-running service is set up). Every lifecycle keeps about 2 KB
 * for good (the store holds every promotion and the repository every revision), so a run's live
 * set grows by gigabytes; with the default growing heap the JVM committed and first touched new
 * memory all through the run, and the kernel's page faults (sys time up to a third of the CPU)
 * slowed the later iterations from about 34,000 to 6,000 per second at a load average of 1.2.
 * {@code -jvmArgsAppend} on the command line replaces these flags (to try another collector,
 * repeat them).
 */
@State(Scope.Benchmark)
@Fork(jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-XX:+AlwaysPreTouch"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LifecycleBenchmark {
  private static final ProjectId SHOP = ProjectId.of("shop");
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final EnvironmentName PRODUCTION = EnvironmentName.of("production");
  private static final UserId ALICE = UserId.of("alice");
  private static final UserId BOB = UserId.of("bob");
  private static final UserId CAROL = UserId.of("carol");

  /** Promotions already stored before measuring. */
  @Param({"0", "1000", "1000000"})
  public int stored;

  private InMemoryEnvironmentRepository environments;
  private Baton baton;
  private long version;
  private final PromotionPlanner planner = PromotionPlanner.create();
  private final Previewer previewer = Previewer.create();

  /** A pipeline staging → production (two approvals, MANUAL) and {@code stored} promotions. */
  @Setup(Level.Trial)
  public void setUp() {
    environments = new InMemoryEnvironmentRepository();
    environments.seed(SHOP, STAGING, values("0.0.0"));
    InMemoryPromotionStore store = new InMemoryPromotionStore();
    Instant start = Instant.now().minusSeconds(stored + 60L);
    for (int i = 0; i < stored; i++) {
      Revision revision = environments.seed(SHOP, PRODUCTION, values("0.0." + i));
      store.insert(completed(i, revision, start.plusSeconds(i)), List.of());
    }
    environments.seed(SHOP, PRODUCTION, values("0.0.0"));
    baton = Baton.builder().environments(environments).promotionStore(store).build();
    baton.pipelines().replace(Pipeline.builder(SHOP).stage("staging")
        .stage("production", DeployPolicy.MANUAL).transition("staging", "production", 2)
        .build(), UserId.of("platform"));
    Promotion last = null;
    for (int i = 0; i < 10; i++) {
      last = lifecycle();
    }
    if (last.status() != PromotionStatus.COMPLETED) {
      throw new IllegalStateException("setup's last lifecycle ended " + last.status());
    }
  }

  /** A promotion as the engine leaves a deployed one: approved twice, released, deployed. */
  private static Promotion completed(int i, Revision revision, Instant at) {
    Release release = Release.created(ReleaseId.of("r-seed-" + i), revision, at)
        .withDeploy(DeployState.DEPLOYED, "deployed", Optional.of(at), Optional.of(ALICE));
    return Promotion.builder()
        .id(PromotionId.of("p-seed-" + i))
        .project(SHOP)
        .source(STAGING)
        .target(PRODUCTION)
        .requester(ALICE)
        .notes("")
        .idempotencyKey(Optional.empty())
        .requiredApprovals(2)
        .requesterMayApprove(false)
        .scope(Set.of(PromotableProperty.IMAGE_TAGS))
        .rules(List.of())
        .rollback(false)
        .changes(new ChangeSummary(1, 0, 0, 0, 0))
        .status(PromotionStatus.COMPLETED)
        .decision(new Decision(BOB, DecisionKind.APPROVE, "lgtm", at))
        .decision(new Decision(CAROL, DecisionKind.APPROVE, "ship it", at))
        .change(new StatusChange(Optional.empty(), PromotionStatus.PENDING_APPROVAL, ALICE, at,
            "requested"))
        .change(new StatusChange(Optional.of(PromotionStatus.PENDING_APPROVAL),
            PromotionStatus.PENDING_RELEASE, CAROL, at, "waiting for a manual deploy"))
        .change(new StatusChange(Optional.of(PromotionStatus.PENDING_RELEASE),
            PromotionStatus.COMPLETED, ALICE, at, "deployed"))
        .release(Optional.of(release))
        .requestedAt(at)
        .version(1)
        .build();
  }

  /** Closes the engine. */
  @TearDown(Level.Trial)
  public void tearDown() {
    baton.close();
  }

  /** One lifecycle, from a new version in staging to its deploy into production. */
  @Benchmark
  public Promotion lifecycle() {
    version++;
    environments.seed(SHOP, STAGING, values("1." + (version / 1000) + "." + (version % 1000)));
    Promotion p = baton.promotions().request(PromotionRequest.of("shop", "staging",
        "production", "alice"));
    baton.promotions().approve(p.id(), BOB, "lgtm");
    baton.promotions().approve(p.id(), CAROL, "ship it");
    return baton.promotions().deploy(p.id(), ALICE);
  }

  /**
   * The floor: what a lifecycle's request plans and previews, on files as new as a lifecycle's
   * (the next version in staging, the previous one in production).
   */
  @Benchmark
  public Preview planAndPreview() {
    Planned next = planNextVersion();
    return previewer.preview(SHOP, next.source(), next.target(), Optional.of(next.target()),
        next.plan());
  }

  /**
   * The floor as a request pays it: the same plan, then only the preview's counts
   * ({@link Previewer#summary}, what the request records), without the masked values and the
   * file diffs that only people look at.
   */
  @Benchmark
  public ChangeSummary planAndSummary() {
    Planned next = planNextVersion();
    return previewer.summary(next.source(), next.target(), Optional.of(next.target()),
        next.plan());
  }

  /** The two environments of the floor and the request's plan of them. */
  private record Planned(EnvironmentFiles source, EnvironmentFiles target, PromotionPlan plan) {}

  /** The next version seeded into staging, the previous one into production, and their plan. */
  private Planned planNextVersion() {
    version++;
    environments.seed(SHOP, PRODUCTION, values(tag(version - 1)));
    environments.seed(SHOP, STAGING, values(tag(version)));
    EnvironmentFiles source = environments.read(SHOP, STAGING);
    EnvironmentFiles target = environments.read(SHOP, PRODUCTION);
    PromotionPlan plan = planner.plan(source, target, Set.of(PromotableProperty.IMAGE_TAGS),
        List.of(), SensitiveNames.defaults());
    return new Planned(source, target, plan);
  }

  private static String tag(long version) {
    return "2." + (version / 1000) + "." + (version % 1000);
  }

  private static Map<String, String> values(String tag) {
    return Map.of("values.yaml", "image:\n  repository: shop\n  tag: \"" + tag + "\"\n");
  }
}
