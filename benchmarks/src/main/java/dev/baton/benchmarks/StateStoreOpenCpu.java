package dev.baton.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.baton.git.state.GitStateStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a repository's state store once per argument in one fresh JVM and prints the wall time
 * and the process's CPU time of each open (CPU time says more than wall time on a saturated
 * machine). Usage: {@code StateStoreOpenCpu GIT_DIR full,file,file}: {@code full} removes the
 * derived index file first (every state file is read), {@code file} opens as it is. Not a
 * library class; single-threaded.
 */
public final class StateStoreOpenCpu {
  private StateStoreOpenCpu() {}

  /**
   * Opens and closes the store as the arguments say.
   *
   * @param args the Git directory, then the opens, comma-separated
   * @throws IOException when the index file cannot be removed
   */
  public static void main(String[] args) throws IOException {
    OperatingSystemMXBean os =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Path gitDir = Path.of(args[0]);
    for (String mode : args[1].split(",")) {
      if (mode.equals("full")) {
        Files.deleteIfExists(gitDir.resolve("baton").resolve("state-index"));
      }
      long cpu = os.getProcessCpuTime();
      long wall = System.nanoTime();
      GitStateStore.open(gitDir).close();
      System.out.printf("%s: wall %d ms, process CPU %d ms%n", mode,
          (System.nanoTime() - wall) / 1_000_000, (os.getProcessCpuTime() - cpu) / 1_000_000);
    }
  }
}
