package dev.baton.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.examples.cli.CrashPlan.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sample repositories the crash trials start from, made once with the real CLI and copied
 * per trial (a copy costs milliseconds, a {@code baton init} plus approvals several JVM starts).
 * Each lives in {@code <folder>/shop}; its deploy commands run {@code sh ../deploy.sh}, a script
 * in the folder beside it that appends {@code start PROMOTION RELEASE TOKEN} to
 * {@code ../deploys.log}, sleeps, and appends {@code end ...}.
 *
 * <ul>
 *   <li>fresh: {@code baton init}; dev → staging (automatic, deploy DIRECT) is ready to request;
 *   <li>approve: staging → production requested by alice and approved by bob (1 of 2);
 *   <li>deploy: the same approved by carol too: PENDING_RELEASE, waiting for a manual deploy.
 * </ul>
 *
 * <p>Making them also times each operation once, unkilled: the trials kill at a share of that.
 * Not thread-safe.
 */
final class CrashRepos {
  static final String REQUESTER = "alice@example.com";
  static final String DEPLOY_YAML = """
      # The crash suite's deploy command: it logs its start and end beside the repository.
      dev: 'sh ../deploy.sh'
      staging: 'sh ../deploy.sh'
      production: 'sh ../deploy.sh'
      """;

  private final CliProcess cli;
  private final Path fresh;
  private final Path approve;
  private final Path deploy;
  private final String productionId;
  private final Map<Operation, Long> runningMillis = new EnumMap<>(Operation.class);

  private CrashRepos(CliProcess cli, Path fresh, Path approve, Path deploy, String productionId) {
    this.cli = cli;
    this.fresh = fresh;
    this.approve = approve;
    this.deploy = deploy;
    this.productionId = productionId;
  }

  /**
   * Makes the three samples under {@code folder} and times request, approve and deploy. The
   * runner of {@link #cli()} maps the classes of a request from an AppCDS archive made here.
   */
  static CrashRepos make(CliProcess plain, Path folder) {
    Path fresh = folder.resolve("fresh");
    plain.baton(folder, "init", fresh.resolve("shop").toString()).ok();
    writeDeployScript(fresh, 0);
    write(fresh.resolve("shop/.baton/deploy.yaml"), DEPLOY_YAML);
    plain.git(fresh.resolve("shop"), "commit", "-qam", "deploy commands that log their starts")
        .ok();
    CliProcess cli = archived(plain, fresh, folder);

    Path approve = copy(fresh, folder.resolve("approve"));
    String id = cli.baton(approve.resolve("shop"), "--as", REQUESTER, "--json", "request",
        "--from", "staging", "--to", "production").ok().json().get("id").asText();
    cli.baton(approve.resolve("shop"), "--as", "bob@example.com", "approve", id).ok();

    Path deploy = copy(approve, folder.resolve("deploy"));
    CrashRepos repos = new CrashRepos(cli, fresh, approve, deploy, id);
    long start = System.nanoTime();
    JsonNode released = cli.baton(deploy.resolve("shop"), "--json", "--as",
        "carol@example.com", "approve", id).ok().json();
    repos.runningMillis.put(Operation.APPROVE, (System.nanoTime() - start) / 1_000_000);
    if (!"PENDING_RELEASE".equals(released.get("status").asText())) {
      throw new AssertionError("the deploy sample is not PENDING_RELEASE: " + released);
    }
    repos.runningMillis.put(Operation.REQUEST,
        repos.timed(copy(fresh, folder.resolve("time-request")), Operation.REQUEST));
    repos.runningMillis.put(Operation.DEPLOY,
        repos.timed(copy(deploy, folder.resolve("time-deploy")), Operation.DEPLOY));
    // A recover that finishes a killed execution does about what a request does.
    repos.runningMillis.put(Operation.RECOVER, repos.runningMillis.get(Operation.REQUEST));
    return repos;
  }

  /** The runner the trials start baton with. */
  CliProcess cli() {
    return cli;
  }

  /** How long the operation ran unkilled on this machine (without the deploy's sleep). */
  long runningMillis(Operation operation) {
    return runningMillis.get(operation);
  }

  /** The promotion staging → production of the approve and deploy samples. */
  String productionId() {
    return productionId;
  }

  /** A copy of the sample an operation starts from, with a deploy script that sleeps so long. */
  Path trial(Operation operation, Path folder, int deploySleepMillis) {
    Path copied = copy(switch (operation) {
      case REQUEST, RECOVER -> fresh;
      case APPROVE -> approve;
      case DEPLOY -> deploy;
    }, folder);
    writeDeployScript(copied, deploySleepMillis);
    return copied;
  }

  /** The baton arguments of an operation. */
  List<String> arguments(Operation operation) {
    return switch (operation) {
      case REQUEST -> List.of("--as", REQUESTER, "request", "--from", "dev", "--to", "staging");
      case APPROVE -> List.of("--as", "carol@example.com", "approve", productionId);
      case DEPLOY -> List.of("--as", "dave@example.com", "deploy", productionId);
      case RECOVER -> List.of("recover", "--older-than", "0s");
    };
  }

  /**
   * A runner with an AppCDS archive of the classes a request loads: each trial starts four or
   * more JVMs, and mapping the classes saves a third of each start. The runner's own (the
   * build's archive) when it has one; without an archive (a JVM that cannot write one) the plain
   * runner.
   */
  private static CliProcess archived(CliProcess plain, Path fresh, Path folder) {
    if (plain.mapsAnArchive()) {
      return plain; // the build's archive, made for the launcher, serves as well
    }
    Path archive = folder.resolve("baton.jsa");
    Path scratch = copy(fresh, folder.resolve("archive"));
    plain.withJvmOptions("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:disable")
        .baton(scratch.resolve("shop"), "--as", REQUESTER, "request", "--from", "dev", "--to",
            "staging").ok();
    return Files.isRegularFile(archive)
        ? plain.withJvmOptions("-XX:SharedArchiveFile=" + archive, "-Xlog:disable") : plain;
  }

  private long timed(Path folder, Operation operation) {
    long start = System.nanoTime();
    cli.baton(folder.resolve("shop"), arguments(operation).toArray(String[]::new)).ok();
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void writeDeployScript(Path folder, int sleepMillis) {
    write(folder.resolve("deploy.sh"), """
        log="$(dirname "$0")/deploys.log"
        line="$BATON_PROMOTION $BATON_RELEASE ${BATON_FENCING_TOKEN:-}"
        echo "start $line" >> "$log"
        sleep %d.%03d
        echo "end $line" >> "$log"
        echo "deployed $BATON_RELEASE"
        """.formatted(sleepMillis / 1000, sleepMillis % 1000));
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a folder tree, keeping file times (so that git sees an up-to-date index). */
  static Path copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException("copying " + from + " to " + to, e);
    }
  }
}
