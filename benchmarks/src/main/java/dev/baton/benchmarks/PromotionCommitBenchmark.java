package dev.baton.benchmarks;

import dev.baton.git.GitEnvironmentRepository;
import dev.baton.model.CommitInfo;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.FileChange;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;
import dev.baton.model.UserId;
import dev.baton.model.WriteResult;
import dev.baton.model.WriteStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
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
 * One promotion commit through {@link GitEnvironmentRepository#write}: three files of the
 * {@code production} folder change in a bare repository of 1,000 to 100,000 files (see
 * {@link SyntheticGitOpsRepository} for its shape). Each invocation is a new promotion with new
 * content on top of the previous one's commit, so every call really commits.
 *
 * <p>Two more methods explain the number: {@link #findUnknownPromotion} measures alone the part of
 * every first write that looks for an earlier commit of the promotion (marker ref missing), and
 * {@link #pathOnlyCommitBaseline} writes the same objects and refs as a promotion commit with
 * plain JGit but rewrites only the trees along the three changed paths, which is what a write
 * costs when nothing outside the changed paths is visited. {@link PromotionCommitCpuTime} sets the
 * two side by side by CPU time.
 *
 * <p>Not thread-safe: run with one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PromotionCommitBenchmark {
  /** Older commits in the repository: more than the 500 the write scans. */
  static final int HISTORY = 600;

  private static final ProjectId PROJECT = ProjectId.of("shop");
  private static final EnvironmentName TARGET =
      EnvironmentName.of(SyntheticGitOpsRepository.TARGET_ENVIRONMENT);
  private static final Instant AT = Instant.parse("2025-06-01T12:00:00Z");

  /** How many files the repository holds. */
  @Param({"1000", "10000", "100000"})
  public int files;

  private Path folder;
  private Repository git;
  private GitEnvironmentRepository repository;
  private Revision head;
  private long counter;

  /** Creates the repository and opens it. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    folder = Scratch.newFolder("commit-" + files);
    Path gitDir = folder.resolve("gitops.git");
    SyntheticGitOpsRepository.create(gitDir, true, files, HISTORY);
    repository = GitEnvironmentRepository.builder().repository(gitDir).build();
    git = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
    head = repository.read(PROJECT, TARGET).revision();
    // One promotion before measuring, as in any repository Baton writes to: it records the
    // markers of the history's promotions once and sets the watermark (see findUnknownPromotion).
    promotionCommit();
  }

  /** Closes and deletes the repository. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (repository != null) {
      repository.close();
    }
    if (git != null) {
      git.close();
    }
    Scratch.delete(folder);
  }

  /** One promotion commit changing three files of the target folder. */
  @Benchmark
  public WriteResult promotionCommit() {
    long n = ++counter;
    List<FileChange> changes = List.of(change(0, n), change(1, n), change(2, n));
    CommitInfo info = new CommitInfo(PromotionId.of("bench-" + n),
        "Promote staging to production", "benchmark promotion " + n, UserId.of("alice"),
        List.of(UserId.of("bob")), AT.plusSeconds(n));
    WriteResult result = repository.write(
        new EnvironmentWrite(PROJECT, TARGET, head, changes, info));
    if (result.status() != WriteStatus.WRITTEN) {
      throw new IllegalStateException("write " + n + " answered " + result);
    }
    head = result.revision();
    return result;
  }

  private static FileChange change(int file, long version) {
    String path = SyntheticGitOpsRepository.targetFile(file);
    return FileChange.write(path, SyntheticGitOpsRepository.yaml(path, version));
  }

  /**
   * Looking up a promotion that was never written, as every first write does: the marker ref,
   * then the trailers of the commits above the watermark (none here: setup wrote one promotion).
   * Before the watermark this read the newest 500 commits.
   */
  @Benchmark
  public Optional<Revision> findUnknownPromotion() {
    return repository.findWrite(PROJECT, TARGET, PromotionId.of("never-written"));
  }

  /**
   * The same commit with plain JGit, visiting only the changed paths: three blobs, the trees
   * along their paths, the commit, a compare-and-set of {@code main} and a marker ref, all with
   * reflogs as the write keeps them. No folder listing, stale check or history scan.
   */
  @Benchmark
  public ObjectId pathOnlyCommitBaseline() throws IOException {
    long n = ++counter;
    ObjectId tip = ObjectId.fromString(head.value());
    PersonIdent ident = new PersonIdent("Baton", "baton@localhost", AT.plusSeconds(n),
        ZoneOffset.UTC);
    ObjectId commitId;
    try (ObjectInserter inserter = git.newObjectInserter();
        ObjectReader reader = inserter.newReader();
        RevWalk walk = new RevWalk(reader)) {
      Map<String, ObjectId> edits = new HashMap<>();
      for (int file = 0; file < 3; file++) {
        String path = SyntheticGitOpsRepository.targetFile(file);
        edits.put("envs/" + TARGET + "/" + path, inserter.insert(Constants.OBJ_BLOB,
            SyntheticGitOpsRepository.yaml(path, n).getBytes(StandardCharsets.UTF_8)));
      }
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(SyntheticGitOpsRepository.replaceBlobs(
          SyntheticGitOpsRepository.trees(reader), inserter,
          walk.parseCommit(tip).getTree(), edits));
      commit.setParentId(tip);
      commit.setAuthor(ident);
      commit.setCommitter(ident);
      commit.setMessage("Promote staging to production\n\nPromotion-Id: baseline-" + n
          + "\nEnvironment: envs/production\nRequested-by: alice\nApproved-by: bob\n");
      commitId = inserter.insert(commit);
      inserter.flush();
      RefUpdate main = git.updateRef(Constants.R_HEADS + "main");
      main.setExpectedOldObjectId(tip);
      main.setNewObjectId(commitId);
      main.setRefLogIdent(ident);
      main.setRefLogMessage("baton: baseline " + n, false);
      RefUpdate.Result moved = main.update(walk);
      if (moved != RefUpdate.Result.FAST_FORWARD) {
        throw new IllegalStateException("moving main answered " + moved);
      }
    }
    RefUpdate marker = git.updateRef(GitEnvironmentRepository.MARKER_REF_PREFIX + "baseline-" + n);
    marker.setExpectedOldObjectId(ObjectId.zeroId());
    marker.setNewObjectId(commitId);
    marker.setRefLogMessage("baton: promotion written", false);
    if (marker.update() != RefUpdate.Result.NEW) {
      throw new IllegalStateException("could not record the marker");
    }
    head = Revision.of(commitId.name());
    return commitId;
  }
}
