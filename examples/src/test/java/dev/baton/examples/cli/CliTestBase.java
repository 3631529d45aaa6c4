package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Shared set-up of the integration tests: a temporary folder, the sample repository. */
abstract class CliTestBase {
  private static final Pattern PROMOTION_ID = Pattern.compile("p-[0-9a-f-]{36}");
  private static final Pattern SERVED_AT =
      Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+)/api/v2/");

  @TempDir
  Path tmp;

  CliProcess cli;
  Path repo;

  @BeforeEach
  void runner() {
    cli = new CliProcess(tmp.resolve("output"));
    repo = tmp.resolve("shop");
  }

  /** Creates the sample repository in {@link #repo}. */
  void init() {
    cli.baton(tmp, "init", repo.toString()).ok();
  }

  /** Runs baton in the sample repository. */
  CliProcess.Result baton(String... args) {
    return cli.baton(repo, args);
  }

  /** Runs git in the sample repository. */
  CliProcess.Result git(String... args) {
    return cli.git(repo, args);
  }

  /** Runs baton in the sample repository as a user. */
  CliProcess.Result as(String user, String... args) {
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--as";
    all[args.length + 1] = user;
    return cli.baton(repo, all);
  }

  /** Where a started {@code baton serve} answers, read from its stderr once it says. */
  static String servedAt(CliProcess.Running serve) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      Matcher m = SERVED_AT.matcher(Files.readString(serve.err()));
      if (m.find()) {
        return m.group(1);
      }
      assertThat(serve.process().isAlive()).as(serve.printed()).isTrue();
      Thread.sleep(50); // polling a file another process writes; no event to wait on
    }
    throw new AssertionError("no URL on stderr within 60 s:\n" + serve.printed());
  }

  /** The first full promotion id in the text. */
  static String promotionId(String text) {
    Matcher m = PROMOTION_ID.matcher(text);
    assertThat(m.find()).as("a promotion id in:%n%s", text).isTrue();
    return m.group();
  }

  /** Requests staging → production as alice and returns the full id. */
  String requestToProduction(String notes) {
    return as("alice@example.com", "--json", "request", "--from", "staging", "--to",
        "production", "--notes", notes).ok().json().get("id").asText();
  }

  /** How many commits on {@code main} carry the promotion's {@code Promotion-Id:} trailer. */
  long commitsOf(String id) {
    return git("log", "--format=%(trailers:key=Promotion-Id,valueonly)", "main").ok().out()
        .lines().filter(id::equals).count();
  }

  /** The path of a promotion's file on the state ref. */
  String statePath(String id) {
    List<String> files = git("ls-tree", "-r", "--name-only", "refs/baton/state").ok().out()
        .lines().filter(l -> l.endsWith("/" + id + ".json")).toList();
    assertThat(files).hasSize(1);
    return files.get(0);
  }
}
