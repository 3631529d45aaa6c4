package dev.baton.internal.engine;

import dev.baton.manifests.PromotionPlanner;
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
 * Everything the engine works with: the ports and the few settings, fixed when the engine is
 * built. Not API.
 */
public record Wiring(
    PromotionStore promotions,
    PipelineStore pipelines,
    EnvironmentRepository environments,
    FreezeStore freezes,
    Deployer deployer,
    DeployPolicyResolver deployPolicies,
    Notifier notifier,
    Authorizer authorizer,
    FeatureGate features,
    CommitStatusReporter commitStatus,
    Clock clock,
    IdGenerator ids,
    PromotionPlanner planner,
    Previewer previewer,
    String instanceId,
    Duration claimLease,
    Duration notificationTimeout,
    int maxWriteAttempts) {}
