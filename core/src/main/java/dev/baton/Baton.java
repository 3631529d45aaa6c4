package dev.baton;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.internal.engine.OutboxDelivery;
import dev.baton.internal.engine.PromotionEngine;
import dev.baton.internal.engine.Wiring;
import dev.baton.manifests.PromotionPlanner;
import dev.baton.memory.InMemoryEnvironmentRepository;
import dev.baton.memory.InMemoryFreezeStore;
import dev.baton.memory.InMemoryPipelineStore;
import dev.baton.memory.InMemoryPromotionStore;
import dev.baton.memory.RandomIdGenerator;
import dev.baton.memory.RecordingCommitStatusReporter;
import dev.baton.memory.RecordingDeployer;
import dev.baton.memory.RecordingNotifier;
import dev.baton.preview.Previewer;
import dev.baton.spi.Authorizer;
import dev.baton.spi.CommitStatusReporter;
import dev.baton.spi.DeployPolicyResolver;
import dev.baton.spi.Deployer;
import dev.baton.spi.EnvironmentRepository;
import dev.baton.spi.FeatureGate;
import dev.baton.spi.FreezeStore;
import dev.baton.spi.IdGenerator;
import dev.baton.spi.Notifier;
import dev.baton.spi.PipelineStore;
import dev.baton.spi.PromotionStore;
import java.time.Clock;
import java.time.Duration;

/**
 * The front door of Baton: GitOps environment promotion with pipelines, approval quorums,
 * previews, Git writes and deploy policies.
 *
 * <pre>{@code
 * Baton baton = Baton.inMemory();                      // zero setup
 * Baton baton = Baton.builder()                        // real ports
 *     .environments(gitRepository).promotionStore(store).pipelineStore(store)
 *     .deployer(argoCd).notifier(slack).build();
 * }</pre>
 *
 * <p>An engine is immutable and thread-safe; it holds no domain state, so several engines (in
 * one process or many) may share one store. Close it to stop its notification threads and the
 * renewal of the execution claims it holds.
 */
public final class Baton implements AutoCloseable {
  private final Wiring wiring;
  private final OutboxDelivery outbox;
  private final PromotionEngine engine;
  private final Promotions promotions;
  private final Pipelines pipelines;
  private final Previews previews;
  private final Environments environments;
  private final Notifications notifications;

  private Baton(Wiring wiring) {
    this.wiring = wiring;
    this.outbox = new OutboxDelivery(wiring);
    this.engine = new PromotionEngine(wiring, outbox);
    this.promotions = new Promotions(wiring, engine);
    this.pipelines = new Pipelines(wiring);
    this.previews = new Previews(engine);
    this.environments = new Environments(wiring);
    this.notifications = new Notifications(outbox);
  }

  /** An engine on in-memory defaults for every port: no setup, nothing kept after the JVM. */
  public static Baton inMemory() {
    return builder().build();
  }

  /** A builder; every port not set gets its in-memory default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Request, approve, reject, withdraw, deploy; history and inbox. */
  public Promotions promotions() {
    return promotions;
  }

  /** Get and replace pipelines. */
  public Pipelines pipelines() {
    return pipelines;
  }

  /** What a promotion would change. */
  public Previews previews() {
    return previews;
  }

  /** Environments, freezes and break-glass. */
  public Environments environments() {
    return environments;
  }

  /** The notification outbox. */
  public Notifications notifications() {
    return notifications;
  }

  /** The id of this engine instance, the prefix of the execution claims it takes. */
  public String instanceId() {
    return wiring.instanceId();
  }

  @Override
  public void close() {
    engine.close();
    outbox.close();
  }

  /**
   * Wires an engine. Each setter may be called once; {@link #build()} validates and fills every
   * port not set with its in-memory default. Not thread-safe; the engine it builds is.
   */
  public static final class Builder {
    private PromotionStore promotionStore;
    private PipelineStore pipelineStore;
    private EnvironmentRepository environments;
    private FreezeStore freezeStore;
    private Deployer deployer;
    private DeployPolicyResolver deployPolicies;
    private Notifier notifier;
    private Authorizer authorizer;
    private FeatureGate featureGate;
    private CommitStatusReporter commitStatus;
    private Clock clock;
    private IdGenerator ids;
    private String instanceId;
    private Duration claimLease;
    private Duration notificationTimeout;
    private Integer maxWriteAttempts;

    private Builder() {}

    /** Where promotions, claims and the outbox are kept. */
    public Builder promotionStore(PromotionStore value) {
      promotionStore = once(promotionStore, value, "promotionStore");
      return this;
    }

    /** Where pipelines are kept. */
    public Builder pipelineStore(PipelineStore value) {
      pipelineStore = once(pipelineStore, value, "pipelineStore");
      return this;
    }

    /** Where environments keep their files (for example a Git repository). */
    public Builder environments(EnvironmentRepository value) {
      environments = once(environments, value, "environments");
      return this;
    }

    /** Where freezes and break-glass sessions are kept. */
    public Builder freezeStore(FreezeStore value) {
      freezeStore = once(freezeStore, value, "freezeStore");
      return this;
    }

    /** What deploys releases into DIRECT environments and on manual deploys. */
    public Builder deployer(Deployer value) {
      deployer = once(deployer, value, "deployer");
      return this;
    }

    /** What decides DIRECT or MANUAL per environment (default: the stage's declared policy). */
    public Builder deployPolicies(DeployPolicyResolver value) {
      deployPolicies = once(deployPolicies, value, "deployPolicies");
      return this;
    }

    /** What delivers notifications. */
    public Builder notifier(Notifier value) {
      notifier = once(notifier, value, "notifier");
      return this;
    }

    /** Who may do what (default: everyone everything). */
    public Builder authorizer(Authorizer value) {
      authorizer = once(authorizer, value, "authorizer");
      return this;
    }

    /** Which features each project has (default: all). */
    public Builder featureGate(FeatureGate value) {
      featureGate = once(featureGate, value, "featureGate");
      return this;
    }

    /** Where promotion progress is reported against commits (default: recorded in memory). */
    public Builder commitStatusReporter(CommitStatusReporter value) {
      commitStatus = once(commitStatus, value, "commitStatusReporter");
      return this;
    }

    /** The clock (default: the system UTC clock). */
    public Builder clock(Clock value) {
      clock = once(clock, value, "clock");
      return this;
    }

    /** The id generator (default: random ids). */
    public Builder ids(IdGenerator value) {
      ids = once(ids, value, "ids");
      return this;
    }

    /**
     * This engine's identity, the prefix of the claims it takes. Give a restarted process the
     * same id so that {@code promotions().recover()} resumes its claims at once (default: random).
     */
    public Builder instanceId(String value) {
      instanceId = once(instanceId, value, "instanceId");
      return this;
    }

    /**
     * After how long without renewal another instance's execution claim counts as abandoned
     * (default 10 min). A running execution renews its claim every third of the lease.
     */
    public Builder claimLease(Duration value) {
      claimLease = once(claimLease, value, "claimLease");
      return this;
    }

    /** How long one notifier call may take before it is retried later (default 5 s). */
    public Builder notificationTimeout(Duration value) {
      notificationTimeout = once(notificationTimeout, value, "notificationTimeout");
      return this;
    }

    /** How often a write is planned again when the target moved under it (default 5). */
    public Builder maxWriteAttempts(int value) {
      maxWriteAttempts = once(maxWriteAttempts, value, "maxWriteAttempts");
      return this;
    }

    /** Validates and builds the engine. */
    public Baton build() {
      if (instanceId != null && !instanceId.matches("[A-Za-z0-9._-]{1,64}")) {
        throw invalid("instanceId must be 1-64 letters, digits, '.', '_' or '-'");
      }
      positive(claimLease, "claimLease");
      positive(notificationTimeout, "notificationTimeout");
      if (maxWriteAttempts != null && (maxWriteAttempts < 1 || maxWriteAttempts > 100)) {
        throw invalid("maxWriteAttempts must be between 1 and 100");
      }
      IdGenerator idSource = ids != null ? ids : new RandomIdGenerator();
      Wiring wiring = new Wiring(
          promotionStore != null ? promotionStore : new InMemoryPromotionStore(),
          pipelineStore != null ? pipelineStore : new InMemoryPipelineStore(),
          environments != null ? environments : new InMemoryEnvironmentRepository(),
          freezeStore != null ? freezeStore : new InMemoryFreezeStore(),
          deployer != null ? deployer : new RecordingDeployer(),
          deployPolicies != null ? deployPolicies : DeployPolicyResolver.declared(),
          notifier != null ? notifier : new RecordingNotifier(),
          authorizer != null ? authorizer : Authorizer.allowAll(),
          featureGate != null ? featureGate : FeatureGate.allEnabled(),
          commitStatus != null ? commitStatus : new RecordingCommitStatusReporter(),
          clock != null ? clock : Clock.systemUTC(),
          idSource,
          PromotionPlanner.create(),
          Previewer.create(),
          instanceId != null ? instanceId : idSource.next("baton"),
          claimLease != null ? claimLease : Duration.ofMinutes(10),
          notificationTimeout != null ? notificationTimeout : Duration.ofSeconds(5),
          maxWriteAttempts != null ? maxWriteAttempts : 5);
      return new Baton(wiring);
    }

    private static void positive(Duration value, String name) {
      if (value != null && (value.isNegative() || value.isZero())) {
        throw invalid(name + " must be positive");
      }
    }

    private static <T> T once(T current, T value, String name) {
      if (value == null) {
        throw invalid(name + " must not be null");
      }
      if (current != null) {
        throw invalid(name + " was already set");
      }
      return value;
    }

    private static BatonException invalid(String message) {
      return new BatonException(ErrorCode.INVALID_ARGUMENT, message);
    }
  }
}
