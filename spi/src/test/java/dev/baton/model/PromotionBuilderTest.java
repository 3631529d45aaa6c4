package dev.baton.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
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

  /**
   * Builders that append (through {@code toBuilder}, some built more than once and appended to
   * again) against the straightforward computation: the constructor given copies of plain
   * lists of what was appended. Seeded; lists of every length from empty to a dozen.
   */
  @Test
  void builtPromotionsAreThoseOfTheConstructorWithThePlainLists() {
    Random random = new Random(20261201L);
    for (int run = 0; run < 3_000; run++) {
      // every promotion built in the run with a copy of what it must stay: a builder appended
      // to after a build must not reach into a promotion it built before
      List<Promotion> builtInRun = new ArrayList<>();
      List<Promotion> expectedInRun = new ArrayList<>();
      Promotion current = requested();
      List<Decision> decisions = new ArrayList<>(current.decisions());
      List<StatusChange> history = new ArrayList<>(current.history());
      for (int step = random.nextInt(6); step >= 0; step--) {
        Promotion base = current;
        Promotion.Builder builder = base.toBuilder().version(base.version() + 1);
        for (int builds = 1 + random.nextInt(2); builds > 0; builds--) {
          for (int d = random.nextInt(3); d > 0; d--) {
            Decision decision = new Decision(UserId.of("u" + random.nextInt(50)),
                DecisionKind.values()[random.nextInt(DecisionKind.values().length)],
                "c" + random.nextInt(10), AT.plusSeconds(random.nextInt(1000)));
            builder.decision(decision);
            decisions.add(decision);
          }
          for (int h = random.nextInt(3); h > 0; h--) {
            StatusChange change = new StatusChange(Optional.of(PromotionStatus.PENDING_APPROVAL),
                PromotionStatus.values()[random.nextInt(PromotionStatus.values().length)], BOB,
                AT.plusSeconds(random.nextInt(1000)), "r" + random.nextInt(10));
            builder.change(change);
            history.add(change);
          }
          Promotion built = builder.build();
          Promotion expected = new Promotion(base.id(), base.project(), base.source(),
              base.target(), base.sourceRevision(), base.requester(), base.notes(),
              base.idempotencyKey(), base.requiredApprovals(), base.requesterMayApprove(),
              base.scope(), base.rules(), base.targetRevision(), base.rollback(),
              base.changes(), history.get(history.size() - 1).to(), List.copyOf(decisions),
              List.copyOf(history), base.claim(), base.release(), base.breakGlass(),
              base.requestedAt(), base.version() + 1);
          assertThat(built).isEqualTo(expected);
          builtInRun.add(built);
          expectedInRun.add(expected);
          assertThatThrownBy(() -> built.decisions().add(null))
              .isInstanceOf(UnsupportedOperationException.class);
          assertThatThrownBy(() -> built.history().add(null))
              .isInstanceOf(UnsupportedOperationException.class);
          current = built;
        }
      }
      assertThat(builtInRun).isEqualTo(expectedInRun);
    }
  }

  /**
   * A null decision is refused as the constructor refuses it, after its checks of the other
   * fields: a builder missing its id too is refused for the id, a complete one for the list.
   * ({@code change(null)} throws at once: the builder reads the new status from it.)
   */
  @Test
  void aNullAppendedIsRefusedInTheConstructorsOrder() {
    assertThatThrownBy(() -> Promotion.builder().decision(null).build())
        .isInstanceOf(BatonException.class).hasMessageContaining("promotion id is required");
    Decision approve = new Decision(BOB, DecisionKind.APPROVE, "", AT);
    assertThatThrownBy(() -> Promotion.builder().decision(approve).decision(null).build())
        .isInstanceOf(BatonException.class).hasMessageContaining("promotion id is required");
    assertThatThrownBy(() -> requested().toBuilder().decision(null).build())
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> requested().toBuilder().decision(approve).decision(null).build())
        .isInstanceOf(NullPointerException.class);
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
