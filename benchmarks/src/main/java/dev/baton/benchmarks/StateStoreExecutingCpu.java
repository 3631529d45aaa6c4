package dev.baton.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The thread CPU time of {@link StateStoreOpenBenchmark}'s executing-only query (what every
 * execution start asks) in one fresh JVM, so that two builds can be compared by CPU time on a
 * saturated machine: run it once per build's classpath, alternating. Usage:
 * {@code StateStoreExecutingCpu PROMOTIONS BATCHES QUERIES FRESH}: after the benchmark's setup,
 * {@code BATCHES} batches of {@code QUERIES} queries on the long-lived store (the median per
 * query printed), then {@code FRESH} queries each on a store just opened from the index file
 * (the open not counted; the median printed). Not a library class; single-threaded.
 */
public final class StateStoreExecutingCpu {
  private StateStoreExecutingCpu() {}

  /**
   * Measures as the arguments say.
   *
   * @param args promotions, batches, queries per batch, fresh stores
   * @throws IOException when the setup cannot write the repository
   */
  public static void main(String[] args) throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    StateStoreOpenBenchmark bench = new StateStoreOpenBenchmark();
    bench.promotions = Integer.parseInt(args[0]);
    int batches = Integer.parseInt(args[1]);
    int queries = Integer.parseInt(args[2]);
    int freshStores = Integer.parseInt(args[3]);
    bench.setUp();
    try {
      for (int i = 0; i < queries; i++) {
        bench.queryExecuting(); // warm-up
      }
      long[] perQuery = new long[batches];
      for (int b = 0; b < batches; b++) {
        long cpu = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < queries; i++) {
          bench.queryExecuting();
        }
        perQuery[b] = (threads.getCurrentThreadCpuTime() - cpu) / queries;
      }
      long[] fresh = new long[freshStores];
      for (int f = 0; f < freshStores; f++) {
        StateStoreOpenBenchmark.FreshStore store = new StateStoreOpenBenchmark.FreshStore();
        store.open(bench);
        long cpu = threads.getCurrentThreadCpuTime();
        bench.queryExecutingFresh(store);
        fresh[f] = threads.getCurrentThreadCpuTime() - cpu;
        store.close();
      }
      System.out.printf("promotions %d: long-lived store %.2f us CPU per query (median of %d"
          + " batches of %d), fresh store %.2f us CPU per first query (median of %d)%n",
          bench.promotions, median(perQuery) / 1e3, batches, queries, median(fresh) / 1e3,
          freshStores);
    } finally {
      bench.tearDown();
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
  }
}
