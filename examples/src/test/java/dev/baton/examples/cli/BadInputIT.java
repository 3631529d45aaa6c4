package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.http.json.JsonView;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command-line half of the bad-input suite: every case of {@link BadInputCliCases} and
 * {@link BadInputCliFiles} against one sample repository holding a pending promotion (approved
 * once by bob) and a completed one. Each must end with its exit code, and a refusal with its
 * code (in-process cases read {@code --json}'s {@code error.code}; real processes read the
 * {@code refused: CODE (HTTP n)} line people see), without a stack trace; and every ref, the
 * work tree's status, the lock files and Baton's files in the Git folder must be byte-identical
 * before and after.
 *
 * <p>Most cases run {@link BatonCli#run} in this JVM (the same code as the jar, without a JVM
 * start per case); the cases marked as processes run {@code java -jar baton.jar}.
 */
class BadInputIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path tmp;
  static CliProcess cli;
  static Path repo;
  static Path files;
  static String pending;
  static String completed;

  @BeforeAll
  static void sample() throws IOException {
    cli = new CliProcess(tmp.resolve("output"));
    repo = tmp.resolve("shop");
    files = tmp.resolve("files");
    Files.createDirectories(files);
    for (Map.Entry<String, byte[]> f : BadInputCliFiles.files().entrySet()) {
      Files.write(files.resolve(f.getKey()), f.getValue());
    }
    cli.baton(tmp, "init", repo.toString()).ok();
    completed = cli.baton(repo, "--json", "--as", "alice@example.com", "request", "--from",
        "dev", "--to", "staging").ok().json().get("id").asText();
    pending = cli.baton(repo, "--json", "--as", "alice@example.com", "request", "--from",
        "staging", "--to", "production", "--notes", "ship it").ok().json().get("id").asText();
    cli.baton(repo, "--as", "bob@example.com", "approve", pending).ok();
    cli.git(repo, "update-ref", "refs/test/reset-point", "HEAD").ok();
  }

  static Stream<CliCase> cases() {
    return Stream.concat(BadInputCliCases.all().stream(), BadInputCliFiles.all().stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void endsWithItsCodeAndNothingMoves(CliCase bad) throws IOException {
    if (!bad.commit().isEmpty()) {
      commit(bad.commit());
    }
    try {
      String before = snapshot();
      List<String> args = new ArrayList<>();
      if (!bad.args().contains("--repo")) {
        args.addAll(List.of("--repo", repo.toString()));
      }
      if (!bad.process()) {
        args.add("--json");
      }
      bad.args().forEach(a -> args.add(a.replace("{pending}", pending)
          .replace("{completed}", completed).replace("{repo}", repo.toString())
          .replaceAll("\\{file:([^}]+)}", files.toString().replace("\\", "\\\\") + "/$1")));

      CliProcess.Result result = bad.process()
          ? cli.baton(tmp, args.toArray(String[]::new))
          : inProcess(args);

      result.exits(bad.exit());
      assertThat(result.err()).as(bad.toString()).isNotBlank().doesNotContain("\tat ");
      if (bad.code() != null && bad.process()) {
        assertThat(result.err()).as(bad.toString()).startsWith("refused: " + bad.code() + " (HTTP");
      } else if (bad.code() != null) {
        JsonNode refusal = JSON.readTree(result.err()).path("error");
        assertThat(refusal.path("code").asText()).as(bad + ": " + result.err())
            .isEqualTo(bad.code());
      } else if (!bad.process()) {
        JsonNode usage = JSON.readTree(result.err()).path("error");
        assertThat(usage.path("code").asText()).as(bad + ": " + result.err())
            .isEqualTo(JsonView.USAGE);
      }
      assertThat(snapshot()).as(bad.toString()).isEqualTo(before);
    } finally {
      if (!bad.commit().isEmpty()) {
        cli.git(repo, "reset", "-q", "--hard", "refs/test/reset-point").ok();
      }
    }
  }

  private static CliProcess.Result inProcess(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = BatonCli.run(new PrintWriter(out), new PrintWriter(err),
        args.toArray(String[]::new));
    return new CliProcess.Result(args, exit, out.toString(), err.toString());
  }

  private static void commit(Map<String, byte[]> content) throws IOException {
    for (Map.Entry<String, byte[]> f : content.entrySet()) {
      Path file = repo.resolve(f.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, f.getValue());
    }
    cli.git(repo, "add", "-A").ok();
    cli.git(repo, "commit", "-q", "-m", "Bad input").ok();
  }

  /**
   * Every ref and its commit, the work tree's status, lock files anywhere in the Git folder,
   * and the size of each file Baton keeps there (notifications, the work-tree journal).
   */
  private static String snapshot() throws IOException {
    StringBuilder s = new StringBuilder();
    s.append(cli.git(repo, "for-each-ref", "--format=%(objectname) %(refname)").ok().out());
    s.append("--- status\n");
    s.append(cli.git(repo, "status", "--porcelain=v1", "--untracked-files=all").ok().out());
    s.append("--- git folder\n");
    Path git = repo.resolve(".git");
    try (Stream<Path> all = Files.walk(git)) {
      all.filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(".lock") || git.relativize(f).startsWith("baton"))
          .sorted()
          .forEach(f -> s.append(git.relativize(f)).append(' ').append(size(f)).append('\n'));
    }
    return s.toString();
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
