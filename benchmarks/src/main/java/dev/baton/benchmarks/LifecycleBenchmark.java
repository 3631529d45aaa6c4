package dev.baton.benchmarks;

import dev.baton.Baton;
import dev.baton.PromotionRequest;
import dev.baton.memory.InMemoryEnvironmentRepository;
import dev.baton.model.DeployPolicy;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * One whole promotion on the in-memory engine, one thread: a new version lands in staging, then
 * request → approve → approve (quorum: the commit and the release) → deploy into a MANUAL
 * production, with {@code stored} promotions already in the store (and as many snapshots in the
 * environment histories). The cost should not grow with {@code stored}: the engine's queries
 * (the last release into the target, the newest-release check) and the repository's look-ups
 * (a write by promotion, a snapshot by revision) are indexed.
 *
 * <p>Setup runs {@code stored} lifecycles and checks that the last one COMPLETED. Not
 * thread-safe state; run with one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LifecycleBenchmark {
  private static final ProjectId SHOP = ProjectId.of("shop");
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final UserId ALICE = UserId.of("alice");
  private static final UserId BOB = UserId.of("bob");
  private static final UserId CAROL = UserId.of("carol");

  /** Promotions already stored before measuring. */
  @Param({"0", "1000", "20000"})
  public int stored;

  private InMemoryEnvironmentRepository environments;
  private Baton baton;
  private long version;

  /** A pipeline staging → production (two approvals, MANUAL) and {@code stored} lifecycles. */
  @Setup(Level.Trial)
  public void setUp() {
    environments = new InMemoryEnvironmentRepository();
    environments.seed(SHOP, STAGING, values("0.0.0"));
    environments.seed(SHOP, EnvironmentName.of("production"), values("0.0.0"));
    baton = Baton.builder().environments(environments).build();
    baton.pipelines().replace(Pipeline.builder(SHOP).stage("staging")
        .stage("production", DeployPolicy.MANUAL).transition("staging", "production", 2)
        .build(), UserId.of("platform"));
    Promotion last = null;
    for (int i = 0; i < stored; i++) {
      last = lifecycle();
    }
    if (last != null && last.status() != PromotionStatus.COMPLETED) {
      throw new IllegalStateException("setup's last lifecycle ended " + last.status());
    }
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

  private static Map<String, String> values(String tag) {
    return Map.of("values.yaml", "image:\n  repository: shop\n  tag: \"" + tag + "\"\n");
  }
}
