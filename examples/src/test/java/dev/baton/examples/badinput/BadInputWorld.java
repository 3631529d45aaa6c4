package dev.baton.examples.badinput;

import dev.baton.Baton;
import dev.baton.PromotionRequest;
import dev.baton.examples.SampleEnvironments;
import dev.baton.git.GitEnvironmentRepository;
import dev.baton.git.state.GitStateStore;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.UserId;
import dev.baton.pipeline.PipelineYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Git repository on disk with Baton wired on it as an embedding application wires it
 * ({@link GitEnvironmentRepository} on branch {@code main}, {@link GitStateStore} on
 * {@code refs/baton/state}), holding the sample's three environments and pipeline (dev → staging
 * automatic, staging → production with two approvals that the requester may not give), one
 * promotion pending with bob's approval, and one completed. The {@code git} CLI builds it and
 * reads it back, isolated from the machine's configuration. Not thread-safe.
 */
public final class BadInputWorld implements AutoCloseable {
  /** The project. */
  public static final ProjectId SHOP = ProjectId.of("shop");
  /** Who stores pipelines. */
  public static final UserId PLATFORM = UserId.of("platform@example.com");
  /** Who requests. */
  public static final UserId ALICE = UserId.of("alice@example.com");
  /** Who approved the pending promotion once. */
  public static final UserId BOB = UserId.of("bob@example.com");
  /** A third person. */
  public static final UserId CAROL = UserId.of("carol@example.com");

  private final Path dir;
  private GitEnvironmentRepository environments;
  private GitStateStore state;
  private Baton baton;
  private PromotionId pending;
  private PromotionId completed;

  private BadInputWorld(Path dir) {
    this.dir = dir;
    git("init", "-q", "-b", "main");
    sample("dev", "1.4.0", 1);
    sample("staging", "1.3.2", 2);
    sample("production", "1.3.0", 4);
    commitAll("Sample environments");
  }

  /** Creates the repository in an empty folder, wires Baton and makes the two promotions. */
  public static BadInputWorld create(Path dir) {
    BadInputWorld world = new BadInputWorld(dir);
    world.open();
    Pipeline pipeline = PipelineYaml.parse(SHOP,
        SampleEnvironments.threeStagePipeline(SHOP.value()), "sample");
    world.baton.pipelines().replace(pipeline, PLATFORM);
    world.completed = world.baton.promotions().request(
        PromotionRequest.of("shop", "dev", "staging", "alice@example.com")).id();
    world.pending = world.baton.promotions().request(
        PromotionRequest.of("shop", "staging", "production", "alice@example.com")
            .withNotes("ship 1.3.2")).id();
    world.baton.promotions().approve(world.pending, BOB, "looks good");
    // Baton commits into main, not the work tree: bring the work tree to the new tip.
    world.git("reset", "-q", "--hard", "main");
    return world;
  }

  private void open() {
    environments = GitEnvironmentRepository.builder().repository(dir).branch("main")
        .committer("Baton", "baton@example.com").build();
    state = GitStateStore.builder(dir).committer("Baton", "baton@example.com").build();
    baton = Baton.builder().environments(environments).promotionStore(state)
        .pipelineStore(state).freezeStore(state).build();
  }

  /** The engine. */
  public Baton baton() {
    return baton;
  }

  /** The repository folder. */
  public Path dir() {
    return dir;
  }

  /** The promotion pending approval (requested by alice, approved once by bob). */
  public PromotionId pending() {
    return pending;
  }

  /** The completed promotion dev → staging. */
  public PromotionId completed() {
    return completed;
  }

  /**
   * Everything a refused call must leave as it was, as text: every ref and what it points at,
   * the work tree's status, lock files in the Git folder, and both promotions as the store
   * reads them (a refusal must not leave the store unreadable either).
   */
  public String snapshot() {
    StringBuilder s = new StringBuilder();
    s.append(git("for-each-ref", "--format=%(objectname) %(refname)"));
    s.append("--- status\n").append(git("status", "--porcelain=v1", "--untracked-files=all"));
    s.append("--- locks\n");
    try (Stream<Path> files = Files.walk(dir.resolve(".git"))) {
      files.filter(f -> f.getFileName().toString().endsWith(".lock"))
          .forEach(f -> s.append(dir.relativize(f)).append('\n'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    s.append("--- store\n").append(baton.promotions().get(pending)).append('\n')
        .append(baton.promotions().get(completed)).append('\n')
        .append(baton.pipelines().get(SHOP)).append('\n');
    return s.toString();
  }

  /**
   * Commits files into an environment folder on main (through the work tree, as a person
   * would); {@link #resetEnvironments()} takes them away again.
   */
  public void commitFiles(Map<String, byte[]> files) {
    files.forEach((path, bytes) -> {
      try {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    commitAll("Hostile files");
  }

  /** Commits a file holding text. */
  public void commitText(String path, String text) {
    commitFiles(Map.of(path, text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Commits one file straight into the index, past Git's own checks of names that some file
   * system reads as {@code .git} (a hostile clone need not have them), then clears the work tree.
   */
  public void commitIndexEntry(String path, String text) {
    String blob = gitWithInput(text, "hash-object", "-w", "--stdin").strip();
    git("-c", "core.protectNTFS=false", "-c", "core.protectHFS=false", "update-index", "--add",
        "--cacheinfo", "100644," + blob + "," + path);
    git("commit", "-q", "-m", "Look-alike name");
  }

  /** Puts main and the work tree back where the world's promotions left them. */
  public void resetEnvironments() {
    git("-c", "core.protectNTFS=false", "-c", "core.protectHFS=false", "reset", "-q", "--hard",
        "refs/test/reset-point");
    git("clean", "-q", "-fdx");
  }

  /** Remembers the current tip of main as the point {@link #resetEnvironments()} returns to. */
  void markResetPoint() {
    git("update-ref", "refs/test/reset-point", "main");
  }

  @Override
  public void close() {
    baton.close();
    state.close();
    environments.close();
  }

  private void sample(String env, String version, int replicas) {
    SampleEnvironments.environment(env, version, replicas)
        .forEach((path, content) -> write("envs/" + env + "/" + path, content));
  }

  private void write(String path, String content) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String commitAll(String message) {
    git("add", "-A");
    git("commit", "-q", "-m", message);
    return git("rev-parse", "HEAD").strip();
  }

  /** Runs git in the repository, isolated from the machine's configuration; fails on non-zero. */
  public String git(String... args) {
    return gitWithInput(null, args);
  }

  private String gitWithInput(String input, String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    try {
      Files.createDirectories(dir);
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
          .redirectErrorStream(true);
      Map<String, String> env = builder.environment();
      env.put("HOME", dir.getParent().toString());
      env.put("XDG_CONFIG_HOME", dir.getParent().resolve(".config").toString());
      env.put("GIT_CONFIG_NOSYSTEM", "1");
      env.put("GIT_CEILING_DIRECTORIES", dir.getParent().toString());
      env.put("GIT_AUTHOR_NAME", "Test Author");
      env.put("GIT_AUTHOR_EMAIL", "author@example.com");
      env.put("GIT_COMMITTER_NAME", "Test Committer");
      env.put("GIT_COMMITTER_EMAIL", "committer@example.com");
      if (input == null) {
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      }
      Process process = builder.start();
      if (input != null) {
        try (var in = process.getOutputStream()) {
          in.write(input.getBytes(StandardCharsets.UTF_8));
        }
      }
      CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
        try {
          return process.getInputStream().readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish");
      }
      String text = new String(out.join(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new AssertionError(command + " failed (" + process.exitValue() + "):\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
