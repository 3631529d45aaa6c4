package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.spi.PromotionStore;
import dev.baton.testkit.random.ModelCheck;
import dev.baton.testkit.random.ModelCheckFailure;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random promotion histories against a {@link PromotionStore}, checked step by step against a
 * plain in-memory model of what the store must hold. Where {@link PromotionStoreContract} checks
 * each rule once in a hand-written scene, this class runs hundreds of seeded random sequences of
 * calls, so that rules meet each other in orders nobody wrote down: a compare-and-set after a
 * refused insert, a claim released and retaken between two queries, a failed delivery retried
 * after the clock moved.
 *
 * <p>Usage: extend it and return a fresh, empty store; that is all.
 *
 * <pre>{@code
 * class JdbcPromotionStoreModelTest extends PromotionStoreModelContract {
 *   @Override
 *   protected PromotionStore newStore() {
 *     return JdbcPromotionStore.create(freshDatabase());
 *   }
 * }
 * }</pre>
 *
 * <p><b>The history.</b> Each sequence starts from {@link #newStore()} (closed afterwards when it
 * is {@link AutoCloseable}) and a fresh model, then runs 1 to {@link #maxLength()} commands drawn
 * from the seed:
 *
 * <ul>
 *   <li>insert of a new promotion with 0-2 notifications, sometimes reusing a stored id
 *       ({@code DUPLICATE_ID}) or a stored idempotency key of the same project
 *       ({@code DUPLICATE_KEY}); any status, two projects, three requesters, keys that need
 *       encoding;
 *   <li>compare-and-set on a stored promotion, mostly on its version, sometimes one off
 *       ({@code VERSION_MISMATCH}, which must store none of its notifications), changing notes,
 *       status, execution claim, decisions, requester and target, or request time; and on an id
 *       never stored ({@code NOT_FOUND});
 *   <li>target claim compare-and-set with the right or a wrong expected holder;
 *   <li>delivery and failed delivery of a pending notification, of one delivered before, or of
 *       an id never stored (the last two ignored);
 *   <li>moving the clock on (from a nanosecond to an hour), so notifications and retries fall
 *       due;
 *   <li>a query with a random mix of every filter (request-time bounds set exactly on stored
 *       request times) and a random page; and an outbox read with a small limit.
 * </ul>
 *
 * <p><b>After every step</b> the store must agree with the model: {@code find} of every stored
 * promotion, {@code findByIdempotencyKey} for every key of the pool in both projects,
 * {@code targetClaim} of all six targets, a query of everything, and
 * {@code pendingNotifications(now, 10000)}.
 *
 * <p><b>Where the port leaves room</b> the model accepts every reading: an insert whose id and key
 * are both taken may answer either refusal, and notifications created at the same instant may
 * come out of the outbox in any order (oldest first is by creation time; a limit may cut through
 * a tie anywhere).
 *
 * <p><b>A failure</b> is shrunk to a short sequence and reported with its seed and the Maven line
 * that replays it ({@code -Dbaton.seed=N}); {@code -Dbaton.runs=N} changes how many sequences run.
 * A Git-backed or database-backed store may override {@link #sequences()} and {@link #maxLength()}
 * to keep the run short.
 *
 * <p>A test instance is used by one thread at a time, as JUnit does.
 * @since 0.1
 */
public abstract class PromotionStoreModelContract {
  private static final String CONTRACT_NAME = PromotionStoreModelContract.class.getSimpleName();

  /**
   * A new, empty store; called once per sequence (and per re-run while shrinking).
   *
   * @since 0.1
   */
  protected abstract PromotionStore newStore();

  /**
   * How many sequences {@link #randomHistoriesAgreeWithTheModel()} runs; 300 unless overridden.
   *
   * @since 0.1
   */
  protected int sequences() {
    return 300;
  }

  /**
   * The longest sequence generated (the shortest is one command); 40 unless overridden.
   *
   * @since 0.1
   */
  protected int maxLength() {
    return 40;
  }

  /**
   * Random histories of every store call agree with the model after every step.
   *
   * @since 0.1
   */
  @Test
  public void randomHistoriesAgreeWithTheModel() {
    checkHistories();
  }

  /**
   * Runs {@link #sequences()} random histories, seeded from {@code -Dbaton.baseSeed} or at
   * random.
   *
   * @throws AssertionError for the first history on which the store and the model disagree; its
   *     message names the seed and the command line that replays it
   * @since 0.1
   */
  public final void checkHistories() {
    run(histories());
  }

  /**
   * Like {@link #checkHistories()}, with the sequence seeds derived from {@code baseSeed}: a
   * repeatable run, for example to show that a broken store is caught.
   *
   * @since 0.1
   */
  public final void checkHistories(long baseSeed) {
    run(histories().baseSeed(baseSeed));
  }

  private ModelCheck<PromotionStore, PromotionStoreModel> histories() {
    return ModelCheck.of(this::checkedNewStore, PromotionStoreModel::new,
            PromotionStoreModelCommands.all())
        .sequences(sequences())
        .length(1, maxLength())
        .afterEach(PromotionStoreModelContract::agree);
  }

  private PromotionStore checkedNewStore() {
    PromotionStore store = newStore();
    assertThat(store).as("newStore()").isNotNull();
    return store;
  }

  private void run(ModelCheck<PromotionStore, PromotionStoreModel> check) {
    try {
      check.check();
    } catch (ModelCheckFailure failure) {
      // The replay line names the test class found on the stack, which is this abstract class
      // when the inherited test method runs; a vendor needs the concrete one.
      String name = getClass().getName().substring(getClass().getName().lastIndexOf('.') + 1);
      String message = failure.getMessage().replace("-Dtest=" + CONTRACT_NAME + "#",
          "-Dtest=" + (name.indexOf('$') >= 0 ? "'" + name + "'" : name) + "#");
      if (message.equals(failure.getMessage())) {
        throw failure;
      }
      throw new AssertionError(message, failure);
    }
  }

  /** The invariant checked after every step. */
  private static void agree(PromotionStore store, PromotionStoreModel model) {
    for (PromotionId id : model.ids()) {
      assertThat(store.find(id)).as("find(%s)", id).isEqualTo(model.find(id));
    }
    assertThat(store.find(PromotionId.of("never-stored"))).as("find(never-stored)").isEmpty();
    for (ProjectId project : PromotionStoreModel.PROJECTS) {
      for (String key : PromotionStoreModel.KEYS) {
        assertThat(store.findByIdempotencyKey(project, key))
            .as("findByIdempotencyKey(%s, %s)", project, key)
            .isEqualTo(model.findByIdempotencyKey(project, key));
      }
      for (EnvironmentName target : PromotionStoreModel.ENVIRONMENTS) {
        assertThat(store.targetClaim(project, target))
            .as("targetClaim(%s, %s)", project, target)
            .isEqualTo(model.targetClaim(project, target));
      }
    }
    PromotionQuery everything = new PromotionQuery(Optional.empty(), Optional.empty(), Set.of(),
        Optional.empty(), Optional.empty(), Optional.empty(), false, 0, 1000);
    assertThat(PromotionStoreModelCommands.ids(store.query(everything).items()))
        .as("ids of a query of everything, newest first")
        .isEqualTo(PromotionStoreModelCommands.ids(model.all()));
    Instant now = model.now();
    PromotionStoreModelCommands.assertOutboxAnswer(
        store.pendingNotifications(now, PromotionStoreModelCommands.ALL), model.due(now),
        PromotionStoreModelCommands.ALL, "pendingNotifications(" + now + ", all)");
  }
}
