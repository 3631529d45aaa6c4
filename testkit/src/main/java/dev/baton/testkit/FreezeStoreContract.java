package dev.baton.testkit;

import static dev.baton.testkit.SamplePromotions.OTHER_PROJECT;
import static dev.baton.testkit.SamplePromotions.PRODUCTION;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static dev.baton.testkit.SamplePromotions.STAGING;
import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.BreakGlass;
import dev.baton.model.Freeze;
import dev.baton.spi.FreezeStore;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link FreezeStore}, as JUnit 5 tests. Extend it and return a fresh, empty
 * store from {@link #newStore()}.
 *
 * <p>What is checked: a freeze is kept whole (with and without an end), replaced and lifted per
 * environment; lifting nothing is a no-op; break-glass sessions are kept per environment, oldest
 * first. Test methods are public so that other suites may call them one by one.
 *
 * @since 0.1
 */
public abstract class FreezeStoreContract extends StoreContract<FreezeStore> {
  /**
   * An empty store knows no freeze and no session.
   *
   * @since 0.1
   */
  @Test
  public void emptyStoreHasNothing() {
    assertThat(store().freeze(PROJECT, PRODUCTION)).isEmpty();
    assertThat(store().breakGlassSessions(PROJECT, PRODUCTION)).isEmpty();
  }

  /**
   * A freeze is kept whole, with or without an end.
   *
   * @since 0.1
   */
  @Test
  public void freezeIsKeptWhole() {
    Freeze open = SamplePromotions.freeze(PROJECT, PRODUCTION, T0);
    Freeze window = new Freeze(PROJECT, STAGING, "quarter end", SamplePromotions.CAROL,
        T0.plus(Duration.ofDays(1)), Optional.of(T0.plus(Duration.ofDays(2))));

    store().putFreeze(open);
    store().putFreeze(window);

    assertThat(store().freeze(PROJECT, PRODUCTION)).contains(open);
    assertThat(store().freeze(PROJECT, STAGING)).contains(window);
  }

  /**
   * A second freeze of the same environment replaces the first.
   *
   * @since 0.1
   */
  @Test
  public void putFreezeReplaces() {
    store().putFreeze(SamplePromotions.freeze(PROJECT, PRODUCTION, T0));
    Freeze later = new Freeze(PROJECT, PRODUCTION, "incident", SamplePromotions.ALICE,
        T0.plusSeconds(60), Optional.of(T0.plusSeconds(3600)));

    store().putFreeze(later);

    assertThat(store().freeze(PROJECT, PRODUCTION)).contains(later);
  }

  /**
   * Freezes are per project and per environment.
   *
   * @since 0.1
   */
  @Test
  public void freezesStayApart() {
    Freeze mine = SamplePromotions.freeze(PROJECT, PRODUCTION, T0);

    store().putFreeze(mine);

    assertThat(store().freeze(PROJECT, STAGING)).isEmpty();
    assertThat(store().freeze(OTHER_PROJECT, PRODUCTION)).isEmpty();
  }

  /**
   * Lifting removes only that environment's freeze.
   *
   * @since 0.1
   */
  @Test
  public void removeFreezeLiftsOnlyThatEnvironment() {
    Freeze staging = SamplePromotions.freeze(PROJECT, STAGING, T0);
    Freeze theirs = SamplePromotions.freeze(OTHER_PROJECT, PRODUCTION, T0);
    store().putFreeze(SamplePromotions.freeze(PROJECT, PRODUCTION, T0));
    store().putFreeze(staging);
    store().putFreeze(theirs);

    store().removeFreeze(PROJECT, PRODUCTION);

    assertThat(store().freeze(PROJECT, PRODUCTION)).isEmpty();
    assertThat(store().freeze(PROJECT, STAGING)).contains(staging);
    assertThat(store().freeze(OTHER_PROJECT, PRODUCTION)).contains(theirs);
  }

  /**
   * Lifting an environment that has no freeze is a no-op.
   *
   * @since 0.1
   */
  @Test
  public void removeFreezeWithoutFreezeIsANoOp() {
    store().removeFreeze(PROJECT, PRODUCTION);
    store().putFreeze(SamplePromotions.freeze(PROJECT, PRODUCTION, T0));
    store().removeFreeze(PROJECT, PRODUCTION);
    store().removeFreeze(PROJECT, PRODUCTION);

    assertThat(store().freeze(PROJECT, PRODUCTION)).isEmpty();
  }

  /**
   * Break-glass sessions are listed oldest first, whatever order they were recorded in.
   *
   * @since 0.1
   */
  @Test
  public void breakGlassSessionsComeOldestFirst() {
    BreakGlass second = SamplePromotions.breakGlass(PROJECT, PRODUCTION, T0.plusSeconds(7200));
    BreakGlass first = SamplePromotions.breakGlass(PROJECT, PRODUCTION, T0);
    BreakGlass third = SamplePromotions.breakGlass(PROJECT, PRODUCTION, T0.plusSeconds(9000));

    store().addBreakGlass(second);
    store().addBreakGlass(first);
    store().addBreakGlass(third);

    assertThat(store().breakGlassSessions(PROJECT, PRODUCTION))
        .containsExactly(first, second, third);
  }

  /**
   * Break-glass sessions are per project and per environment, and survive lifting a freeze.
   *
   * @since 0.1
   */
  @Test
  public void breakGlassSessionsStayApart() {
    BreakGlass mine = SamplePromotions.breakGlass(PROJECT, PRODUCTION, T0);
    BreakGlass staging = SamplePromotions.breakGlass(PROJECT, STAGING, T0);
    store().putFreeze(SamplePromotions.freeze(PROJECT, PRODUCTION, T0));
    store().addBreakGlass(mine);
    store().addBreakGlass(staging);

    store().removeFreeze(PROJECT, PRODUCTION);

    assertThat(store().breakGlassSessions(PROJECT, PRODUCTION)).containsExactly(mine);
    assertThat(store().breakGlassSessions(PROJECT, STAGING)).containsExactly(staging);
    assertThat(store().breakGlassSessions(OTHER_PROJECT, PRODUCTION)).isEmpty();
  }
}
