package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed inside its work-tree update, after JGit wrote some files and before it wrote
 * the index: the next command finishes the update without taking those files for local changes,
 * and still keeps a real local change. The state is made with the git CLI (the commit, then the
 * index put back to the old commit with {@code git read-tree}) and checked with {@code git status}.
 */
class HalfWrittenWorkTreeTest {
  @TempDir Path repo;

  @Test
  void filesAlreadyWrittenUnderTheOldIndexAreFinishedNotKeptAsLocalChanges() throws Exception {
    ObjectId from = seed();
    write("envs/staging/values.yaml", "tag: \"2\"\n");
    write("envs/staging/added.yaml", "new: true\n");
    git("add", "-A");
    git("commit", "-q", "-m", "Promote dev to staging");
    // killed after the files were renamed into place, before the index was written
    git("read-tree", from.name());
    new WorkTreeJournal(repo.resolve(".git"), "refs/heads/main").begin(from);
    assertThat(git("status", "--porcelain")).isNotEmpty();

    List<String> notices = open();

    assertThat(notices).singleElement().asString().contains("now up to date");
    assertThat(git("status", "--porcelain")).isEmpty();
    assertThat(Files.readString(repo.resolve("envs/staging/values.yaml"))).contains("\"2\"");
    assertThat(Files.exists(repo.resolve(".git/baton/worktree-sync"))).isFalse();
  }

  @Test
  void aRealLocalChangeToAPromotedFileStillStopsTheUpdate() throws Exception {
    ObjectId from = seed();
    write("envs/staging/values.yaml", "tag: \"2\"\n");
    git("commit", "-q", "-am", "Promote dev to staging");
    git("read-tree", from.name());
    write("envs/staging/values.yaml", "tag: \"1\"\n# mine\n");
    new WorkTreeJournal(repo.resolve(".git"), "refs/heads/main").begin(from);

    List<String> notices = open();

    assertThat(notices).singleElement().asString().contains("your local changes to")
        .contains("envs/staging/values.yaml");
    assertThat(Files.readString(repo.resolve("envs/staging/values.yaml"))).contains("# mine");
  }

  private ObjectId seed() throws Exception {
    git("init", "-q", "-b", "main");
    git("config", "user.email", "t@example.com");
    git("config", "user.name", "t");
    write("envs/staging/values.yaml", "tag: \"1\"\n");
    write("envs/dev/values.yaml", "tag: \"2\"\n");
    git("add", "-A");
    git("commit", "-q", "-m", "Seed");
    return ObjectId.fromString(git("rev-parse", "HEAD").trim());
  }

  private List<String> open() throws IOException {
    List<String> notices = new ArrayList<>();
    try (Repository repository = new FileRepositoryBuilder().setWorkTree(repo.toFile())
        .setGitDir(repo.resolve(".git").toFile()).build()) {
      WorkTreeUpdates.open(repository, "main", notices);
    }
    return notices;
  }

  private void write(String path, String text) throws IOException {
    Path file = repo.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private String git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("git %s: %s", String.join(" ", args), out).isZero();
    return out;
  }
}
