package dev.baton.git.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs the real {@code git} command line in a test repository. */
final class GitCli {
  private GitCli() {}

  /** The outcome of one git command. */
  record Result(int exitCode, String out, String err) {}

  /** Creates a non-bare repository with one commit on its main branch. */
  static Path initWithCommit(Path dir) {
    git(dir.getParent(), "init", "-q", "-b", "main", dir.toString());
    git(dir, "commit", "-q", "--allow-empty", "-m", "initial");
    return dir;
  }

  static Path initBare(Path dir) {
    git(dir.getParent(), "init", "-q", "--bare", dir.toString());
    return dir;
  }

  /** Runs git and returns its trimmed standard output; fails the test on a non-zero exit. */
  static String git(Path dir, String... args) {
    Result r = run(dir, null, args);
    assertThat(r.exitCode()).as("git %s failed: %s", String.join(" ", args), r.err())
        .isZero();
    return r.out().strip();
  }

  /** Runs git with {@code input} on standard input. */
  static String gitIn(Path dir, String input, String... args) {
    Result r = run(dir, input.getBytes(StandardCharsets.UTF_8), args);
    assertThat(r.exitCode()).as("git %s failed: %s", String.join(" ", args), r.err())
        .isZero();
    return r.out().strip();
  }

  static Result run(Path dir, byte[] input, String... args) {
    return run(dir, java.util.Map.of(), input, args);
  }

  /** Runs git with extra environment variables. */
  static String gitEnv(Path dir, java.util.Map<String, String> env, String... args) {
    Result r = run(dir, env, null, args);
    assertThat(r.exitCode()).as("git %s failed: %s", String.join(" ", args), r.err())
        .isZero();
    return r.out().strip();
  }

  static Result run(Path dir, java.util.Map<String, String> env, byte[] input,
      String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test",
        "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      CompletableFuture<String> err =
          CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
      try (OutputStream stdin = p.getOutputStream()) {
        if (input != null) {
          stdin.write(input);
        }
      }
      String out = drain(p.getInputStream());
      int code = p.waitFor();
      return new Result(code, out, err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String drain(InputStream in) {
    try {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      in.transferTo(buffer);
      return buffer.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
