package dev.baton.examples.shapes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A real Git repository on disk driven with the {@code git} command line, isolated from the
 * machine's configuration: the fixtures build repositories with it the way a team would, and the
 * tests read back what Baton committed the way a reviewer would ({@code git show --stat},
 * {@code git diff}).
 */
final class GitRepo {
  private final Path dir;

  private GitRepo(Path dir) {
    this.dir = dir;
  }

  /** A new repository with a working tree and branch {@code main}. */
  static GitRepo init(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    GitRepo repo = new GitRepo(dir);
    repo.git("init", "-q", "-b", "main");
    return repo;
  }

  Path dir() {
    return dir;
  }

  /** Writes a file of the working tree, creating its folders. */
  GitRepo write(String path, String content) {
    Path file = dir.resolve(path);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Stages everything and commits; returns the new commit id. */
  String commitAll(String message) {
    git("add", "-A");
    git("commit", "-q", "-m", message);
    return head();
  }

  /** The commit {@code main} points at (Baton writes into the object database, not the tree). */
  String head() {
    return git("rev-parse", "refs/heads/main").strip();
  }

  /** How many commits {@code main} has. */
  int commitCount() {
    return Integer.parseInt(git("rev-list", "--count", "refs/heads/main").strip());
  }

  /** The parent of a commit. */
  String parent(String commit) {
    return git("rev-parse", commit + "^").strip();
  }

  /** {@code git show --stat} of a commit, without the message: one line per file, then totals. */
  List<String> stat(String commit) {
    return git("show", "--stat=200", "--format=", commit).strip().lines().toList();
  }

  /** The text of a file at a commit. */
  String show(String commit, String path) {
    return git("show", commit + ":" + path);
  }

  /** Every file under a folder at a commit, relative to the repository root, sorted. */
  List<String> files(String commit, String folder) {
    return git("ls-tree", "-r", "--name-only", commit, "--", folder).lines().sorted().toList();
  }

  /** The raw unified diff between two commits, without context lines. */
  String diffText(String from, String to) {
    return git("diff", "--no-color", "--no-renames", "--unified=0", from, to);
  }

  /** The diff between two commits, parsed into the lines each file lost and gained. */
  Map<String, FileLines> diff(String from, String to) {
    Map<String, FileLines> out = new LinkedHashMap<>();
    FileLines current = null;
    for (String line : diffText(from, to).split("\n", -1)) {
      if (line.startsWith("diff --git ")) {
        String path = line.substring(line.lastIndexOf(" b/") + 3);
        current = new FileLines(new ArrayList<>(), new ArrayList<>());
        out.put(path, current);
      } else if (current == null || line.startsWith("--- ") || line.startsWith("+++ ")
          || line.startsWith("@@") || line.startsWith("\\")) {
        continue;
      } else if (line.startsWith("-")) {
        current.removed().add(line.substring(1));
      } else if (line.startsWith("+")) {
        current.added().add(line.substring(1));
      }
    }
    return out;
  }

  /** What one file of a diff lost and gained, in file order. */
  record FileLines(List<String> removed, List<String> added) {}

  /** Writes the whole tree of a commit into an empty folder (for tools that read files). */
  Path export(String commit, Path into) {
    try {
      Files.createDirectories(into);
      Path tar = Files.createTempFile(into.getParent(), "export", ".tar");
      git("archive", "--format=tar", "--output=" + tar, commit);
      Run.checked(into, List.of("tar", "-xf", tar.toString()));
      Files.delete(tar);
      return into;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs git here and fails the test unless it exits with 0; returns stdout. */
  String git(String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    return Run.checked(dir, command);
  }

  /** Runs a process with a clean Git identity and configuration. */
  static final class Run {
    private Run() {}

    /** The exit code, stdout and stderr of a finished process. */
    record Result(int exitCode, String out, String err) {}

    static String checked(Path dir, List<String> command) {
      Result result = run(dir, command);
      if (result.exitCode() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed with "
            + result.exitCode() + ":\n" + result.err() + result.out());
      }
      return result.out();
    }

    static Result run(Path dir, List<String> command) {
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
      Map<String, String> env = builder.environment();
      env.put("GIT_CONFIG_NOSYSTEM", "1");
      env.put("GIT_CONFIG_GLOBAL", "/dev/null");
      env.put("GIT_AUTHOR_NAME", "Platform Team");
      env.put("GIT_AUTHOR_EMAIL", "platform@example.com");
      env.put("GIT_COMMITTER_NAME", "Platform Team");
      env.put("GIT_COMMITTER_EMAIL", "platform@example.com");
      env.put("GIT_TERMINAL_PROMPT", "0");
      env.remove("GIT_DIR");
      env.remove("GIT_WORK_TREE");
      try {
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> err =
            CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        return new Result(process.waitFor(), out, err.join());
      } catch (IOException e) {
        return new Result(127, "", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    private static String read(InputStream stream) {
      try (stream) {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
