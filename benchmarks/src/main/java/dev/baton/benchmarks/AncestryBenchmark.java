package dev.baton.benchmarks;

import dev.baton.git.GitEnvironmentRepository;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.Revision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
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
 * The look the engine makes when it finds a promotion's write standing in a target that moved
 * past it (see the core's standing-write check): whether any release into the target descends
 * from the write, asked of {@link GitEnvironmentRepository#isAncestor} once per release. The
 * history is one line of {@code history} + 1 commits, every one a release; the write is one of
 * the 16 commits 39-54 below the tip, a different one each call (so nothing is remembered from
 * the calls before: the repository keeps what it walked for four ancestors), and each call asks
 * about every commit of the history, oldest first. {@link #lookWithLanding} asks each question
 * also about the commit 20 below the tip, as the engine does for a squashed pull request's write
 * and the commit it landed as. Not thread-safe state; run with one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AncestryBenchmark {
  private static final ProjectId PROJECT = ProjectId.of("shop");
  private static final EnvironmentName TARGET = EnvironmentName.of("production");

  /** Commits in the history, each asked about. */
  @Param({"1000", "10000"})
  public int history;

  private Path folder;
  private GitEnvironmentRepository repository;
  private final List<Revision> releases = new ArrayList<>();
  private int call;

  /** Creates the repository and lists its commits, oldest first. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    folder = Scratch.newFolder("ancestry-" + history);
    Path gitDir = folder.resolve("gitops.git");
    SyntheticGitOpsRepository.create(gitDir, true, 1000, history);
    try (Repository git = new FileRepositoryBuilder().setGitDir(gitDir.toFile())
        .setMustExist(true).build(); RevWalk walk = new RevWalk(git)) {
      walk.markStart(walk.parseCommit(git.resolve("main")));
      for (RevCommit commit : walk) {
        releases.add(Revision.of(commit.name()));
      }
    }
    Collections.reverse(releases);
    repository = GitEnvironmentRepository.builder().repository(gitDir).build();
  }

  /** Closes and deletes the repository. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (repository != null) {
      repository.close();
    }
    Scratch.delete(folder);
  }

  /** One look: how many releases descend from the write (40-55). */
  @Benchmark
  public int look() {
    Revision write = nextWrite();
    int descend = 0;
    for (Revision release : releases) {
      if (repository.isAncestor(PROJECT, TARGET, write, release).orElseThrow()) {
        descend++;
      }
    }
    return descend;
  }

  /** One look for a write and the commit it landed as, the two asked about in turn. */
  @Benchmark
  public int lookWithLanding() {
    Revision write = nextWrite();
    Revision landed = releases.get(releases.size() - 21);
    int descend = 0;
    for (Revision release : releases) {
      if (repository.isAncestor(PROJECT, TARGET, write, release).orElseThrow()
          || repository.isAncestor(PROJECT, TARGET, landed, release).orElseThrow()) {
        descend++;
      }
    }
    return descend;
  }

  private Revision nextWrite() {
    return releases.get(releases.size() - 40 - (call++ % 16));
  }
}
