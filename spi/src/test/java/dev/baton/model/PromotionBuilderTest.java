package dev.baton.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A builder made from a promotion shares its decisions and history until it appends to them:
 * appending never changes the promotion it came from nor one built before, and the built
 * promotion's lists stay immutable.
 */
class PromotionBuilderTest {
  private static final Instant AT = Instant.parse("2026-11-30T05:00:00Z");
  private static final UserId ALICE = UserId.of("alice");
  private static final UserId BOB = UserId.of("bob");

  @Test
  void appendingToABuilderFromAPromotionLeavesThePromotionAsItWas() {
    Promotion requested = requested();

    Promotion approved = requested.toBuilder().version(2)
        .decision(new Decision(BOB, DecisionKind.APPROVE, "lgtm", AT))
        .change(new StatusChange(Optional.of(PromotionStatus.PENDING_APPROVAL),
            PromotionStatus.PENDING_RELEASE, BOB, AT, "released"))
        .build();

    assertThat(requested.decisions()).isEmpty();
    assertThat(requested.history()).hasSize(1);
    assertThat(requested.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
    assertThat(approved.decisions()).extracting(Decision::by).containsExactly(BOB);
    assertThat(approved.history()).hasSize(2);
    assertThat(approved.status()).isEqualTo(PromotionStatus.PENDING_RELEASE);
  }

  @Test
  void aBuilderKeptAfterBuildDoesNotChangeWhatItBuilt() {
    Promotion.Builder builder = requested().toBuilder().version(2);
    Promotion untouched = builder.build();
    Promotion first = builder.decision(new Decision(BOB, DecisionKind.APPROVE, "", AT)).build();

    builder.decision(new Decision(UserId.of("carol"), DecisionKind.APPROVE, "", AT))
        .change(new StatusChange(Optional.of(PromotionStatus.PENDING_APPROVAL),
            PromotionStatus.REJECTED, ALICE, AT, "rejected"));
    Promotion second = builder.build();

    assertThat(untouched.decisions()).isEmpty();
    assertThat(untouched.history()).hasSize(1);
    assertThat(first.decisions()).hasSize(1);
    assertThat(first.history()).hasSize(1);
    assertThat(second.decisions()).hasSize(2);
    assertThat(second.history()).hasSize(2);
  }

  @Test
  void theBuiltListsAreImmutable() {
    Promotion approved = requested().toBuilder().version(2)
        .decision(new Decision(BOB, DecisionKind.APPROVE, "", AT)).build();

    assertThatThrownBy(() -> approved.decisions().add(new Decision(ALICE,
        DecisionKind.APPROVE, "", AT))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> approved.history().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withVersionIsWhatTheBuilderGivesAtThatVersion() {
    Promotion approved = requested().toBuilder().version(2)
        .decision(new Decision(BOB, DecisionKind.APPROVE, "lgtm", AT)).build();

    assertThat(approved.withVersion(7)).isEqualTo(approved.toBuilder().version(7).build());
    assertThat(approved.withVersion(2)).isSameAs(approved);
    assertThatThrownBy(() -> approved.withVersion(0))
        .isInstanceOf(BatonException.class);
  }

  private static Promotion requested() {
    return Promotion.builder()
        .id(PromotionId.of("p-1"))
        .project(ProjectId.of("shop"))
        .source(EnvironmentName.of("staging"))
        .target(EnvironmentName.of("production"))
        .requester(ALICE)
        .requiredApprovals(1)
        .change(new StatusChange(Optional.empty(), PromotionStatus.PENDING_APPROVAL, ALICE, AT,
            "requested"))
        .requestedAt(AT)
        .build();
  }
}
