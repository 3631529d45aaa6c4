package dev.baton;

import dev.baton.memory.InMemoryDeployer;
import dev.baton.memory.InMemoryEnvironmentRepository;
import dev.baton.memory.InMemoryFreezeStore;
import dev.baton.memory.InMemoryNotifier;
import dev.baton.memory.InMemoryPipelineStore;
import dev.baton.memory.InMemoryPromotionStore;
import dev.baton.memory.SequentialIdGenerator;
import dev.baton.model.Delivery;
import dev.baton.model.DeliveryStatus;
import dev.baton.model.DeployPolicy;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.Promotion;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;
import dev.baton.model.UserId;
import dev.baton.spi.Deployer;
import dev.baton.spi.EnvironmentRepository;
import dev.baton.spi.ForwardingEnvironmentRepository;
import dev.baton.spi.Notifier;
import dev.baton.spi.PromotionStore;
import dev.baton.testkit.MutableClock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A complete engine on in-memory ports with a controllable clock and sequential ids, seeded with
 * the seed design's four environments and pipeline. Tests reach into the ports to check effects.
 */
final class World implements AutoCloseable {
  static final ProjectId SHOP = ProjectId.of("shop");
  static final EnvironmentName DEV = EnvironmentName.of("dev");
  static final EnvironmentName QA = EnvironmentName.of("qa");
  static final EnvironmentName STAGING = EnvironmentName.of("staging");
  static final EnvironmentName PRODUCTION = EnvironmentName.of("production");
  static final UserId ALICE = UserId.of("alice");
  static final UserId BOB = UserId.of("bob");
  static final UserId CAROL = UserId.of("carol");
  static final UserId DAVE = UserId.of("dave");

  final MutableClock clock = MutableClock.create();
  final InMemoryPromotionStore store = new InMemoryPromotionStore();
  final InMemoryPipelineStore pipelines = new InMemoryPipelineStore();
  final InMemoryEnvironmentRepository environments = new InMemoryEnvironmentRepository();
  final InMemoryFreezeStore freezes = new InMemoryFreezeStore();
  final SequentialIdGenerator ids = new SequentialIdGenerator();
  final Notifier notifier;
  final Deployer deployer;
  Baton baton;

  private World(Deployer deployer, Notifier notifier) {
    this.deployer = deployer;
    this.notifier = notifier;
  }

  /** A seeded world with default ports. */
  static World create() {
    return create(b -> { });
  }

  /** A seeded world; {@code customize} may set ports the world does not set itself. */
  static World create(Consumer<Baton.Builder> customize) {
    return create(new InMemoryDeployer(), new InMemoryNotifier(), customize);
  }

  /** A seeded world with the given deployer and notifier. */
  static World create(Deployer deployer, Notifier notifier, Consumer<Baton.Builder> customize) {
    World world = new World(deployer, notifier);
    world.seedEnvironments();
    world.baton = world.engine("engine-1", customize, world.store, world.environments,
        world.deployer, world.notifier);
    world.baton.pipelines().replace(seedPipeline(), UserId.of("admin"));
    return world;
  }

  /** Another engine on the same ports, as a second instance or a restarted process would be. */
  Baton engine(String instanceId, Consumer<Baton.Builder> customize, PromotionStore promotions,
      EnvironmentRepository envs, Deployer deploys, Notifier notifies) {
    Baton.Builder builder = Baton.builder()
        .promotionStore(promotions)
        .pipelineStore(pipelines)
        .environments(envs)
        .freezeStore(freezes)
        .deployer(deploys)
        .notifier(notifies)
        .clock(clock)
        .ids(ids)
        .instanceId(instanceId);
    customize.accept(builder);
    return builder.build();
  }

  /** dev -> staging 0, dev -> qa 0, staging -> production 2, qa -> production 1. */
  static Pipeline seedPipeline() {
    return Pipeline.builder(SHOP)
        .stage("dev").stage("qa").stage("staging")
        .stage("production", DeployPolicy.MANUAL)
        .transition("dev", "staging", 0)
        .transition("dev", "qa", 0)
        .transition("staging", "production", 2)
        .transition("qa", "production", 1)
        .build();
  }

  void seedEnvironments() {
    environments.seed(SHOP, DEV, files("dev", "1.4.0", 1));
    environments.seed(SHOP, QA, files("qa", "1.3.2", 1));
    environments.seed(SHOP, STAGING, files("staging", "1.3.2", 2));
    environments.seed(SHOP, PRODUCTION, files("production", "1.3.0", 4));
  }

  private int builds;

  /**
   * A new build lands in an environment: its versions move to a tag no environment had, so a
   * promotion from it has something to carry. Returns the tag.
   */
  String newBuild(EnvironmentName env) {
    String tag = "2.0." + (++builds);
    Map<String, String> files = new LinkedHashMap<>(environments.read(SHOP, env).files());
    files.put("values.yaml", files.get("values.yaml").replaceFirst("tag: \"[^\"]*\"",
        "tag: \"" + tag + "\""));
    files.put("kustomization.yaml", files.get("kustomization.yaml")
        .replaceFirst("newTag: \"[^\"]*\"", "newTag: \"" + tag + "\""));
    environments.seed(SHOP, env, files);
    return tag;
  }

  /**
   * Whether a promotion about to be compare-and-set has a release: in an execution, the first
   * such change records the write, with its release and the step that follows (after which a
   * MANUAL target's promotion holds no claim).
   */
  static boolean carriesWrite(Promotion next) {
    return next.release().isPresent();
  }

  static Map<String, String> files(String env, String tag, int replicas) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("values.yaml", "image:\n  tag: \"" + tag + "\"\nreplicaCount: " + replicas
        + "\nurl: \"https://${DOMAIN}/\"\n");
    files.put("variables.yaml", "DOMAIN: " + env + ".example.com\n");
    files.put("kustomization.yaml", "resources:\n  - service.yaml\nimages:\n"
        + "  - name: shop\n    newTag: \"" + tag + "\"\n");
    files.put("service.yaml", "kind: Service\nmetadata:\n  name: shop-" + tag + "\n");
    return files;
  }

  /**
   * This world's repository in pull-request mode: every write awaits its merge (pull request
   * {@code pr-1} into {@code main}) until {@code merged} is set, then is on the target.
   */
  EnvironmentRepository pullRequests(AtomicBoolean merged) {
    return new ForwardingEnvironmentRepository(environments) {
      @Override
      public Delivery delivery(ProjectId project, EnvironmentName environment,
          PromotionId promotion, Revision written) {
        return merged.get() ? Delivery.onTarget() : new Delivery(DeliveryStatus.AWAITING_MERGE,
            Optional.of("pr-1"), "main", Optional.empty());
      }
    };
  }

  InMemoryDeployer inMemoryDeployer() {
    return (InMemoryDeployer) deployer;
  }

  InMemoryNotifier inMemoryNotifier() {
    return (InMemoryNotifier) notifier;
  }

  Promotions promotions() {
    return baton.promotions();
  }

  dev.baton.model.Promotion stored(PromotionId id) {
    return store.find(id).orElseThrow();
  }

  @Override
  public void close() {
    baton.close();
  }
}
