package dev.baton;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.internal.engine.DoNothingPorts;
import dev.baton.internal.engine.OutboxDelivery;
import dev.baton.internal.engine.PromotionEngine;
import dev.baton.internal.engine.Wiring;
import dev.baton.manifests.PromotionPlanner;
import dev.baton.memory.InMemoryEnvironmentRepository;
import dev.baton.memory.InMemoryFreezeStore;
import dev.baton.memory.InMemoryPipelineStore;
import dev.baton.memory.InMemoryPromotionStore;
import dev.baton.memory.RandomIdGenerator;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(Baton.class);
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

  /**
   * An engine on the defaults of every port: in-memory stores and environments, side effects
   * that do nothing (see {@link Builder}). No setup, nothing kept after the JVM.
   */
  public static Baton inMemory() {
    return builder().build();
  }

  /** A builder; every port not set gets its default (see {@link Builder}). */
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
   * port not set with its default: the stores and the environment repository in memory
   * ({@code dev.baton.memory}); the deployer, the notifier and the commit status reporter doing
   * nothing (a deploy answers success and deploys nothing, notifications reach nobody, commit
   * statuses are reported nowhere). When any store or the environment repository is a real one
   * (not the in-memory one), {@link #build()} logs a warning for each of those three side-effect
   * ports left at its default, so that an engine writing real state never skips its side effects
   * silently; an engine on in-memory stores and environments ({@link Baton#inMemory()}) stays
   * quiet. Set a port (a deliberately empty one too) to silence its warning. Not thread-safe;
   * the engine it builds is.
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

    /**
     * What deploys releases into DIRECT environments and on manual deploys (default: nothing is
     * deployed and the deploy answers success).
     */
    public Builder deployer(Deployer value) {
      deployer = once(deployer, value, "deployer");
      return this;
    }

    /** What decides DIRECT or MANUAL per environment (default: the stage's declared policy). */
    public Builder deployPolicies(DeployPolicyResolver value) {
      deployPolicies = once(deployPolicies, value, "deployPolicies");
      return this;
    }

    /** What delivers notifications (default: they reach nobody). */
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

    /** Where promotion progress is reported against commits (default: nowhere). */
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
          deployer != null ? deployer : DoNothingPorts.deployer(),
          deployPolicies != null ? deployPolicies : DeployPolicyResolver.declared(),
          notifier != null ? notifier : DoNothingPorts.notifier(),
          authorizer != null ? authorizer : Authorizer.allowAll(),
          featureGate != null ? featureGate : FeatureGate.allEnabled(),
          commitStatus != null ? commitStatus : DoNothingPorts.commitStatus(),
          clock != null ? clock : Clock.systemUTC(),
          idSource,
          PromotionPlanner.create(),
          Previewer.create(),
          instanceId != null ? instanceId : idSource.next("baton"),
          claimLease != null ? claimLease : Duration.ofMinutes(10),
          notificationTimeout != null ? notificationTimeout : Duration.ofSeconds(5),
          maxWriteAttempts != null ? maxWriteAttempts : 5);
      if (realStateIsWired()) {
        warnIfUnset(deployer, wiring, "deployer", "deployer(Deployer)",
            "releases are deployed nowhere: every deploy answers success and deploys nothing");
        warnIfUnset(notifier, wiring, "notifier", "notifier(Notifier)",
            "notifications reach nobody");
        warnIfUnset(commitStatus, wiring, "commit status reporter",
            "commitStatusReporter(CommitStatusReporter)",
            "promotion progress is reported on no commit");
      }
      return new Baton(wiring);
    }

    /** Whether any store or the environment repository is a real one, not the in-memory one. */
    private boolean realStateIsWired() {
      return real(promotionStore, InMemoryPromotionStore.class)
          || real(pipelineStore, InMemoryPipelineStore.class)
          || real(freezeStore, InMemoryFreezeStore.class)
          || real(environments, InMemoryEnvironmentRepository.class);
    }

    private static boolean real(Object port, Class<?> inMemory) {
      return port != null && !inMemory.isInstance(port);
    }

    private static void warnIfUnset(Object port, Wiring wiring, String name, String setter,
        String consequence) {
      if (port == null) {
        LOG.warn("Baton engine {} has no {}: {}. Set one with Baton.builder().{}; set a port that"
            + " does nothing on purpose to silence this warning", wiring.instanceId(), name,
            consequence, setter);
      }
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
