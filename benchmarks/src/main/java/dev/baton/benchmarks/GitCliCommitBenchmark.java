package dev.baton.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * For comparison with {@link PromotionCommitBenchmark}: the same change made the way a script
 * would, with the {@code git} command line in a checked-out working tree of the same repository
 * (same files, same history): write three files of {@code envs/production}, {@code git add} them,
 * {@code git commit -q}. Two processes per invocation; {@code gc.auto} is off, and the user's and
 * the system's Git configuration are ignored.
 *
 * <p>Not thread-safe: run with one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GitCliCommitBenchmark {
  /** How many files the repository holds. */
  @Param({"1000", "10000", "100000"})
  public int files;

  private Path folder;
  private Path workTree;
  private String[] paths;
  private long counter;

  /** Creates the repository in the object database, then checks it out once. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    folder = Scratch.newFolder("cli-" + files);
    workTree = folder.resolve("gitops");
    Files.createDirectories(workTree);
    SyntheticGitOpsRepository.create(workTree.resolve(".git"), false, files,
        PromotionCommitBenchmark.HISTORY);
    Scratch.git(workTree, "reset", "-q", "--hard");
    paths = new String[3];
    for (int i = 0; i < paths.length; i++) {
      paths[i] = "envs/" + SyntheticGitOpsRepository.TARGET_ENVIRONMENT + "/"
          + SyntheticGitOpsRepository.targetFile(i);
    }
    String status = Scratch.git(workTree, "status", "--porcelain");
    if (!status.isEmpty()) {
      throw new IllegalStateException("the checkout is not clean: " + status);
    }
  }

  /** Deletes the repository. */
  @TearDown(Level.Trial)
  public void tearDown() {
    Scratch.delete(folder);
  }

  /** Edit three files, {@code git add} them, {@code git commit -q}. */
  @Benchmark
  public long gitCliCommit() throws IOException {
    long n = ++counter;
    for (String path : paths) {
      Files.writeString(workTree.resolve(path), SyntheticGitOpsRepository.yaml(path, n),
          StandardCharsets.UTF_8);
    }
    Scratch.git(workTree, "add", "--", paths[0], paths[1], paths[2]);
    Scratch.git(workTree, "commit", "-q", "-m", "Promote staging to production\n\n"
        + "Promotion-Id: cli-" + n + "\nEnvironment: envs/production\n"
        + "Requested-by: alice\nApproved-by: bob\n");
    return n;
  }
}
