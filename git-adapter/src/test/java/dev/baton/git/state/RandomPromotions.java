package dev.baton.git.state;

import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import dev.baton.testkit.SamplePromotions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Seeded random promotions for the state index's property tests: three projects, targets and
 * requesters, every status, request times close enough that many share a second.
 */
final class RandomPromotions {
  static final List<ProjectId> PROJECTS =
      List.of(ProjectId.of("shop"), ProjectId.of("billing"), ProjectId.of("blog"));
  static final List<EnvironmentName> TARGETS = List.of(EnvironmentName.of("staging"),
      EnvironmentName.of("production"), EnvironmentName.of("dev"));
  static final List<UserId> USERS =
      List.of(UserId.of("alice"), UserId.of("bob"), UserId.of("carol"));
  static final List<PromotionStatus> STATUSES = List.of(PromotionStatus.values());
  static final Instant T0 = Fixtures.T0;

  private RandomPromotions() {}

  /**
   * A promotion requested near {@code T0 + at / 3} seconds (many share a second, some an
   * instant), with an idempotency key two times in three, an execution claim one time in
   * {@code claimOneIn}, and a random later status one time in four.
   */
  static Promotion of(Random random, String id, int at, int claimOneIn) {
    Promotion.Builder b = SamplePromotions.builder(id)
        .project(PROJECTS.get(random.nextInt(PROJECTS.size())))
        .target(TARGETS.get(random.nextInt(TARGETS.size())))
        .requester(USERS.get(random.nextInt(USERS.size())))
        .requestedAt(T0.plusSeconds(at / 3).plusNanos(random.nextInt(3)));
    if (random.nextInt(3) > 0) {
      b.idempotencyKey(Optional.of("key-" + id));
    }
    if (random.nextInt(claimOneIn) == 0) {
      b.claim(Optional.of(SamplePromotions.claim("engine-a", T0)));
    }
    Promotion p = b.build();
    return random.nextInt(4) == 0
        ? SamplePromotions.next(p, STATUSES.get(random.nextInt(STATUSES.size()))) : p;
  }
}
