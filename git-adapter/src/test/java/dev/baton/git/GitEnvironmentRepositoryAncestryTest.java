package dev.baton.git;

import static dev.baton.git.Fixtures.PRODUCTION;
import static dev.baton.git.Fixtures.SHOP;
import static dev.baton.git.Fixtures.write;
import static dev.baton.git.GitCli.commitFiles;
import static dev.baton.git.GitCli.git;
import static dev.baton.git.GitCli.gitIn;
import static dev.baton.git.GitCli.head;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.git.Fixtures.RecordingSleeper;
import dev.baton.model.FileChange;
import dev.baton.model.Revision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code isAncestor} on real repositories answers what {@code git merge-base --is-ancestor}
 * answers, for Baton's writes, a person's commits, a side branch and its merge; a commit a peer
 * pushed is fetched before it is answered about.
 */
class GitEnvironmentRepositoryAncestryTest {
  @TempDir Path tmp;

  @Test
  void answersWhatGitMergeBaseIsAncestorAnswersForEveryPair() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    List<Revision> revisions = new ArrayList<>();
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper()).build()) {
      Revision seed = Revision.of(head(repo, "main"));
      Revision first = git.write(write(PRODUCTION, seed, "p-1",
          FileChange.write("values.yaml", "image: shop:1.2.0\nreplicas: 3\n"))).revision();
      // the working tree follows the branch the repository moved, so that the CLI commits on it
      git(repo, "reset", "-q", "--hard", "main");
      git(repo, "checkout", "-q", "-b", "side", first.value());
      Revision side = Revision.of(commitFiles(repo, Map.of("envs/dev/values.yaml",
          "image: shop:1.4.0\nreplicas: 1\n"), "side branch"));
      git(repo, "checkout", "-q", "main");
      Revision second = git.write(write(PRODUCTION, first, "p-2",
          FileChange.write("values.yaml", "image: shop:1.3.0\nreplicas: 3\n"))).revision();
      git(repo, "reset", "-q", "--hard", "main");
      Revision person = Revision.of(commitFiles(repo, Map.of("envs/staging/values.yaml",
          "image: shop:1.3.0\nreplicas: 2\n"), "a person's edit"));
      git(repo, "merge", "-q", "--no-ff", "side", "-m", "merge side");
      Revision merge = Revision.of(head(repo, "main"));
      revisions.addAll(List.of(seed, first, side, second, person, merge));

      int told = 0;
      for (Revision a : revisions) {
        for (Revision b : revisions) {
          int exit = GitCli.run(repo, null, "merge-base", "--is-ancestor", a.value(), b.value())
              .exitCode();
          assertThat(exit).as("git merge-base --is-ancestor %s %s", a, b).isIn(0, 1);
          assertThat(git.isAncestor(SHOP, PRODUCTION, a, b)).as("%s before %s", a, b)
              .contains(exit == 0);
          told += exit == 0 ? 1 : 0;
        }
      }
      assertThat(told).as("some pairs are ordered, some are not").isBetween(7, 35);
      assertThat(git.isAncestor(SHOP, PRODUCTION, side, second)).as("a side branch").contains(
          false);
      assertThat(git.isAncestor(SHOP, PRODUCTION, side, merge)).as("merged").contains(true);
      assertThat(git.isAncestor(SHOP, PRODUCTION, GitEnvironmentRepository.UNBORN, seed))
          .contains(true);
      assertThat(git.isAncestor(SHOP, PRODUCTION, seed, GitEnvironmentRepository.UNBORN))
          .contains(false);
      Revision unknown = Revision.of("0123456789abcdef0123456789abcdef01234567");
      assertThat(git.isAncestor(SHOP, PRODUCTION, unknown, merge)).isEmpty();
      assertThat(git.isAncestor(SHOP, PRODUCTION, merge, unknown)).isEmpty();
      // a blob's id is no commit
      Revision blob = Revision.of(GitCli.gitLine(repo, "rev-parse", "main:README.md"));
      assertThat(git.isAncestor(SHOP, PRODUCTION, seed, blob)).isEmpty();
    }
  }

  /**
   * On random histories (branches, merges of two and three parents, several roots, committer
   * dates in no order), every pair answers what {@code git rev-list} says, asked in runs about
   * one ancestor (what the engine does, answered from what the run learnt) and in a random order
   * that changes the ancestor at every question.
   */
  @Test
  void randomHistoriesAnswerWhatGitRevListSays() {
    for (long seed = 1; seed <= 4; seed++) {
      Random random = new Random(seed);
      Path repo = Fixtures.seededRepo(tmp.resolve("dag-" + seed));
      List<String> commits = randomHistory(repo, random, 60);
      Map<String, Set<String>> ancestors = new HashMap<>();
      for (String commit : commits) {
        ancestors.put(commit, Set.of(git(repo, "rev-list", commit).strip().split("\n")));
      }
      try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper())
          .build()) {
        List<String[]> pairs = new ArrayList<>();
        for (int run = 0; run < 8; run++) {
          String a = commits.get(random.nextInt(commits.size()));
          List<String> order = new ArrayList<>(commits);
          Collections.shuffle(order, random);
          order.forEach(b -> pairs.add(new String[] {a, b}));
        }
        List<String[]> mixed = new ArrayList<>();
        for (String a : commits) {
          for (String b : commits) {
            mixed.add(new String[] {a, b});
          }
        }
        Collections.shuffle(mixed, random);
        pairs.addAll(mixed);
        int ordered = 0;
        for (String[] pair : pairs) {
          boolean expected = ancestors.get(pair[1]).contains(pair[0]);
          assertThat(git.isAncestor(SHOP, PRODUCTION, Revision.of(pair[0]),
              Revision.of(pair[1]))).as("seed %d: %s before %s", seed, pair[0], pair[1])
              .contains(expected);
          ordered += expected ? 1 : 0;
        }
        assertThat(ordered).as("seed %d: some pairs ordered, most not", seed)
            .isBetween(pairs.size() / 20, pairs.size() / 2);
      }
    }
  }

  /**
   * {@code count} commits made by {@code git fast-import} on top of the repository's main: each
   * has one to three distinct parents among the commits before it (a few none: new roots), so
   * lines branch and merge; committer dates are random. Returns their ids, oldest first.
   */
  private static List<String> randomHistory(Path repo, Random random, int count) {
    StringBuilder stream = new StringBuilder();
    String main = head(repo, "main");
    int[] merges = new int[3];
    for (int i = 1; i <= count; i++) {
      int roll = random.nextInt(20);
      boolean root = i > 1 && roll == 0;
      if (root) {
        // without a from, fast-import would go on from the branch's tip: a reset starts anew
        stream.append("reset refs/heads/dag\n\n");
      }
      stream.append("commit refs/heads/dag\nmark :").append(i).append('\n')
          .append("committer A <a@example.com> ").append(1_600_000_000L
              + random.nextInt(1_000_000)).append(" +0000\n")
          .append("data 3\nc").append(i % 10).append('\n');
      if (i == 1) {
        stream.append("from ").append(main).append('\n');
      } else if (!root) {
        // distinct parents, as git makes them: a merge of two (a quarter) or three (one in 20)
        Set<Integer> parents = new LinkedHashSet<>();
        int wanted = roll < 5 ? 2 : roll == 5 ? 3 : 1;
        while (parents.size() < Math.min(wanted, i - 1)) {
          parents.add(parent(random, i));
        }
        String verb = "from";
        for (int p : parents) {
          stream.append(verb).append(" :").append(p).append('\n');
          verb = "merge";
        }
        merges[parents.size() - 1]++;
      }
      stream.append("M 100644 inline n").append(i).append(".txt\ndata 2\n")
          .append(i % 10).append("\n\n");
    }
    assertThat(merges[1]).as("merges of two").isPositive();
    assertThat(merges[2]).as("merges of three").isPositive();
    Path marks = repo.resolve(".git/dag-marks");
    gitIn(repo, stream.toString(), "fast-import", "--quiet", "--force",
        "--export-marks=" + marks);
    String[] ids = new String[count];
    try {
      for (String line : Files.readAllLines(marks)) {
        String[] parts = line.split(" ");
        ids[Integer.parseInt(parts[0].substring(1)) - 1] = parts[1];
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return List.of(ids);
  }

  // a commit before the i-th, most often a recent one, so that lines run on before they merge
  private static int parent(Random random, int i) {
    int back = random.nextInt(4) == 0 ? random.nextInt(i - 1) : random.nextInt(Math.min(3, i - 1));
    return i - 1 - back;
  }

  @Test
  void aCommitAPeerPushedIsFetchedBeforeItIsAnsweredAbout() {
    Path mine = clonedFromOneRemote("mine");
    Path peer = clonedFromOneRemote("peer");
    try (GitEnvironmentRepository git = Fixtures.builder(mine, new RecordingSleeper())
        .remote("origin").build()) {
      Revision written = git.write(write(PRODUCTION, git.read(SHOP, PRODUCTION).revision(),
          "p-1", FileChange.write("values.yaml", "image: shop:1.2.0\nreplicas: 3\n")))
          .revision();
      git(peer, "pull", "-q", "--ff-only");
      String pushed = commitFiles(peer, Map.of("envs/production/values.yaml",
          "image: shop:1.3.0\nreplicas: 3\n"), "a peer's release");
      git(peer, "push", "-q", "origin", "main");
      assertThat(GitCli.run(mine, null, "cat-file", "-e", pushed).exitCode())
          .as("not fetched yet").isNotZero();

      assertThat(git.isAncestor(SHOP, PRODUCTION, written, Revision.of(pushed))).contains(true);
      assertThat(git.isAncestor(SHOP, PRODUCTION, Revision.of(pushed), written))
          .contains(false);
    }
  }

  /**
   * Questions about unknown revisions fetch at most once every few seconds: an engine asks about
   * every release of a target in a row, and commits of old pull-request branches may be gone from
   * the remote for good. A commit a peer pushed right after such a fetch cannot be told yet.
   */
  @Test
  void unknownRevisionsAskedInARowFetchOnce() {
    Path mine = clonedFromOneRemote("mine");
    Path peer = clonedFromOneRemote("peer");
    try (GitEnvironmentRepository git = Fixtures.builder(mine, new RecordingSleeper())
        .remote("origin").build()) {
      Revision seed = git.read(SHOP, PRODUCTION).revision();
      Revision gone = Revision.of("0123456789abcdef0123456789abcdef01234567");
      assertThat(git.isAncestor(SHOP, PRODUCTION, seed, gone)).as("fetched, still unknown")
          .isEmpty();
      String pushed = commitFiles(peer, Map.of("envs/production/values.yaml",
          "image: shop:1.3.0\nreplicas: 3\n"), "a peer's release");
      git(peer, "push", "-q", "origin", "main");

      assertThat(git.isAncestor(SHOP, PRODUCTION, seed, Revision.of(pushed)))
          .as("asked right after a fetch: not fetched again").isEmpty();
      assertThat(GitCli.run(mine, null, "cat-file", "-e", pushed).exitCode()).isNotZero();
    }
  }

  /**
   * A shallow clone's history ends where it was cut, so a walk there would answer "not an
   * ancestor" for a commit it cannot see: it answers that it cannot tell instead.
   */
  @Test
  void aShallowCloneCannotTell() {
    Path seeded = Fixtures.seededRepo(tmp.resolve("seed"));
    String seed = head(seeded, "main");
    String first = commitFiles(seeded, Map.of("envs/production/values.yaml",
        "image: shop:1.2.0\nreplicas: 3\n"), "first");
    String second = commitFiles(seeded, Map.of("envs/production/values.yaml",
        "image: shop:1.3.0\nreplicas: 3\n"), "second");
    Path shallow = tmp.resolve("shallow");
    git(tmp, "clone", "-q", "--depth", "2", "file://" + seeded, shallow.toString());
    assertThat(GitCli.gitLine(shallow, "rev-parse", "--is-shallow-repository")).isEqualTo("true");
    try (GitEnvironmentRepository git = Fixtures.builder(shallow, new RecordingSleeper())
        .build()) {
      assertThat(git.isAncestor(SHOP, PRODUCTION, Revision.of(first), Revision.of(second)))
          .as("both inside the cut, still not walked").isEmpty();
      assertThat(git.isAncestor(SHOP, PRODUCTION, Revision.of(seed), Revision.of(second)))
          .as("cut off").isEmpty();
      assertThat(git.isAncestor(SHOP, PRODUCTION, Revision.of(second), Revision.of(second)))
          .contains(true);
    }
  }

  // a clone of the seeded repository's bare remote, made the first time it is asked for
  private Path clonedFromOneRemote(String name) {
    Path remote = tmp.resolve("remote.git");
    if (!Files.exists(remote)) {
      Path seeded = Fixtures.seededRepo(tmp.resolve("seed"));
      git(tmp, "clone", "-q", "--bare", seeded.toString(), remote.toString());
    }
    Path clone = tmp.resolve(name);
    git(tmp, "clone", "-q", remote.toString(), clone.toString());
    return clone;
  }
}
