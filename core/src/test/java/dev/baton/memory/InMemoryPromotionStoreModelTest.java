package dev.baton.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.baton.model.CasResult;
import dev.baton.model.EnvironmentName;
import dev.baton.model.InsertResult;
import dev.baton.model.Notification;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.spi.ForwardingPromotionStore;
import dev.baton.spi.PromotionStore;
import dev.baton.testkit.PromotionStoreModelContract;
import dev.baton.testkit.SamplePromotions;
import dev.baton.testkit.random.ModelCheckFailure;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store against random histories, and proof that those histories catch a store
 * with a planted bug.
 */
class InMemoryPromotionStoreModelTest extends PromotionStoreModelContract {
  private static final long BASE_SEED = 20_261_122L;

  @Override
  protected PromotionStore newStore() {
    return new InMemoryPromotionStore();
  }

  /** A store that stops checking versions once it holds three promotions is caught. */
  @Test
  void aStoreThatIgnoresTheVersionFromThreePromotionsOnIsCaught() {
    AssertionError failure = assertThrows(AssertionError.class,
        () -> contractOver(IgnoresVersionFromThree::new).checkHistories(BASE_SEED));

    long seed = seedOf(failure);
    assertThat(failure).hasMessageContaining("(seed " + seed + ")")
        .hasMessageContaining("-Dbaton.seed=" + seed)
        .hasMessageContaining("VERSION_MISMATCH");
    assertThat(shrunk(failure)).filteredOn(c -> c.startsWith("Insert[")).hasSizeGreaterThan(2);
    assertThat(shrunk(failure).get(shrunk(failure).size() - 1)).startsWith("Cas[");
  }

  /** A store whose target claims forget the project (one claim per environment) is caught. */
  @Test
  void aStoreWhoseClaimsIgnoreTheProjectIsCaught() {
    AssertionError failure = assertThrows(AssertionError.class,
        () -> contractOver(ClaimsIgnoreProject::new).checkHistories(BASE_SEED));

    long seed = seedOf(failure);
    assertThat(failure).hasMessageContaining("(seed " + seed + ")");
    assertThat(shrunk(failure)).allMatch(c -> c.startsWith("Claim["));
  }

  private static PromotionStoreModelContract contractOver(
      UnaryOperator<PromotionStore> plantBug) {
    return new PromotionStoreModelContract() {
      @Override
      protected PromotionStore newStore() {
        return plantBug.apply(new InMemoryPromotionStore());
      }
    };
  }

  private static ModelCheckFailure cause(AssertionError failure) {
    Throwable t = failure;
    while (!(t instanceof ModelCheckFailure)) {
      t = t.getCause();
      assertThat(t).as("a ModelCheckFailure in the causes of %s", failure).isNotNull();
    }
    return (ModelCheckFailure) t;
  }

  private static long seedOf(AssertionError failure) {
    return cause(failure).seed();
  }

  private static List<String> shrunk(AssertionError failure) {
    return cause(failure).shrunkSequence();
  }

  /** Once three promotions are stored, a compare-and-set applies whatever version it expects. */
  static final class IgnoresVersionFromThree extends ForwardingPromotionStore {
    private int inserted;

    IgnoresVersionFromThree(PromotionStore delegate) {
      super(delegate);
    }

    @Override
    public InsertResult insert(Promotion promotion, List<Notification> notifications) {
      InsertResult result = super.insert(promotion, notifications);
      if (result == InsertResult.INSERTED) {
        inserted++;
      }
      return result;
    }

    @Override
    public CasResult compareAndSet(long expectedVersion, Promotion next,
        List<Notification> notifications) {
      Optional<Promotion> current = find(next.id());
      if (inserted < 3 || current.isEmpty()) {
        return super.compareAndSet(expectedVersion, next, notifications);
      }
      long stored = current.get().version();
      return super.compareAndSet(stored, next.toBuilder().version(stored + 1).build(),
          notifications);
    }
  }

  /** Keeps every claim under one project, so two projects' claims on a target collide. */
  static final class ClaimsIgnoreProject extends ForwardingPromotionStore {
    ClaimsIgnoreProject(PromotionStore delegate) {
      super(delegate);
    }

    @Override
    public Optional<PromotionId> targetClaim(ProjectId project, EnvironmentName target) {
      return super.targetClaim(SamplePromotions.PROJECT, target);
    }

    @Override
    public boolean compareAndSetTargetClaim(ProjectId project, EnvironmentName target,
        Optional<PromotionId> expected, Optional<PromotionId> next) {
      return super.compareAndSetTargetClaim(SamplePromotions.PROJECT, target, expected, next);
    }
  }
}
