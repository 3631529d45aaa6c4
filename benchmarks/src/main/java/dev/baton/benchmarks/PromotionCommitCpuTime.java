package dev.baton.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The promotion commit against its floor on a machine too busy for wall-clock JMH numbers: two
 * {@link PromotionCommitBenchmark} states (one repository each) in one JVM, their operations
 * interleaved one for one, each timed by the thread's CPU time (user plus system, so file system
 * work counts; waiting for a core does not) and by the wall clock. Prints the median and mean per
 * operation and the ratio of the medians, per repository size.
 *
 * <p>Run: {@code java -Dbaton.bench.dir=... -cp benchmarks.jar
 * dev.baton.benchmarks.PromotionCommitCpuTime [ops] [warmup] [files...]} (defaults 300, 200,
 * 1000 10000 100000). Not thread-safe; a command-line tool.
 */
public final class PromotionCommitCpuTime {
  private PromotionCommitCpuTime() {}

  /** Runs the comparison; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    int ops = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int[] sizes = args.length > 2
        ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
        : new int[] {1_000, 10_000, 100_000};
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int files : sizes) {
      PromotionCommitBenchmark write = new PromotionCommitBenchmark();
      PromotionCommitBenchmark floor = new PromotionCommitBenchmark();
      write.files = files;
      floor.files = files;
      write.setUp();
      floor.setUp();
      try {
        for (int i = 0; i < warmup; i++) {
          write.promotionCommit();
          floor.pathOnlyCommitBaseline();
        }
        long[][] cpu = new long[2][ops];
        long[][] wall = new long[2][ops];
        for (int i = 0; i < ops; i++) {
          for (int which = 0; which < 2; which++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            if (which == 0) {
              write.promotionCommit();
            } else {
              floor.pathOnlyCommitBaseline();
            }
            wall[which][i] = System.nanoTime() - w0;
            cpu[which][i] = threads.getCurrentThreadCpuTime() - c0;
          }
        }
        report(files, ops, cpu, wall);
      } finally {
        write.tearDown();
        floor.tearDown();
      }
    }
  }

  private static void report(int files, int ops, long[][] cpu, long[][] wall) {
    String[] names = {"promotionCommit", "pathOnlyCommitBaseline"};
    for (int which = 0; which < 2; which++) {
      System.out.printf(Locale.ROOT,
          "files=%-6d %-24s cpu median %7.3f ms mean %7.3f | wall median %7.3f ms mean %7.3f"
              + " (%d ops)%n", files, names[which], median(cpu[which]), mean(cpu[which]),
          median(wall[which]), mean(wall[which]), ops);
    }
    System.out.printf(Locale.ROOT, "files=%-6d ratio of medians: cpu %.2f, wall %.2f%n", files,
        median(cpu[0]) / median(cpu[1]), median(wall[0]) / median(wall[1]));
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  private static double mean(long[] nanos) {
    return Arrays.stream(nanos).average().orElse(0) / 1e6;
  }
}
