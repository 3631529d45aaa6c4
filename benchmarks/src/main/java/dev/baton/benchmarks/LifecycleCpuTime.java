package dev.baton.benchmarks;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@link LifecycleBenchmark}'s benchmarks ({@code stored} = 0) for a machine too busy for wall
 * time: several builds in one JVM, each class path (a jar, or {@code classes:jar}, so that one
 * module's classes come first) loaded by its own class loader, taking turns batch by batch in
 * alternating order, and the median CPU time of the calling thread per call (user + system;
 * waiting for a core does not count) for each build, and the median bytes the thread allocated
 * per call (which the machine's load moves less). Not thread-safe; a command-line tool.
 *
 * <p>{@code args}: the benchmark method ({@code lifecycle}, {@code planAndSummary} or
 * {@code planAndPreview}), warm-up batches, measured batches, calls per batch, then two or more
 * class paths. Three rounds, each printing every build's median. A build loaded later runs a
 * little slower for the same code (the JIT's shared profiles), so run the comparison both ways
 * round.
 */
public final class LifecycleCpuTime {
  private LifecycleCpuTime() {}

  /** Runs the comparison described on the class. */
  public static void main(String[] args) throws Exception {
    String method = args[0];
    int warm = Integer.parseInt(args[1]);
    int batches = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    String[] classPaths = Arrays.copyOfRange(args, 4, args.length);
    int n = classPaths.length;
    Object[] benchmarks = new Object[n];
    Method[] methods = new Method[n];
    for (int k = 0; k < n; k++) {
      String[] parts = classPaths[k].split(File.pathSeparator);
      URL[] urls = new URL[parts.length];
      for (int u = 0; u < parts.length; u++) {
        urls[u] = Path.of(parts[u]).toUri().toURL();
      }
      ClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
      Class<?> type = loader.loadClass(LifecycleBenchmark.class.getName());
      benchmarks[k] = type.getDeclaredConstructor().newInstance();
      type.getField("stored").setInt(benchmarks[k], 0);
      type.getMethod("setUp").invoke(benchmarks[k]);
      methods[k] = type.getMethod(method);
    }
    // the com.sun.management form: it also counts the bytes a thread allocates
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    if (!threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) {
      // the counter would answer -1: the bytes columns would be meaningless
      throw new IllegalStateException("this JVM does not count the bytes a thread allocates");
    }
    for (int i = 0; i < warm; i++) {
      for (int k = 0; k < n; k++) {
        for (int c = 0; c < batch; c++) {
          methods[k].invoke(benchmarks[k]);
        }
      }
    }
    for (int round = 0; round < 3; round++) {
      long[][] cpu = new long[n][batches];
      long[][] bytes = new long[n][batches];
      for (int i = 0; i < batches; i++) {
        for (int turn = 0; turn < n; turn++) {
          int k = i % 2 == 0 ? turn : n - 1 - turn;
          long allocated = threads.getThreadAllocatedBytes(self);
          long start = threads.getCurrentThreadCpuTime();
          for (int c = 0; c < batch; c++) {
            methods[k].invoke(benchmarks[k]);
          }
          cpu[k][i] = threads.getCurrentThreadCpuTime() - start;
          bytes[k][i] = threads.getThreadAllocatedBytes(self) - allocated;
        }
      }
      StringBuilder line = new StringBuilder("round " + round + ": " + method
          + " CPU median per call");
      for (int k = 0; k < n; k++) {
        Arrays.sort(cpu[k]);
        Arrays.sort(bytes[k]);
        // bytes include the reflective call's own, the same for every build
        line.append(String.format(" [%d] %.2f us %,d B", k, cpu[k][batches / 2] / 1e3 / batch,
            bytes[k][batches / 2] / batch));
      }
      System.out.println(line);
    }
    for (int k = 0; k < n; k++) {
      benchmarks[k].getClass().getMethod("tearDown").invoke(benchmarks[k]);
    }
  }
}
