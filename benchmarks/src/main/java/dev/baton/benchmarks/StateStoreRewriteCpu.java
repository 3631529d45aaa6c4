package dev.baton.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.baton.git.state.GitStateStore;
import dev.baton.git.state.internal.StateRefSeeder;
import dev.baton.model.Promotion;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * What the Git state store's derived index file costs to write, and what opening costs per
 * changed file behind it, in one fresh JVM, by CPU time (so that two builds can be compared on
 * a saturated machine). Usage: {@code StateStoreRewriteCpu PROMOTIONS REPEATS BEHIND[,BEHIND...]}.
 * After {@link StateStoreOpenBenchmark}'s setup it prints the median thread CPU of
 * {@code REPEATS} writes of the file (the store's test seam {@code writeIndexFile}: every chunk
 * read, then the whole file written) on the setup's store, which has read every promotion, and on
 * stores just opened from the file, which read it on demand (their open not counted). Then, for
 * each {@code BEHIND} in increasing order, it appends promotions (each with its key file: two
 * changed files) until the ref is that many promotions past the file, and prints the median
 * process CPU (parsing runs on the common pool) of {@code REPEATS} opens, the file put back as it
 * was before each, and whether the open wrote the file again. Not a library class;
 * single-threaded.
 */
public final class StateStoreRewriteCpu {
  private static final PersonIdent WHO = new PersonIdent("Bench Setup", "setup@localhost",
      Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

  private StateStoreRewriteCpu() {}

  /**
   * Measures as the arguments say.
   *
   * @param args promotions, repeats, promotions behind (comma-separated, increasing)
   * @throws Exception when the setup cannot write the repository or the seam cannot be called
   */
  public static void main(String[] args) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    StateStoreOpenBenchmark bench = new StateStoreOpenBenchmark();
    bench.promotions = Integer.parseInt(args[0]);
    int repeats = Integer.parseInt(args[1]);
    // The seam is package-private in the adapter: a benchmark may reach it, a caller may not.
    Method write = GitStateStore.class.getDeclaredMethod("writeIndexFile");
    write.setAccessible(true);
    bench.setUp();
    try {
      invoke(write, bench.opened()); // warm-up
      long[] loaded = new long[repeats];
      for (int r = 0; r < repeats; r++) {
        long cpu = threads.getCurrentThreadCpuTime();
        invoke(write, bench.opened());
        loaded[r] = threads.getCurrentThreadCpuTime() - cpu;
      }
      long[] onDemand = new long[repeats];
      for (int r = 0; r < repeats; r++) {
        try (GitStateStore store = GitStateStore.open(bench.gitDir())) {
          long cpu = threads.getCurrentThreadCpuTime();
          invoke(write, store);
          onDemand[r] = threads.getCurrentThreadCpuTime() - cpu;
        }
      }
      System.out.printf("promotions %d: write of the file, thread CPU median of %d:"
          + " store that read everything %.1f ms, store reading the file on demand %.1f ms%n",
          bench.promotions, repeats, median(loaded) / 1e6, median(onDemand) / 1e6);
      Path file = bench.gitDir().resolve("baton").resolve("state-index");
      byte[] asWritten = Files.readAllBytes(file);
      int behind = 0;
      for (String b : args[2].split(",")) {
        int wanted = Integer.parseInt(b);
        append(bench.gitDir(), bench.promotions + behind, wanted - behind);
        behind = wanted;
        long[] opens = new long[repeats];
        boolean rewritten = false;
        for (int r = 0; r < repeats; r++) {
          Files.write(file, asWritten);
          long cpu = os.getProcessCpuTime();
          GitStateStore.open(bench.gitDir()).close();
          opens[r] = os.getProcessCpuTime() - cpu;
          rewritten |= !Arrays.equals(asWritten, Files.readAllBytes(file));
        }
        System.out.printf("promotions %d, %d promotions (%d files) behind the file: open,"
            + " process CPU median of %d: %.1f ms; the open wrote the file: %s%n",
            bench.promotions, behind, 2 * behind, repeats, median(opens) / 1e6, rewritten);
      }
    } finally {
      bench.tearDown();
    }
  }

  private static void invoke(Method write, GitStateStore store) throws IllegalAccessException {
    try {
      write.invoke(store);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  // Appends promotions from..from+count-1 in one commit, as another process's writes would.
  private static void append(Path gitDir, int from, int count) throws IOException {
    if (count <= 0) {
      return;
    }
    List<Promotion> added = new ArrayList<>(count);
    for (int i = from; i < from + count; i++) {
      added.add(StateStoreOpenBenchmark.promotion(i));
    }
    try (Repository repository = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).build();
         PackStreamInserter inserter = new PackStreamInserter(repository)) {
      StateRefSeeder.append(repository, inserter, GitStateStore.DEFAULT_REF, added, WHO);
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
  }
}
