package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Baton;
import dev.baton.PromotionRequest;
import dev.baton.examples.SampleEnvironments;
import dev.baton.git.GitEnvironmentRepository;
import dev.baton.jdbc.PostgresStores;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import dev.baton.spi.Authorizer;
import dev.baton.spi.CommitStatusReporter;
import dev.baton.testkit.random.Seeds;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several engine instances in separate JVMs ({@link InstanceRacer}) on one PostgreSQL schema and
 * one bare Git remote, each with its own clone, racing to approve {@value #PROMOTIONS}
 * promotions (two approvals each, DIRECT deploys) while one of them is killed with {@code kill
 * -9} just after one of its deploys started: every promotion executes exactly once (one commit
 * with its {@code Promotion-Id} on the remote's branch, the one its release records; one deploy
 * start), and the survivors finish the killed instance's work through {@code recover}.
 *
 * <p>Seeded and replayable: the seed picks after which deploy start (of all instances) the
 * instance that started it dies, how long after that start, and each instance's order. Replay
 * with {@code -Dbaton.instances.seed=N} (or {@code BATON_INSTANCES_SEED}); a failure names its
 * seed.
 */
class SeveralInstancesIT extends CliTestBase {
  static final long BASE_SEED = 0x5E7E_4A1_1157L;
  static final int PROMOTIONS = 24;
  static final int INSTANCES = 3;
  private static final long LEASE_MILLIS = 1500;
  private static final long DEPLOY_MILLIS = 120;

  @Test
  void racingInstancesExecuteEveryPromotionOnceAndSurvivorsFinishTheKilledOnesWork()
      throws Exception {
    long seed = Optional.ofNullable(System.getProperty("baton.instances.seed"))
        .or(() -> Optional.ofNullable(System.getenv("BATON_INSTANCES_SEED")))
        .map(Long::parseLong).orElse(Seeds.caseSeed(BASE_SEED, 0));
    Random random = new Random(seed);
    String replay = " (seed " + seed + "; replay with -Dbaton.instances.seed=" + seed + ")";
    String schema = EmbeddedDatabase.freshSchema();
    String url = "jdbc:postgresql://localhost:" + EmbeddedDatabase.port() + "/postgres";
    Path remote = sharedRemote();
    List<String> ids = requestAll(url, schema, remote);
    Path log = tmp.resolve("deploys.log");

    int deploysBeforeKill = 1 + random.nextInt(PROMOTIONS / 3);
    long killDelayMillis = random.nextInt((int) (DEPLOY_MILLIS * 3 / 2));
    List<CliProcess.Running> racers = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      Path clone = tmp.resolve("instance-" + i);
      cli.git(tmp, "clone", "-q", remote.toString(), clone.toString()).ok();
      racers.add(start(List.of(url, schema, clone.toString(), "instance-" + i,
          Long.toString(random.nextLong()), log.toString(), Long.toString(LEASE_MILLIS),
          Long.toString(DEPLOY_MILLIS))));
    }

    int victim = killAfterDeploys(racers, log, deploysBeforeKill, killDelayMillis);
    CliProcess.Running killed = racers.get(victim);
    for (CliProcess.Running racer : racers) {
      if (racer == killed) {
        continue;
      }
      assertThat(racer.process().waitFor(120, TimeUnit.SECONDS))
          .as("a survivor finishes%s%n%s", replay, racer.printed()).isTrue();
      assertThat(racer.process().exitValue()).as("survivor's exit%s%n%s", replay,
          racer.printed()).isZero();
    }
    assertThat(killed.process().exitValue()).as("instance-%d was killed%s%n%s", victim, replay,
        killed.printed()).isEqualTo(137);

    Map<String, List<String>> commits = promotionCommits(remote);
    List<Deploy> deploys = deployLog(log);
    List<Promotion> stored = stored(url, schema);
    assertThat(stored).as("promotions" + replay).hasSize(PROMOTIONS);
    for (Promotion p : stored) {
      String id = p.id().value();
      String what = id + " " + p.status() + " " + p.release() + replay;
      assertThat(p.status()).as(what)
          .isIn(PromotionStatus.COMPLETED, PromotionStatus.PENDING_RELEASE);
      assertThat(p.claim()).as("claim left on " + what).isEmpty();
      assertThat(p.release()).as(what).isPresent();
      String release = p.release().get().id().value();
      assertThat(commits.getOrDefault(id, List.of())).as("commits of " + what)
          .containsExactly(p.release().get().revision().value());
      assertThat(deploys.stream().filter(d -> d.kind().equals("start")
          && d.promotion().equals(id))).as("deploy starts of " + what)
          .singleElement().satisfies(d -> assertThat(d.release()).isEqualTo(release));
      if (p.status() == PromotionStatus.COMPLETED) {
        assertThat(deploys.stream().filter(d -> d.kind().equals("end")
            && d.promotion().equals(id))).as("deploy ends of " + what).hasSize(1);
      }
    }
    assertThat(commits.keySet()).as("promotion commits" + replay)
        .containsExactlyInAnyOrderElementsOf(ids);
    cli.git(remote, "fsck", "--full", "--strict").ok();
    System.out.printf("several instances: seed %d, instance-%d killed %d ms after deploy start"
        + " %d; %d promotions, %d COMPLETED, %d PENDING_RELEASE%n", seed, victim,
        killDelayMillis, deploysBeforeKill, stored.size(),
        stored.stream().filter(p -> p.status() == PromotionStatus.COMPLETED).count(),
        stored.stream().filter(p -> p.status() == PromotionStatus.PENDING_RELEASE).count());
  }

  /**
   * The bare remote: a source environment and {@value #PROMOTIONS} targets in one repository
   * on {@code main}.
   */
  private Path sharedRemote() throws IOException {
    Path work = tmp.resolve("fleet");
    write(work, "src", "2.0.0");
    for (int i = 1; i <= PROMOTIONS; i++) {
      write(work, target(i), "1.0.0");
    }
    cli.git(tmp, "init", "-q", "-b", "main", work.toString()).ok();
    cli.git(work, "add", ".").ok();
    cli.git(work, "commit", "-qm", "the fleet: src runs 2.0.0, every target 1.0.0").ok();
    Path remote = tmp.resolve("remote.git");
    cli.git(tmp, "clone", "-q", "--bare", work.toString(), remote.toString()).ok();
    return remote;
  }

  private static void write(Path work, String environment, String version) throws IOException {
    for (Map.Entry<String, String> file
        : SampleEnvironments.environment(environment, version, 2).entrySet()) {
      Path path = work.resolve("envs").resolve(environment).resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
  }

  private static String target(int i) {
    return String.format("target-%02d", i);
  }

  /** Stores the pipeline (src → each target, two approvals) and requests every promotion. */
  private static List<String> requestAll(String url, String schema, Path remote) {
    StringBuilder yaml = new StringBuilder("project: fleet\nlayout: envs/{environment}\n"
        + "stages:\n  - environment: src\n");
    for (int i = 1; i <= PROMOTIONS; i++) {
      yaml.append("  - environment: ").append(target(i)).append('\n');
    }
    yaml.append("transitions:\n");
    for (int i = 1; i <= PROMOTIONS; i++) {
      yaml.append("  - from: src\n    to: ").append(target(i))
          .append("\n    requiredApprovals: 2\n");
    }
    UserId alice = UserId.of("alice@example.com");
    List<String> ids = new ArrayList<>();
    try (PostgresStores stores = PostgresStores.connect(url, "postgres", "postgres")
        .schema(schema).poolSize(2).open()) {
      try (GitEnvironmentRepository environments = GitEnvironmentRepository.builder()
          .repository(remote).branch("main").build();
          Baton engine = engine(stores, environments)) {
        engine.pipelines().replaceFromYaml(InstanceRacer.PROJECT, yaml.toString(), alice);
      }
      try (GitEnvironmentRepository environments = GitEnvironmentRepository.builder()
          .repository(remote).branch("main")
          .pipeline(stores.pipelines().find(InstanceRacer.PROJECT).orElseThrow()).build();
          Baton engine = engine(stores, environments)) {
        for (int i = 1; i <= PROMOTIONS; i++) {
          ids.add(engine.promotions().request(PromotionRequest.of("fleet", "src", target(i),
              alice.value()).withNotes("2.0.0 to " + target(i))).id().value());
        }
      }
    }
    return ids;
  }

  /** An engine of the set-up: it stores the pipeline and requests, and never deploys. */
  private static Baton engine(PostgresStores stores, GitEnvironmentRepository environments) {
    return Baton.builder().environments(environments)
        .promotionStore(stores.promotions()).pipelineStore(stores.pipelines())
        .freezeStore(stores.freezes()).authorizer(Authorizer.allowAll())
        .deployer(request -> {
          throw new AssertionError("the set-up never deploys");
        })
        .notifier(notification -> { }).commitStatusReporter(CommitStatusReporter.none())
        .build();
  }

  /** A line of the shared deploy log: {@code start|end PROMOTION RELEASE INSTANCE}. */
  record Deploy(String kind, String promotion, String release, String instance) {}

  private static List<Deploy> deployLog(Path log) throws IOException {
    if (!Files.exists(log)) {
      return List.of();
    }
    return Files.readAllLines(log).stream().map(l -> l.split(" ")).filter(f -> f.length == 4)
        .map(f -> new Deploy(f[0], f[1], f[2], f[3])).toList();
  }

  private CliProcess.Running start(List<String> arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
        "-cp", CliProcess.JAR.toAbsolutePath() + File.pathSeparator
            + Path.of(InstanceRacer.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()),
        InstanceRacer.class.getName()));
    command.addAll(arguments);
    Path out = Files.createTempFile(tmp, "racer-", ".out");
    Path err = Files.createTempFile(tmp, "racer-", ".err");
    Process process = new ProcessBuilder(command).directory(tmp.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    return new CliProcess.Running(command, process, out, err);
  }

  /**
   * Kills, {@code delayMillis} after the {@code deploys}-th deploy of all started, the instance
   * that started it (so the kill lands inside or just after an execution); answers its index.
   */
  private static int killAfterDeploys(List<CliProcess.Running> racers, Path log, int deploys,
      long delayMillis) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    List<Deploy> starts;
    while ((starts = deployLog(log).stream().filter(d -> d.kind().equals("start")).toList())
        .size() < deploys) {
      racers.get(0).process().waitFor(5, TimeUnit.MILLISECONDS); // a bounded poll
      assertThat(System.nanoTime()).as("%d deploys start", deploys).isLessThan(deadline);
    }
    String name = starts.get(deploys - 1).instance();
    int victim = Integer.parseInt(name.substring("instance-".length()));
    Process process = racers.get(victim).process();
    assertThat(process.waitFor(delayMillis, TimeUnit.MILLISECONDS))
        .as("%s ended before its kill%n%s", name, racers.get(victim).printed()).isFalse();
    process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally
    process.waitFor();
    return victim;
  }

  /** The commits on the remote's main by the Promotion-Id trailer they carry. */
  private Map<String, List<String>> promotionCommits(Path remote) {
    Map<String, List<String>> byPromotion = new HashMap<>();
    String log = cli.git(remote, "log", "--format=%H %(trailers:key=Promotion-Id,valueonly,"
        + "separator=%x20)", "main").ok().out();
    for (String line : log.lines().toList()) {
      String[] parts = line.trim().split(" ");
      for (int i = 1; i < parts.length; i++) {
        byPromotion.computeIfAbsent(parts[i], k -> new ArrayList<>()).add(parts[0]);
      }
    }
    return byPromotion;
  }

  private static List<Promotion> stored(String url, String schema) {
    try (PostgresStores stores = PostgresStores.connect(url, "postgres", "postgres")
        .schema(schema).poolSize(2).open()) {
      return stores.promotions().query(PromotionQuery.of(InstanceRacer.PROJECT)
          .withPage(0, 1000)).items();
    }
  }
}
