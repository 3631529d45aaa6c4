package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.memory.InMemoryDeployer;
import dev.baton.memory.InMemoryEnvironmentRepository;
import dev.baton.memory.InMemoryNotifier;
import dev.baton.memory.InMemoryPromotionStore;
import dev.baton.model.DeployState;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionStatus;
import dev.baton.spi.CommitStatusReporter;
import dev.baton.spi.Deployer;
import dev.baton.spi.ForwardingEnvironmentRepository;
import dev.baton.spi.ForwardingPromotionStore;
import dev.baton.spi.Notifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The builder's defaults for the side-effect ports do nothing, and an engine wired to real state
 * says so: one warning per port left at its default, each time an engine is built. The warnings
 * are read from what the real SLF4J provider of the tests (slf4j-simple, writing to
 * {@code System.err} as it finds it at each call) prints.
 */
class SideEffectDefaultsTest {

  /** A store that is not the in-memory one, as a durable store would be. */
  private static ForwardingPromotionStore durableStore() {
    return new ForwardingPromotionStore(new InMemoryPromotionStore()) { };
  }

  /** An environment repository that is not the in-memory one, as a Git repository would be. */
  private static ForwardingEnvironmentRepository gitLikeRepository() {
    return new ForwardingEnvironmentRepository(new InMemoryEnvironmentRepository()) { };
  }

  @Test
  void anEngineOnARealStoreWarnsOnceForEachSideEffectPortLeftAtItsDefault() {
    List<String> warnings = warningsWhile(() -> Baton.builder().promotionStore(durableStore())
        .instanceId("engine-w").build());

    assertThat(warnings).hasSize(3);
    assertThat(warnings).filteredOn(w -> w.contains("has no deployer")).singleElement()
        .satisfies(w -> assertThat(w).contains("engine-w", "deployed nowhere",
            "Baton.builder().deployer(Deployer)"));
    assertThat(warnings).filteredOn(w -> w.contains("has no notifier")).singleElement()
        .satisfies(w -> assertThat(w).contains("reach nobody",
            "Baton.builder().notifier(Notifier)"));
    assertThat(warnings).filteredOn(w -> w.contains("has no commit status reporter"))
        .singleElement().satisfies(w -> assertThat(w).contains(
            "Baton.builder().commitStatusReporter(CommitStatusReporter)"));
  }

  @Test
  void eachBuildWarnsAgainAndASetPortIsNotWarnedAbout() {
    List<String> warnings = warningsWhile(() -> {
      Baton.builder().environments(gitLikeRepository()).deployer(new InMemoryDeployer()).build()
          .close();
      return Baton.builder().environments(gitLikeRepository()).deployer(new InMemoryDeployer())
          .build();
    });

    assertThat(warnings).hasSize(4).noneMatch(w -> w.contains("has no deployer"));
    assertThat(warnings).filteredOn(w -> w.contains("has no notifier")).hasSize(2);
  }

  @Test
  void anEngineWithEverySideEffectSetOrOnInMemoryStateIsQuiet() {
    assertThat(warningsWhile(() -> Baton.builder().promotionStore(durableStore())
        .deployer(new InMemoryDeployer()).notifier(new InMemoryNotifier())
        .commitStatusReporter(CommitStatusReporter.none()).build())).isEmpty();
    assertThat(warningsWhile(Baton::inMemory)).isEmpty();
    assertThat(warningsWhile(() -> Baton.builder().promotionStore(new InMemoryPromotionStore())
        .environments(new InMemoryEnvironmentRepository()).build())).isEmpty();
  }

  @Test
  void theDefaultDeployerDeploysNothingAndSaysSo() {
    try (World world = World.create()) {
      Baton defaults = Baton.builder().promotionStore(world.store)
          .pipelineStore(world.pipelines).environments(world.environments)
          .freezeStore(world.freezes).clock(world.clock).ids(world.ids).build();
      try (defaults) {
        Promotion p = defaults.promotions().request(PromotionRequest.of("shop", "dev", "staging",
            "alice"));

        assertThat(p.status()).isEqualTo(PromotionStatus.COMPLETED);
        assertThat(p.release().orElseThrow().deployState()).isEqualTo(DeployState.DEPLOYED);
        assertThat(p.release().orElseThrow().deployMessage())
            .startsWith("nothing deployed: no deployer is set");
        assertThat(world.inMemoryDeployer().requests()).isEmpty();
      }
    }
  }

  @Test
  void portsThatDoNothingOnPurposeAreQuietAndSaySoInTheRelease() {
    try (World world = World.create()) {
      List<String> warnings = warningsWhile(() -> Baton.builder().promotionStore(durableStore())
          .deployer(Deployer.gitOpsController()).notifier(Notifier.none())
          .commitStatusReporter(CommitStatusReporter.none()).build());
      assertThat(warnings).isEmpty();

      Baton engine = Baton.builder().promotionStore(world.store).pipelineStore(world.pipelines)
          .environments(world.environments).freezeStore(world.freezes).clock(world.clock)
          .ids(world.ids).deployer(Deployer.gitOpsController()).notifier(Notifier.none()).build();
      try (engine) {
        Promotion p = engine.promotions().request(PromotionRequest.of("shop", "dev", "staging",
            "alice"));

        assertThat(p.release().orElseThrow().deployState()).isEqualTo(DeployState.DEPLOYED);
        assertThat(p.release().orElseThrow().deployMessage())
            .startsWith("written to staging at ").endsWith("; the GitOps controller deploys it");
      }
    }
  }

  /** The WARN lines slf4j-simple prints for {@link Baton} while {@code build} runs. */
  private static List<String> warningsWhile(Supplier<Baton> build) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      build.get().close();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8).lines()
        .filter(line -> line.contains(" WARN " + Baton.class.getName() + " - "))
        .toList();
  }
}
