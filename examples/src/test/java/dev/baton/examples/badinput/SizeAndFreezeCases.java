package dev.baton.examples.badinput;

import static dev.baton.error.ErrorCode.INVALID_ARGUMENT;
import static dev.baton.error.ErrorCode.INVALID_PIPELINE;

import dev.baton.Baton;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.PromotionQuery;
import dev.baton.model.StageTransition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sizes and counts past their bounds (approvals a transition may require, pages of history,
 * engine settings), and freezes and break-glass sessions without what they need or with windows
 * that are not windows.
 */
final class SizeAndFreezeCases {
  static final String SIZES = "size";
  static final String FREEZES = "freeze and break-glass";
  private static final EnvironmentName PRODUCTION = EnvironmentName.of("production");

  private SizeAndFreezeCases() {}

  static List<BadCase> all() {
    List<BadCase> c = new ArrayList<>();
    for (int approvals : new int[] {101, 1000, Integer.MAX_VALUE, -1, Integer.MIN_VALUE}) {
      c.add(BadCase.of(SIZES, "requiredApprovals " + approvals, INVALID_PIPELINE,
          w -> w.baton().pipelines().replace(pipeline(approvals), BadInputWorld.PLATFORM)));
    }
    for (int limit : new int[] {0, -1, 1001, Integer.MAX_VALUE}) {
      c.add(BadCase.of(SIZES, "history page of " + limit, INVALID_ARGUMENT,
          w -> w.baton().promotions().history(
              PromotionQuery.of(BadInputWorld.SHOP).withPage(0, limit))));
    }
    c.add(BadCase.of(SIZES, "history offset -1", INVALID_ARGUMENT,
        w -> w.baton().promotions().history(
            PromotionQuery.of(BadInputWorld.SHOP).withPage(-1, 10))));
    c.add(BadCase.of(SIZES, "maxWriteAttempts 0", INVALID_ARGUMENT,
        w -> Baton.builder().maxWriteAttempts(0).build()));
    c.add(BadCase.of(SIZES, "maxWriteAttempts 101", INVALID_ARGUMENT,
        w -> Baton.builder().maxWriteAttempts(101).build()));
    c.add(BadCase.of(SIZES, "claim lease zero", INVALID_ARGUMENT,
        w -> Baton.builder().claimLease(Duration.ZERO).build()));
    c.add(BadCase.of(SIZES, "claim lease negative", INVALID_ARGUMENT,
        w -> Baton.builder().claimLease(Duration.ofSeconds(-1)).build()));
    c.add(BadCase.of(SIZES, "instance id of 65 characters", INVALID_ARGUMENT,
        w -> Baton.builder().instanceId("i".repeat(65)).build()));
    c.add(BadCase.of(SIZES, "instance id with a slash", INVALID_ARGUMENT,
        w -> Baton.builder().instanceId("host/1").build()));
    c.add(BadCase.of(SIZES, "Git file limit zero", INVALID_ARGUMENT,
        w -> dev.baton.git.GitEnvironmentRepository.builder().repository(w.dir())
            .branch("main").maxFileBytes(0).build().close()));
    // Freezes and break-glass sessions.
    c.add(freeze("freeze without reason", w -> w.baton().environments().freeze(
        BadInputWorld.SHOP, PRODUCTION, null, BadInputWorld.CAROL, Optional.empty())));
    c.add(freeze("freeze without environment", w -> w.baton().environments().freeze(
        BadInputWorld.SHOP, null, "release", BadInputWorld.CAROL, Optional.empty())));
    c.add(freeze("freeze without who", w -> w.baton().environments().freeze(
        BadInputWorld.SHOP, PRODUCTION, "release", null, Optional.empty())));
    c.add(freeze("freeze without project", w -> w.baton().environments().freeze(
        null, PRODUCTION, "release", BadInputWorld.CAROL, Optional.empty())));
    c.add(freeze("freeze with a null end", w -> w.baton().environments().freeze(
        BadInputWorld.SHOP, PRODUCTION, "release", BadInputWorld.CAROL, null)));
    c.add(freeze("unfreeze without who", w -> w.baton().environments().unfreeze(
        BadInputWorld.SHOP, PRODUCTION, null)));
    c.add(freeze("unfreeze without environment", w -> w.baton().environments().unfreeze(
        BadInputWorld.SHOP, null, BadInputWorld.CAROL)));
    c.add(freeze("break-glass without reason", w -> w.baton().environments().breakGlass(
        BadInputWorld.SHOP, PRODUCTION, BadInputWorld.CAROL, null, Duration.ofHours(1))));
    c.add(freeze("break-glass without duration", w -> w.baton().environments().breakGlass(
        BadInputWorld.SHOP, PRODUCTION, BadInputWorld.CAROL, "hotfix", null)));
    c.add(freeze("break-glass without who", w -> w.baton().environments().breakGlass(
        BadInputWorld.SHOP, PRODUCTION, null, "hotfix", Duration.ofHours(1))));
    c.add(freeze("break-glass without environment", w -> w.baton().environments().breakGlass(
        BadInputWorld.SHOP, null, BadInputWorld.CAROL, "hotfix", Duration.ofHours(1))));
    for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1),
        Duration.ofDays(7).plusNanos(1), Duration.ofDays(365), Duration.ofSeconds(Long.MAX_VALUE),
        Duration.ofSeconds(Long.MIN_VALUE)}) {
      c.add(freeze("break-glass for " + bad, w -> w.baton().environments().breakGlass(
          BadInputWorld.SHOP, PRODUCTION, BadInputWorld.CAROL, "hotfix", bad)));
    }
    return c;
  }

  private static BadCase freeze(String name, BadCase.Call call) {
    return BadCase.of(FREEZES, name, INVALID_ARGUMENT, call);
  }

  /** The world's pipeline with one transition requiring the given number of approvals. */
  private static Pipeline pipeline(int approvals) {
    return Pipeline.builder(BadInputWorld.SHOP).stage("dev").stage("staging")
        .stage("production").transition("dev", "staging", 0)
        .transition(new StageTransition(EnvironmentName.of("staging"), PRODUCTION, approvals, false,
            Optional.empty(), Optional.empty()))
        .build();
  }
}
