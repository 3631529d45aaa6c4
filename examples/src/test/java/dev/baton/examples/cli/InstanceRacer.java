package dev.baton.examples.cli;

import dev.baton.Baton;
import dev.baton.error.BatonException;
import dev.baton.git.GitEnvironmentRepository;
import dev.baton.jdbc.PostgresStores;
import dev.baton.model.DeployResult;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import dev.baton.spi.Authorizer;
import dev.baton.spi.CommitStatusReporter;
import dev.baton.spi.Deployer;
import dev.baton.spi.PromotionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One engine instance of {@link SeveralInstancesIT}, run as a JVM of its own: a {@link Baton} on
 * the shared PostgreSQL schema and on its own clone of the shared bare remote (fetching before
 * and pushing after every write), approving every pending promotion of the project in a seeded
 * random order as {@code NAME@example.com} and calling {@code recover} between rounds, until no
 * promotion waits for approval or execution. Its deployer appends {@code start PROMOTION RELEASE
 * NAME} and {@code end ...} to a log shared by all instances, sleeping in between, so that the
 * test can kill it mid-deploy.
 *
 * <p>Arguments: JDBC_URL SCHEMA CLONE NAME SEED DEPLOY_LOG LEASE_MILLIS DEPLOY_MILLIS.
 */
final class InstanceRacer {
  /** The project every promotion of the test belongs to. */
  static final ProjectId PROJECT = ProjectId.of("fleet");

  private InstanceRacer() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String schema = args[1];
    Path clone = Path.of(args[2]);
    String name = args[3];
    Random random = new Random(Long.parseLong(args[4]));
    Path log = Path.of(args[5]);
    Duration lease = Duration.ofMillis(Long.parseLong(args[6]));
    long deployMillis = Long.parseLong(args[7]);
    try (PostgresStores stores = PostgresStores.connect(url, "postgres", "postgres")
        .schema(schema).poolSize(4).open()) {
      Pipeline pipeline = stores.pipelines().find(PROJECT).orElseThrow();
      try (GitEnvironmentRepository environments = GitEnvironmentRepository.builder()
          .repository(clone.resolve(".git")).branch("main").pipeline(pipeline).remote("origin")
          .build();
          Baton baton = Baton.builder()
              .instanceId(name)
              .environments(environments)
              .promotionStore(stores.promotions())
              .pipelineStore(stores.pipelines())
              .freezeStore(stores.freezes())
              .deployer(deployer(log, name, deployMillis))
              .notifier(notification -> { })
              .commitStatusReporter(CommitStatusReporter.none())
              .authorizer(Authorizer.allowAll())
              .claimLease(lease)
              .build()) {
        race(baton, stores.promotions(), UserId.of(name + "@example.com"), random, lease);
      }
    }
    System.out.println(name + " done");
  }

  private static void race(Baton baton, PromotionStore store, UserId me, Random random,
      Duration lease) throws InterruptedException {
    while (true) {
      List<Promotion> pending = new ArrayList<>(store.query(PromotionQuery.of(PROJECT)
          .withStatuses(Set.of(PromotionStatus.PENDING_APPROVAL)).withPage(0, 1000)).items());
      Collections.shuffle(pending, random);
      for (Promotion p : pending) {
        if (p.decisions().stream().anyMatch(d -> d.by().equals(me))) {
          continue;
        }
        try {
          Promotion after = baton.promotions().approve(p.id(), me, "racing");
          System.out.println("approved " + p.id() + " -> " + after.status());
        } catch (BatonException e) {
          // Another instance got there first, or holds the execution: both are expected.
          System.out.println("approve " + p.id() + " refused: " + e.code());
        }
      }
      for (Promotion p : baton.promotions().recover(lease)) {
        System.out.println("recovered " + p.id() + " -> " + p.status());
      }
      long open = store.query(PromotionQuery.of(PROJECT)
          .withStatuses(Set.of(PromotionStatus.PENDING_APPROVAL)).withPage(0, 1)).total()
          + store.query(PromotionQuery.executing().withPage(0, 1)).total();
      if (open == 0) {
        return;
      }
      // A separate process polling shared state: wait a little before the next round.
      Thread.sleep(20 + random.nextInt(40));
    }
  }

  private static Deployer deployer(Path log, String name, long deployMillis) {
    return request -> {
      String line = request.promotion().value() + " " + request.release().value() + " " + name;
      append(log, "start " + line);
      try {
        Thread.sleep(deployMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return DeployResult.failed("interrupted");
      }
      append(log, "end " + line);
      return DeployResult.ok("deployed by " + name);
    };
  }

  /** One short write in append mode: lines of several processes do not interleave. */
  private static void append(Path log, String line) {
    try {
      Files.write(log, (line + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
