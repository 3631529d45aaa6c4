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
 * The front door of Baton: GitOps environment promotion with pipelines, approval quorums, previews,
 * Git writes and deploy policies.
 *
 * <pre>{@code
 * Baton baton = Baton.inMemory();                      // zero setup
 * Baton baton = Baton.builder()                        // real ports
 *     .environments(gitRepository).promotionStore(store).pipelineStore(store)
 *     .deployer(argoCd).notifier(slack).build();
 * }</pre>
 *
 * <p>An engine is immutable and thread-safe; it holds no domain state, so several engines (in one
 * process or many) may share one store. Close it to stop its notification threads and the renewal
 * of the execution claims it holds.
 *
 * <h2>Facades</h2>
 * The work is done through five facades, each a handful of verbs: {@link #promotions()} (request,
 * approve, reject, withdraw, deploy, resume, recover; get, history, inbox), {@link #pipelines()},
 * {@link #previews()}, {@link #environments()} (freezes and break-glass) and
 * {@link #notifications()}. Every facade is thread-safe and may be kept for the engine's lifetime.
 * Every refusal is a {@link BatonException} whose {@link ErrorCode} says why; what a refusal leaves
 * behind is documented on each verb.
 *
 * <h2>Threads</h2>
 * A verb runs on its caller's thread, and so do the ports it needs: a verb that executes a
 * promotion (the approval that meets its quorum, a request that needs no approval, resume, recover,
 * deploy) waits for the Git write and the deployer. Besides, an engine runs one daemon thread that
 * renews the execution claims it holds, and daemon threads that call the notifier under a time
 * limit. Several engines sharing one store coordinate only through the store: its compare-and-set
 * makes each promotion execute once, and the claim on a target environment lets one promotion at a
 * time execute into it.
 *
 * <h2>Lifecycle</h2>
 * Build an engine once at start-up and call {@code promotions().recover()} to finish what a crash
 * or restart left half-way; call {@code notifications().deliverDue()} now and then to retry failed
 * notifications; {@link #close()} it at shut-down.
 *
 * @since 0.1
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
   *
   * <p>Its environments start empty (the in-memory environment repository), everyone may do
   * everything, every feature is on, deploys answer success and deploy nothing, and notifications
   * reach nobody. It is the engine for tests, demos and a first try; the same as
   * {@code builder().build()}.
   *
   * @return a new engine that shares nothing with any other
   * @since 0.1
   */
  public static Baton inMemory() {
    return builder().build();
  }

  /**
   * A builder; every port not set gets its default (see {@link Builder}).
   *
   * @return a new builder, to be used by one thread
   * @since 0.1
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Request, approve, reject, withdraw, deploy; history and inbox.
   *
   * @return the promotion verbs of this engine; the same instance on every call
   * @since 0.1
   */
  public Promotions promotions() {
    return promotions;
  }

  /**
   * Get and replace pipelines.
   *
   * @return the pipeline verbs of this engine; the same instance on every call
   * @since 0.1
   */
  public Pipelines pipelines() {
    return pipelines;
  }

  /**
   * What a promotion would change.
   *
   * @return the previews of this engine; the same instance on every call
   * @since 0.1
   */
  public Previews previews() {
    return previews;
  }

  /**
   * Environments, freezes and break-glass.
   *
   * @return the environment verbs of this engine; the same instance on every call
   * @since 0.1
   */
  public Environments environments() {
    return environments;
  }

  /**
   * The notification outbox.
   *
   * @return the outbox of this engine; the same instance on every call
   * @since 0.1
   */
  public Notifications notifications() {
    return notifications;
  }

  /**
   * The id of this engine instance, the prefix of the execution claims it takes.
   *
   * <p>{@code recover()} takes over at once the claims whose owner starts with this id and which
   * this engine does not run (it restarted); the claims of other instances only once their lease
   * ran out.
   *
   * @return the id given to {@link Builder#instanceId}, or the one generated at build
   * @since 0.1
   */
  public String instanceId() {
    return wiring.instanceId();
  }

  /**
   * Stops the engine's threads: the renewal of the execution claims it holds (an execution still
   * running here may then be taken over by another engine's {@code recover()}) and the notification
   * threads (a notifier call in progress is interrupted). Stored state is untouched: what was not
   * delivered stays in the outbox for another engine. Idempotent. Do not use the engine afterwards:
   * a verb could store its change and then fail to deliver its notifications.
   *
   * @since 0.1
   */
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
   *
   * <p>Every setter refuses {@code null}, and a second call, with {@code INVALID_ARGUMENT}. The
   * ports are used as given: the engine never wraps, closes or shares them, so close what you
   * opened (a Git repository, a connection pool) after closing the engine. Ports that keep state
   * (the stores, the environment repository) are shared by every engine that should see the same
   * promotions; give each engine its own instance id.
   *
   * @since 0.1
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

    /**
     * Where promotions, claims and the outbox are kept.
     *
     * @param value the store; default a new in-memory store
     * @return this builder
     * @throws BatonException {@code INVALID_ARGUMENT} when null or already set
     * @since 0.1
     */
    public Builder promotionStore(PromotionStore value) {
      promotionStore = once(promotionStore, value, "promotionStore");
      return this;
    }

    /**
     * Where pipelines are kept.
     *
     * @param value the store; default a new in-memory store
     * @return this builder
     * @throws BatonException {@code INVALID_ARGUMENT} when null or already set
     * @since 0.1
     */
    public Builder pipelineStore(PipelineStore value) {
      pipelineStore = once(pipelineStore, value, "pipelineStore");
      return this;
    }

    /**
     * Where environments keep their files (for example a Git repository).
     *
     * @param value the repository; default a new, empty in-memory repository
     * @return this builder
     * @throws BatonException {@code INVALID_ARGUMENT} when null or already set
     * @since 0.1
     */
    public Builder environments(EnvironmentRepository value) {
      environments = once(environments, value, "environments");
      return this;
    }

    /**
     * Where freezes and break-glass sessions are kept.
     *
     * @param value the store; default a new in-memory store
     * @return this builder
     * @throws BatonException {@code INVALID_ARGUMENT} when null or already set
     * @since 0.1
     */
    public Builder freezeStore(FreezeStore value) {
      freezeStore = once(freezeStore, value, "freezeStore");
      return this;
    }

    /**
     * What deploys releases into DIRECT environments and on manual deploys.
     *
     * @param value the deployer; default one that deploys nothing and answers success (with a
     *     warning at {@link #build()} when the state is real)
     * @return this builder
     * @throws BatonException {@code INVALID_ARGUMENT} when null or already set
     * @since 0.1
     */
    public Builder deployer(Deployer value) {
      deployer = once(deployer, value, "deployer");
      return this;
    }

    /**
     * What decides DIRECT or MANUAL per environment (default: the stage's declared policy).
     *
     * @param value the resolver; default {@link DeployPolicyResolver#declared()}
     * @return this builder
     * @throws BatonException {@code INVALID_ARGUMENT} when null or already set
     * @since 0.1
     */
    public Builder deployPolicies(DeployPolicyResolver value) {
      deployPolicies = once(deployPolicies, value, "deployPolicies");
      return this;
    }

    /**
     * What delivers notifications.
     *
     * @param value the notifier; default one that tells nobody (with a warning at
     *     {@link #build()} when the state is real)
     * @return this builder
     * @throws BatonException {@code INVALID_ARGUMENT} when null or already set
     * @since 0.1
     */
    public Builder notifier(Notifier value) {
      notifier = once(notifier, value, "notifier");
      return this;
    }

    /**
     * Who may do what (default: everyone everything).
     *
     * @param value the authorizer; default {@link Authorizer#allowAll()}
     * @return this builder
     * @throws BatonException {@code INVALID_ARGUMENT} when null or already set
     * @since 0.1
     */
    public Builder authorizer(Authorizer value) {
      authorizer = once(authorizer, value, "authorizer");
      return this;
    }

    /**
     * Which features each project has (default: all).
     *
     * @param value the gate; default {@link FeatureGate#allEnabled()}
     * @return this builder
     * @throws BatonException {@code INVALID_ARGUMENT} when null or already set
     * @since 0.1
     */
    public Builder featureGate(FeatureGate value) {
      featureGate = once(featureGate, value, "featureGate");
      return this;
    }

    /**
     * Where promotion progress is reported against commits (default: nowhere).
     *
     * @param value the reporter; {@link CommitStatusReporter#none()} reports nowhere
     * @return this builder
     * @throws BatonException {@code INVALID_ARGUMENT} when null or already set
     * @since 0.1
     */
    public Builder commitStatusReporter(CommitStatusReporter value) {
      commitStatus = once(commitStatus, value, "commitStatusReporter");
      return this;
    }

    /**
     * The clock (default: the system UTC clock).
     *
     * <p>Every time Baton records (requests, decisions, claims and their leases, freezes,
     * notification retries) comes from it; a test gives a clock it controls.
     *
     * @param value the clock
     * @return this builder
     * @throws BatonException {@code INVALID_ARGUMENT} when null or already set
     * @since 0.1
     */
    public Builder clock(Clock value) {
      clock = once(clock, value, "clock");
      return this;
    }

    /**
     * The id generator (default: random ids).
     *
     * @param value the generator; its ids must be unique across every engine sharing the stores
     * @return this builder
     * @throws BatonException {@code INVALID_ARGUMENT} when null or already set
     * @since 0.1
     */
    public Builder ids(IdGenerator value) {
      ids = once(ids, value, "ids");
      return this;
    }

    /**
     * This engine's identity, the prefix of the claims it takes. Give a restarted process the same
     * id so that {@code promotions().recover()} resumes its claims at once (default: random).
     *
     * <p>Two engines running at once must never share an id: each would take the other's running
     * executions over.
     *
     * @param value 1 to 64 letters, digits, '.', '_' or '-' (checked at {@link #build()})
     * @return this builder
     * @throws BatonException {@code INVALID_ARGUMENT} when null or already set
     * @since 0.1
     */
    public Builder instanceId(String value) {
      instanceId = once(instanceId, value, "instanceId");
      return this;
    }

    /**
     * After how long without renewal another instance's execution claim counts as abandoned
     * (default 10 min). A running execution renews its claim every third of the lease.
     *
     * <p>Every engine sharing a store should use the same lease. A shorter lease recovers a crashed
     * peer's executions sooner; it must stay well above the longest pause an engine may suffer (a
     * garbage collection, a stalled store), or a live execution may be taken over.
     *
     * @param value a positive duration (checked at {@link #build()})
     * @return this builder
     * @throws BatonException {@code INVALID_ARGUMENT} when null or already set
     * @since 0.1
     */
    public Builder claimLease(Duration value) {
      claimLease = once(claimLease, value, "claimLease");
      return this;
    }

    /**
     * How long one notifier call may take before it is retried later (default 5 s).
     *
     * <p>A verb that stored a notification waits for at most one such time limit to deliver it.
     *
     * @param value a positive duration (checked at {@link #build()})
     * @return this builder
     * @throws BatonException {@code INVALID_ARGUMENT} when null or already set
     * @since 0.1
     */
    public Builder notificationTimeout(Duration value) {
      notificationTimeout = once(notificationTimeout, value, "notificationTimeout");
      return this;
    }

    /**
     * How often a write is planned again when the target moved under it (default 5).
     *
     * <p>When every attempt finds the target changed since it was read, the execution fails with
     * {@code WRITE_CONFLICT} and the promotion waits to be resumed.
     *
     * @param value 1 to 100 (checked at {@link #build()})
     * @return this builder
     * @throws BatonException {@code INVALID_ARGUMENT} when already set
     * @since 0.1
     */
    public Builder maxWriteAttempts(int value) {
      maxWriteAttempts = once(maxWriteAttempts, value, "maxWriteAttempts");
      return this;
    }

    /**
     * Validates and builds the engine.
     *
     * <p>Ports not set get their in-memory defaults; without an instance id the engine asks the id
     * generator for one. Calling it again builds another engine on the same ports given, with new
     * in-memory defaults.
     *
     * @return a new engine, immutable and thread-safe
     * @throws BatonException {@code INVALID_ARGUMENT} for an instance id that is not 1 to 64
     *     letters, digits, '.', '_' or '-', a lease or timeout that is not positive, or a number of
     *     write attempts outside 1 to 100
     * @since 0.1
     */
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
