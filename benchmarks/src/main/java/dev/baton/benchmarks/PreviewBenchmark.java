package dev.baton.benchmarks;

import dev.baton.internal.yaml.ContentCache;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import dev.baton.model.Revision;
import dev.baton.preview.FileDiff;
import dev.baton.preview.Preview;
import dev.baton.preview.Previewer;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link Previewer#preview} of promoting staging into production where each holds one Helm
 * {@code values.yaml} of 5,000 lines (a workload at the top, then 499 config sections of ten
 * lines) and the two differ in 500 value lines, one per section and the workload's tag; the
 * default scope carries them all. Default limits: the file (5,000 lines) is just within
 * {@code maxFileLines}, so it is compared; its unified diff (about 4,500 lines) is longer than
 * {@code maxDiffLines}, so it is computed and counted but its text is left out.
 *
 * <p>Setup checks that the preview compares the file (500 lines added, 500 removed) and lists
 * 500 changed values or workload items. Thread-safe state; run with one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PreviewBenchmark {
  static final int LINES = 5_000;
  static final int CHANGED = 500;
  private static final int SECTION_LINES = 10;
  private static final ProjectId PROJECT = ProjectId.of("shop");

  private Previewer previewer;
  private EnvironmentFiles staging;
  private EnvironmentFiles production;
  private Set<PromotableProperty> scope;

  /** Builds both environments and checks what the preview reports. */
  @Setup(Level.Trial)
  public void setUp() {
    previewer = Previewer.create();
    staging = EnvironmentFiles.of(EnvironmentName.of("staging"), Revision.of("staging-head"),
        Map.of("values.yaml", values(true), "service.yaml", "kind: Service\nport: 8080\n"));
    production = EnvironmentFiles.of(EnvironmentName.of("production"),
        Revision.of("production-head"),
        Map.of("values.yaml", values(false), "service.yaml", "kind: Service\nport: 8080\n"));
    // the version moves by default; the values category moves the 499 changed values too
    scope = java.util.EnumSet.of(PromotableProperty.IMAGE_TAGS, PromotableProperty.VALUES);
    Preview preview = preview();
    FileDiff file = preview.files().stream().filter(f -> f.path().equals("values.yaml"))
        .findFirst().orElseThrow(() -> new IllegalStateException("values.yaml not changed"));
    if (file.addedLines().orElse(-1) != CHANGED || file.removedLines().orElse(-1) != CHANGED
        || file.oldLines() != LINES) {
      throw new IllegalStateException("unexpected diff of values.yaml: " + file.oldLines()
          + " lines, +" + file.addedLines() + " -" + file.removedLines());
    }
    int items = preview.summary().values() + preview.summary().workloads();
    if (items != CHANGED) {
      throw new IllegalStateException("expected " + CHANGED + " changed items, got "
          + preview.summary());
    }
  }

  /**
   * The whole preview of files seen before: plan, read four snapshots, compare items, diff the
   * files, each answered by the content caches.
   */
  @Benchmark
  public Preview preview() {
    return previewer.preview(PROJECT, staging, production, Optional.empty(), scope,
        java.util.List.of());
  }

  /**
   * The same preview computed from nothing, as for files never seen before: every content cache
   * (parsed files, snapshots, plans, diffs, masked texts) is emptied first.
   */
  @Benchmark
  public Preview previewUncached() {
    ContentCache.clearAll();
    return preview();
  }

  /**
   * For a machine too busy for wall-clock numbers: {@code args} = warm-up calls, measured calls,
   * and {@code cached} to time {@link #preview} instead of {@link #previewUncached}. Three
   * rounds, each printing the median CPU time of the calling thread per call (user + system;
   * waiting for a core does not count) and the median wall time. With {@code ab}, warm-up
   * calls, measured calls and two or more class paths first, it compares builds in one JVM
   * instead (see {@code alternate}).
   */
  public static void main(String[] args) throws ReflectiveOperationException,
      java.net.MalformedURLException {
    if (args[0].equals("ab")) {
      alternate(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
          java.util.Arrays.copyOfRange(args, 3, args.length));
      return;
    }
    int warm = Integer.parseInt(args[0]);
    int calls = Integer.parseInt(args[1]);
    boolean cached = args.length > 2 && args[2].equals("cached");
    PreviewBenchmark benchmark = new PreviewBenchmark();
    benchmark.setUp();
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < warm; i++) {
        Object unused = cached ? benchmark.preview() : benchmark.previewUncached();
      }
      long[] cpu = new long[calls];
      long[] wall = new long[calls];
      for (int i = 0; i < calls; i++) {
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        Object unused = cached ? benchmark.preview() : benchmark.previewUncached();
        cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
        wall[i] = System.nanoTime() - wallStart;
      }
      java.util.Arrays.sort(cpu);
      java.util.Arrays.sort(wall);
      System.out.printf("round %d: %s CPU median %.2f ms, wall median %.2f ms%n", round,
          cached ? "preview" : "previewUncached", cpu[calls / 2] / 1e6, wall[calls / 2] / 1e6);
    }
  }

  /**
   * {@link #previewUncached} of several builds in one JVM, for a machine whose load drifts
   * faster than one build's run lasts: each class path (a jar, or {@code classes:jar}, so that
   * one module's classes come first) is loaded by its own class loader, and the builds take
   * turns call by call, in alternating order. Three rounds, each printing every build's median
   * CPU time per call. A build loaded later runs a little slower for the same code (about 5-10
   * % here, the JIT's shared profiles), so run the comparison both ways round.
   */
  private static void alternate(int warm, int calls, String[] classPaths)
      throws ReflectiveOperationException, java.net.MalformedURLException {
    int n = classPaths.length;
    Object[] benchmarks = new Object[n];
    java.lang.reflect.Method[] methods = new java.lang.reflect.Method[n];
    for (int k = 0; k < n; k++) {
      String[] parts = classPaths[k].split(java.io.File.pathSeparator);
      java.net.URL[] urls = new java.net.URL[parts.length];
      for (int u = 0; u < parts.length; u++) {
        urls[u] = java.nio.file.Path.of(parts[u]).toUri().toURL();
      }
      ClassLoader loader = new java.net.URLClassLoader(urls,
          ClassLoader.getPlatformClassLoader());
      Class<?> type = loader.loadClass(PreviewBenchmark.class.getName());
      benchmarks[k] = type.getDeclaredConstructor().newInstance();
      type.getMethod("setUp").invoke(benchmarks[k]);
      methods[k] = type.getMethod("previewUncached");
    }
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < warm; i++) {
      for (int k = 0; k < n; k++) {
        methods[k].invoke(benchmarks[k]);
      }
    }
    for (int round = 0; round < 3; round++) {
      long[][] cpu = new long[n][calls];
      for (int i = 0; i < calls; i++) {
        for (int turn = 0; turn < n; turn++) {
          int k = i % 2 == 0 ? turn : n - 1 - turn;
          long start = threads.getCurrentThreadCpuTime();
          methods[k].invoke(benchmarks[k]);
          cpu[k][i] = threads.getCurrentThreadCpuTime() - start;
        }
      }
      StringBuilder line = new StringBuilder("round " + round + ": previewUncached CPU median");
      for (int k = 0; k < n; k++) {
        java.util.Arrays.sort(cpu[k]);
        line.append(String.format(" [%d] %.2f ms", k, cpu[k][calls / 2] / 1e6));
      }
      System.out.println(line);
    }
  }

  /**
   * A values file of exactly {@link #LINES} lines: a workload (10 lines) and 499 sections of ten
   * lines; the source differs from the target in the workload's tag and in the first value of
   * every section.
   */
  static String values(boolean source) {
    StringBuilder out = new StringBuilder(LINES * 32);
    out.append("fullnameOverride: shop\n")
        .append("image:\n")
        .append("  repository: registry.example.com/shop/api\n")
        .append("  tag: \"").append(source ? "2.4.1" : "2.3.9").append("\"\n")
        .append("replicaCount: 3\n")
        .append("resources:\n")
        .append("  limits:\n")
        .append("    cpu: 500m\n")
        .append("    memory: 512Mi\n")
        .append("config:\n");
    for (int section = 1; section < LINES / SECTION_LINES; section++) {
      out.append("  section").append(section).append(":\n");
      out.append("    timeoutSeconds: ").append(source ? 30 + section % 7 : 20 + section % 7)
          .append('\n');
      for (int key = 2; key < SECTION_LINES; key++) {
        out.append("    key").append(key).append(": value-").append(section).append('-')
            .append(key).append('\n');
      }
    }
    return out.toString();
  }
}
