package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;

/**
 * What the store contract suites share: a new, empty store of the implementation under test
 * before every test. An adapter author extends a suite ({@link PromotionStoreContract},
 * {@link PipelineStoreContract}, {@link FreezeStoreContract}), not this class. Not thread-safe;
 * JUnit creates one instance per test.
 *
 * @param <S> the port the suite checks
 * @since 0.1
 */
public abstract class StoreContract<S> {
  private S store;

  /**
   * A new, empty store; called before every test.
   *
   * @return a store that holds nothing yet and shares nothing with earlier ones
   * @since 0.1
   */
  protected abstract S newStore();

  /**
   * Creates the store under test; JUnit calls it before each test.
   *
   * @since 0.1
   */
  @BeforeEach
  public void createStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  /**
   * The store under test, as {@link #newStore()} made it for this test.
   *
   * @return the store
   * @since 0.1
   */
  protected final S store() {
    return store;
  }
}
