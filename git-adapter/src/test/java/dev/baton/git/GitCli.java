package dev.baton.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the real {@code git} command line, isolated from the machine's configuration, so tests can
 * set repositories up and check what JGit wrote the way a person would. Shared by the tests of
 * both ports. Thread-safe.
 */
public final class GitCli {

  /** What a git run produced. */
  public record Result(int exitCode, String out, String err) {
    public String trimmed() {
      return out.strip();
    }
  }

  private GitCli() {}

  /** Runs git in {@code dir} and fails the test unless it exits with 0; returns stdout. */
  public static String git(Path dir, String... args) {
    Result result = run(dir, null, args);
    if (result.exitCode() != 0) {
      throw new AssertionError("git " + String.join(" ", args) + " failed with "
          + result.exitCode() + ":\n" + result.err() + result.out());
    }
    return result.out();
  }

  /** Like {@link #git} but stripped of surrounding white space. */
  public static String gitLine(Path dir, String... args) {
    return git(dir, args).strip();
  }

  /** Runs git with the given stdin; fails unless it exits with 0. */
  public static String gitWithInput(Path dir, byte[] input, String... args) {
    Result result = run(dir, input, args);
    assertThat(result.exitCode()).as("git %s: %s", String.join(" ", args), result.err())
        .isZero();
    return result.out();
  }

  /** Runs git with text on stdin; fails unless it exits with 0; returns stdout stripped. */
  public static String gitIn(Path dir, String input, String... args) {
    return gitWithInput(dir, input.getBytes(StandardCharsets.UTF_8), args).strip();
  }

  /** Runs git with extra environment variables; fails unless it exits with 0; returns stripped. */
  public static String gitEnv(Path dir, Map<String, String> env, String... args) {
    Result result = run(dir, env, null, args);
    assertThat(result.exitCode()).as("git %s: %s", String.join(" ", args), result.err())
        .isZero();
    return result.trimmed();
  }

  /** Runs git and returns the outcome whatever it is. */
  public static Result run(Path dir, byte[] input, String... args) {
    return run(dir, Map.of(), input, args);
  }

  /** Runs git with extra environment variables and returns the outcome whatever it is. */
  public static Result run(Path dir, Map<String, String> extraEnv, byte[] input,
      String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.add("-C");
    command.add(dir.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    env.put("GIT_AUTHOR_NAME", "Tess Ter");
    env.put("GIT_AUTHOR_EMAIL", "tess@example.com");
    env.put("GIT_COMMITTER_NAME", "Tess Ter");
    env.put("GIT_COMMITTER_EMAIL", "tess@example.com");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.remove("GIT_DIR");
    env.remove("GIT_WORK_TREE");
    env.putAll(extraEnv);
    try {
      Process process = builder.start();
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process
          .getErrorStream()));
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process
          .getInputStream()));
      try (var stdin = process.getOutputStream()) {
        if (input != null) {
          stdin.write(input);
        }
      }
      int code = process.waitFor();
      return new Result(code, out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

  /** A new repository with branch main, bare or with a working tree. */
  public static Path init(Path dir, boolean bare) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (bare) {
      git(dir, "init", "-q", "--bare", "-b", "main");
    } else {
      git(dir, "init", "-q", "-b", "main");
    }
    return dir;
  }

  /** A new non-bare repository with one (empty) commit on its branch main. */
  public static Path initWithCommit(Path dir) {
    init(dir, false);
    git(dir, "commit", "-q", "--allow-empty", "-m", "initial");
    return dir;
  }

  /** A new bare repository with branch main. */
  public static Path initBare(Path dir) {
    return init(dir, true);
  }

  /** Writes files into a working tree (creating folders). */
  public static void write(Path worktree, Map<String, String> files) {
    files.forEach((path, content) -> writeBytes(worktree, path,
        content.getBytes(StandardCharsets.UTF_8)));
  }

  public static void writeBytes(Path worktree, String path, byte[] content) {
    try {
      Path file = worktree.resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stages everything and commits; returns the new commit id. */
  public static String commitAll(Path worktree, String message) {
    git(worktree, "add", "-A");
    git(worktree, "commit", "-q", "--allow-empty", "-m", message);
    return head(worktree, "HEAD");
  }

  /** Writes the files and commits them; returns the new commit id. */
  public static String commitFiles(Path worktree, Map<String, String> files, String message) {
    write(worktree, files);
    return commitAll(worktree, message);
  }

  /** The id a ref points at, or null if it does not exist. */
  public static String head(Path repo, String ref) {
    Result result = run(repo, null, "rev-parse", "--verify", "-q", ref);
    return result.exitCode() == 0 ? result.trimmed() : null;
  }

  /** Number of commits reachable from a ref. */
  public static int count(Path repo, String ref) {
    return Integer.parseInt(gitLine(repo, "rev-list", "--count", ref));
  }

  /** Loose plus packed objects: a refused write must not add any. */
  public static long objectCount(Path repo) {
    long total = 0;
    for (String line : git(repo, "count-objects", "-v").split("\n")) {
      if (line.startsWith("count:") || line.startsWith("in-pack:")) {
        total += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
      }
    }
    return total;
  }

  /** Asserts {@code git fsck --full --strict} finds nothing. */
  public static void assertFsckClean(Path repo) {
    Result result = run(repo, null, "fsck", "--full", "--strict", "--no-dangling");
    assertThat(result.exitCode()).as("fsck: %s%s", result.err(), result.out()).isZero();
    assertThat(result.err() + result.out()).as("fsck output").doesNotContain("error", "warning");
  }
}
