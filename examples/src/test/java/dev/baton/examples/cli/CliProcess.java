package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs the real {@code baton.jar} (and the {@code git} CLI) as processes, with an environment
 * that does not depend on the machine's git configuration: HOME is a folder of the build (shared
 * by the tests so that JGit probes the file system only once), there is no system git config, and
 * the author and committer come from GIT_AUTHOR_* and GIT_COMMITTER_*.
 */
final class CliProcess {
  static final Path JAR = Path.of(System.getProperty("baton.jar", "target/baton.jar"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger RUNS = new AtomicInteger();

  /** The home folder of every process the tests start. */
  static final Path HOME = JAR.toAbsolutePath().getParent().resolve("it-home");

  /**
   * The class-data-sharing archive {@code mvn package} made beside the jar for the launcher
   * (same JVM options as here), when it is whole and newer than the jar: every test JVM maps it,
   * as the launcher would, which cuts the suites' hundreds of JVM starts by a third. The JVM
   * ignores an archive that does not match the jar; logging is off so that it says nothing.
   */
  private static final List<String> BUILD_ARCHIVE = buildArchive();

  private final Path home = HOME;
  private final Path scratch;
  private final List<String> jvmOptions;

  /** What a process did. */
  record Result(List<String> command, int exit, String out, String err) {
    /** Asserts the exit code, showing everything the process printed when it differs. */
    Result exits(int expected) {
      assertThat(exit).as("exit code of %s%n--- stdout:%n%s%n--- stderr:%n%s", command, out, err)
          .isEqualTo(expected);
      return this;
    }

    /** Asserts success. */
    Result ok() {
      return exits(0);
    }

    /** stdout parsed as JSON. */
    JsonNode json() {
      return parse(command + " stdout", out);
    }

    /** stderr parsed as JSON (a refusal under --json). */
    JsonNode errJson() {
      return parse(command + " stderr", err);
    }

    private static JsonNode parse(String what, String text) {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        throw new AssertionError(what + " is not JSON:\n" + text, e);
      }
    }
  }

  /** A runner that keeps what the processes print in {@code scratch}. */
  CliProcess(Path scratch) {
    this(scratch, BUILD_ARCHIVE);
  }

  private CliProcess(Path scratch, List<String> jvmOptions) {
    this.scratch = scratch;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /**
   * A runner whose baton JVMs also get these options (for example an AppCDS archive, which
   * cuts the start of each JVM by a third in suites that start hundreds of them).
   */
  CliProcess withJvmOptions(String... options) {
    List<String> all = new ArrayList<>(jvmOptions);
    all.addAll(List.of(options));
    return new CliProcess(scratch, all);
  }

  private static List<String> buildArchive() {
    Path folder = JAR.toAbsolutePath().getParent();
    try (Stream<Path> files = Files.list(folder)) {
      FileTime jar = Files.getLastModifiedTime(JAR);
      List<Path> archives = files
          .filter(f -> f.getFileName().toString().matches("baton-.*-\\d+\\.jsa")).sorted().toList();
      for (Path archive : archives) {
        String name = archive.getFileName().toString();
        long named = Long.parseLong(name.substring(name.lastIndexOf('-') + 1, name.length() - 4));
        // A truncated archive can crash a JDK 17 JVM: use one only at the size its name says.
        if (Files.size(archive) == named
            && Files.getLastModifiedTime(archive).compareTo(jar) > 0) {
          return List.of("-Xlog:disable", "-XX:SharedArchiveFile=" + archive);
        }
      }
    } catch (IOException | RuntimeException e) {
      // No archive to use: the JVMs start without one, only slower.
    }
    return List.of();
  }

  /** Whether the JVMs of this runner map a class-data-sharing archive. */
  boolean mapsAnArchive() {
    return jvmOptions.stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
  }

  /** Runs {@code java -jar baton.jar args} in a folder. */
  Result baton(Path workingDirectory, String... args) {
    return run(workingDirectory, batonCommand(args), Map.of());
  }

  /** Runs {@code java -jar baton.jar args} in a folder with more environment variables. */
  Result baton(Path workingDirectory, Map<String, String> environment, String... args) {
    return run(workingDirectory, batonCommand(args), environment);
  }

  /** A baton process left running, for tests that kill it. */
  record Running(List<String> command, Process process, Path out, Path err) {
    /** Kills the process and everything it started. */
    void kill() throws InterruptedException {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor();
    }

    /** What it printed so far, for failure messages. */
    String printed() throws IOException {
      return "--- stdout:\n" + Files.readString(out) + "\n--- stderr:\n" + Files.readString(err);
    }
  }

  /** Starts {@code java -jar baton.jar args} in a folder without waiting for it. */
  Running start(Path workingDirectory, String... args) throws IOException {
    return start(workingDirectory, Map.of(), args);
  }

  /** {@link #start(Path, String...)} with more environment variables. */
  Running start(Path workingDirectory, Map<String, String> environment, String... args)
      throws IOException {
    List<String> command = batonCommand(args);
    int n = RUNS.incrementAndGet();
    Path out = scratch.resolve("out-" + n + ".txt");
    Path err = scratch.resolve("err-" + n + ".txt");
    Files.createDirectories(scratch.resolve("tmp"));
    Files.createDirectories(home);
    ProcessBuilder builder = builder(workingDirectory, command, out.toFile(), err.toFile());
    builder.environment().putAll(environment);
    return new Running(command, builder.start(), out, err);
  }

  private List<String> batonCommand(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // Faster start of a short-lived JVM; the CLI does little work per run.
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
        "-Duser.home=" + home, "-Djava.io.tmpdir=" + scratch.resolve("tmp")));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** Runs any command (the launcher script, for one) in a folder with more environment. */
  Result command(Path workingDirectory, Map<String, String> environment, String... command) {
    return run(workingDirectory, List.of(command), environment);
  }

  /** Runs {@code git args} in a folder. */
  Result git(Path workingDirectory, String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    return run(workingDirectory, command, Map.of());
  }

  private ProcessBuilder builder(Path workingDirectory, List<String> command, File out,
      File err) {
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workingDirectory.toFile())
        .redirectOutput(out)
        .redirectError(err)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = builder.environment();
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    // The machine may have a repository above the temporary folders.
    env.put("GIT_CEILING_DIRECTORIES", workingDirectory.toAbsolutePath().getParent().toString());
    env.put("GIT_AUTHOR_NAME", "Test Author");
    env.put("GIT_AUTHOR_EMAIL", "author@example.com");
    env.put("GIT_COMMITTER_NAME", "Test Committer");
    env.put("GIT_COMMITTER_EMAIL", "committer@example.com");
    env.remove("NO_COLOR");
    return builder;
  }

  private Result run(Path workingDirectory, List<String> command,
      Map<String, String> environment) {
    try {
      Files.createDirectories(workingDirectory);
      Files.createDirectories(home);
      Files.createDirectories(scratch.resolve("tmp"));
      int n = RUNS.incrementAndGet();
      File out = scratch.resolve("out-" + n + ".txt").toFile();
      File err = scratch.resolve("err-" + n + ".txt").toFile();
      ProcessBuilder builder = builder(workingDirectory, command, out, err);
      builder.environment().putAll(environment);
      Process process = builder.start();
      // A safety net against a hung process, not a timing assertion.
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish");
      }
      return new Result(command, process.exitValue(),
          Files.readString(out.toPath(), StandardCharsets.UTF_8),
          Files.readString(err.toPath(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
