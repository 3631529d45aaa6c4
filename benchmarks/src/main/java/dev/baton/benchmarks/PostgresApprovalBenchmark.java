package dev.baton.benchmarks;

import dev.baton.Baton;
import dev.baton.PromotionRequest;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.jdbc.PostgresStores;
import dev.baton.memory.InMemoryEnvironmentRepository;
import dev.baton.memory.InMemoryFreezeStore;
import dev.baton.memory.InMemoryPipelineStore;
import dev.baton.memory.InMemoryPromotionStore;
import dev.baton.model.CommitInfo;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import dev.baton.spi.Deployer;
import dev.baton.spi.FreezeStore;
import dev.baton.spi.PipelineStore;
import dev.baton.spi.PromotionStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Approvals per second on the PostgreSQL store: 4 threads, two on each of two engine instances
 * (two {@link Baton}s, each with a {@link PostgresStores} and a connection pool of its own, on
 * one schema), sharing one in-memory environment repository (as two instances share one Git
 * repository). {@value #SLOTS} source → target pairs each carry one pending promotion at a time
 * needing two approvals; an operation is one approval taken from a shared queue, so the two
 * approvals of a promotion often run at once on different instances. The approval that meets
 * the quorum executes the promotion (commit into the target, DIRECT deploy) and then re-arms
 * its pair: a new version in the source and the next request, inside the measured operation
 * (so the score understates approvals alone).
 *
 * <p>Teardown checks exactly once: every executed promotion has one commit in its target and
 * every commit belongs to an executed promotion, across both instances.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class PostgresApprovalBenchmark {
  static final int SLOTS = 32;
  private static final ProjectId FLEET = ProjectId.of("fleet");
  private static final UserId ALICE = UserId.of("alice");

  /**
   * {@code on}: every commit waits for its WAL write (PostgreSQL's default; the embedded server
   * runs with {@code fsync} off, as {@code io.zonky} starts it, so the write is not flushed to
   * disk); {@code flush}: the same with {@code fsync} on, so every commit waits for the disk
   * (a production server's durability); {@code off}: the embedded server does not wait
   * ({@code synchronous_commit = off}), so the score is Baton's and the database's work without
   * the commit's wait; {@code memory}: the floor, the same two engines sharing core's in-memory
   * stores instead of PostgreSQL.
   */
  @Param({"on", "flush", "off", "memory"})
  public String synchronousCommit;

  private PromotionStore promotions;
  private PipelineStore pipelines;
  private FreezeStore freezes;

  /** One approval to give. */
  record Task(PromotionId promotion, UserId approver, int slot) {}

  private PostgresServer server;
  private String schema;
  private PostgresStores one;
  private PostgresStores two;
  private Baton first;
  private Baton second;
  private InMemoryEnvironmentRepository environments;
  private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger versions = new AtomicInteger();
  private final AtomicInteger workers = new AtomicInteger();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong approvals = new AtomicLong();
  private long cpuBefore;
  private Map<Long, Long> threadCpuBefore = Map.of();
  private Map<Long, Long> allocatedBefore = Map.of();
  private long serverCpuBefore;

  /** The engine a benchmark thread approves through: threads alternate between the two. */
  @State(Scope.Thread)
  public static class Worker {
    Baton engine;

    /** Picks this thread's engine. */
    @Setup(Level.Trial)
    public void pick(PostgresApprovalBenchmark shared) {
      engine = shared.workers.getAndIncrement() % 2 == 0 ? shared.first : shared.second;
    }
  }

  /** Two instances on one fresh schema, the pipeline, and one pending promotion per pair. */
  @Setup(Level.Trial)
  public void setUp() {
    if (synchronousCommit.equals("memory")) {
      promotions = new InMemoryPromotionStore();
      pipelines = new InMemoryPipelineStore();
      freezes = new InMemoryFreezeStore();
    } else {
      server = PostgresServer.start(!synchronousCommit.equals("off"),
          synchronousCommit.equals("flush"));
      schema = PostgresServer.freshSchema("approvals");
      one = server.stores(schema, 4);
      two = server.stores(schema, 4);
    }
    environments = new InMemoryEnvironmentRepository();
    Pipeline.Builder pipeline = Pipeline.builder(FLEET);
    for (int i = 0; i < SLOTS; i++) {
      pipeline.stage(source(i).value()).stage(target(i).value())
          .transition(source(i).value(), target(i).value(), 2);
      environments.seed(FLEET, source(i), values("0.0.1"));
      environments.seed(FLEET, target(i), values("0.0.0"));
    }
    first = engine(one, "instance-1");
    second = engine(two, "instance-2");
    first.pipelines().replace(pipeline.build(), UserId.of("platform"));
    for (int i = 0; i < SLOTS; i++) {
      arm(i, i % 2 == 0 ? first : second);
    }
  }

  private Baton engine(PostgresStores stores, String instance) {
    return Baton.builder().instanceId(instance).environments(environments)
        .promotionStore(stores == null ? promotions : stores.promotions())
        .pipelineStore(stores == null ? pipelines : stores.pipelines())
        .freezeStore(stores == null ? freezes : stores.freezes())
        .deployer(Deployer.gitOpsController())
        .notifier(notification -> { }).build();
  }

  /** A new version into the pair's source, and the request to move it on. */
  private void arm(int slot, Baton engine) {
    environments.seed(FLEET, source(slot), values("1.0." + versions.incrementAndGet()));
    Promotion p = engine.promotions().request(PromotionRequest.of(FLEET.value(),
        source(slot).value(), target(slot).value(), ALICE.value()));
    tasks.add(new Task(p.id(), UserId.of("bob"), slot));
    tasks.add(new Task(p.id(), UserId.of("carol"), slot));
  }

  /**
   * Counts from zero each iteration: approvals and CPU time, and with
   * {@code -Dbaton.bench.statements=true} the server's statements.
   */
  @Setup(Level.Iteration)
  public void resetCounts() {
    if (server != null && PostgresServer.counted()) {
      server.resetCounts();
    }
    approvals.set(0);
    cpuBefore = processCpuNanos();
    threadCpuBefore = javaThreadCpuNanos();
    allocatedBefore = allocatedBytes();
    serverCpuBefore = server == null ? 0 : server.cpuNanos();
  }

  /**
   * Prints the iteration's CPU time per approval, this JVM's and the embedded server's (less
   * dependent on a shared machine's load than the score), and with
   * {@code -Dbaton.bench.statements=true} the server's work per approval.
   */
  @TearDown(Level.Iteration)
  public void printCounts() {
    long n = approvals.get();
    if (n > 0) {
      double jvm = (processCpuNanos() - cpuBefore) / 1e6 / n;
      double db = server == null ? 0 : (server.cpuNanos() - serverCpuBefore) / 1e6 / n;
      long threads = 0;
      for (Map.Entry<Long, Long> t : javaThreadCpuNanos().entrySet()) {
        threads += t.getValue() - threadCpuBefore.getOrDefault(t.getKey(), 0L);
      }
      long allocated = 0;
      for (Map.Entry<Long, Long> t : allocatedBytes().entrySet()) {
        allocated += t.getValue() - allocatedBefore.getOrDefault(t.getKey(), 0L);
      }
      System.out.printf("%n%,d approvals, CPU ms per approval: %.3f JVM + %.3f PostgreSQL ="
          + " %.3f; the JVM's Java threads (no JIT compiler, no GC) %.3f; KiB allocated per"
          + " approval %.1f%n", n, jvm, db, jvm + db, threads / 1e6 / n, allocated / 1024.0 / n);
    }
    if (server != null && PostgresServer.counted()) {
      server.printCounts(n, "approvals");
      server.printDocumentSizes(schema);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /**
   * The CPU time of each live Java thread: the JVM's CPU less the JIT compiler's and the garbage
   * collector's, which depend on how far the JIT has come and on the heap rather than on the
   * work of an approval. A thread that ends within an iteration drops out of its sum.
   */
  private static Map<Long, Long> javaThreadCpuNanos() {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpu = new HashMap<>();
    for (long id : bean.getAllThreadIds()) {
      long nanos = bean.getThreadCpuTime(id);
      if (nanos > 0) {
        cpu.put(id, nanos);
      }
    }
    return cpu;
  }

  /** The bytes each live Java thread allocated so far (independent of the machine's load). */
  private static Map<Long, Long> allocatedBytes() {
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] ids = bean.getAllThreadIds();
    long[] bytes = bean.getThreadAllocatedBytes(ids);
    Map<Long, Long> allocated = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] > 0) {
        allocated.put(ids[i], bytes[i]);
      }
    }
    return allocated;
  }

  /** One approval; the one that meets the quorum executes and re-arms its pair. */
  @Benchmark
  public Promotion approve(Worker worker) {
    Task task;
    while ((task = tasks.poll()) == null) {
      Thread.onSpinWait(); // every pending approval is being given right now
    }
    approvals.incrementAndGet();
    Promotion after;
    try {
      after = worker.engine.promotions().approve(task.promotion(), task.approver(), "lgtm");
    } catch (BatonException e) {
      if (e.code() != ErrorCode.ALREADY_APPROVED) {
        retried.incrementAndGet();
        tasks.add(task);
      }
      return null;
    }
    if (after.status() != PromotionStatus.PENDING_APPROVAL) {
      arm(task.slot(), worker.engine);
    }
    return after;
  }

  /** Checks exactly once, then closes everything. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException, SQLException {
    try {
      Set<String> executed = new HashSet<>();
      int offset = 0;
      List<Promotion> page;
      do {
        page = (one == null ? promotions : one.promotions())
            .query(PromotionQuery.of(FLEET).withPage(offset, 1000)).items();
        page.stream().filter(p -> p.release().isPresent())
            .forEach(p -> executed.add(p.id().value()));
        offset += page.size();
      } while (!page.isEmpty());
      Set<String> committed = new HashSet<>();
      for (int i = 0; i < SLOTS; i++) {
        for (CommitInfo commit : environments.commits(FLEET, target(i))) {
          if (!committed.add(commit.promotion().value())) {
            throw new IllegalStateException("two commits of " + commit.promotion());
          }
        }
      }
      if (!committed.equals(executed)) {
        throw new IllegalStateException("executed " + executed.size() + " promotions but "
            + committed.size() + " commits, not the same ones");
      }
      System.out.printf("%nexactly once: %,d promotions executed, one commit each; %,d"
          + " approvals retried after a lost race%n", executed.size(), retried.get());
    } finally {
      first.close();
      second.close();
      if (server != null) {
        one.close();
        two.close();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
        }
        server.close();
      }
    }
  }

  private static EnvironmentName source(int slot) {
    return EnvironmentName.of(String.format("source-%02d", slot));
  }

  private static EnvironmentName target(int slot) {
    return EnvironmentName.of(String.format("target-%02d", slot));
  }

  private static Map<String, String> values(String tag) {
    return Map.of("values.yaml", "image:\n  repository: shop\n  tag: \"" + tag + "\"\n");
  }
}
