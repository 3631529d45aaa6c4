package dev.baton.testkit.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PropertyTest {
  private static PropertyFailure failureOf(Executable check) {
    PropertyFailure failure =
        catchThrowableOfType(
            PropertyFailure.class,
            () -> {
              try {
                check.execute();
              } catch (Throwable t) {
                throwUnchecked(t);
              }
            });
    assertThat(failure).as("the property should have failed").isNotNull();
    return failure;
  }

  private static void throwUnchecked(Throwable t) {
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    throw new IllegalStateException(t);
  }

  @Test
  void aTruePropertyRunsTheRequestedNumberOfCases() {
    AtomicInteger cases = new AtomicInteger();
    Property.forAll(Gen.listOf(Gen.choose(-50, 50), 0, 20))
        .runs(321)
        .check(
            list -> {
              cases.incrementAndGet();
              List<Integer> twice = new ArrayList<>(list);
              Collections.reverse(twice);
              Collections.reverse(twice);
              return twice.equals(list);
            });
    assertThat(cases).hasValue(321);
  }

  @Test
  void anIntShrinksToTheBoundary() {
    PropertyFailure failure =
        failureOf(() -> Property.forAll(Gen.choose(0, 100_000), 200, x -> x < 500));
    assertThat(failure.shrunk()).isEqualTo(500);
    assertThat((Integer) failure.original()).isGreaterThanOrEqualTo(500);
    assertThat(failure.getMessage())
        .contains("seed " + failure.seed())
        .contains("original: " + failure.original())
        .contains("shrunk:   500")
        .contains("-Dtest=PropertyTest#anIntShrinksToTheBoundary")
        .contains("-Dbaton.seed=" + failure.seed());
  }

  @Test
  void negativeIntsAndRangesWithoutZeroShrinkTowardsTheirTarget() {
    assertThat(
            failureOf(() -> Property.forAll(Gen.choose(-100_000, 100_000), 200, x -> x > -300))
                .shrunk())
        .isEqualTo(-300);
    assertThat(failureOf(() -> Property.forAll(Gen.choose(100, 1_000), 200, x -> x < 150)).shrunk())
        .isEqualTo(150);
  }

  @Test
  void aListShrinksToItsSmallestCounterexample() {
    Gen<List<Integer>> lists = Gen.listOf(Gen.choose(0, 100), 0, 30);

    PropertyFailure bigElement =
        failureOf(() -> Property.forAll(lists, 500, l -> l.stream().allMatch(x -> x < 50)));
    assertThat(bigElement.shrunk()).isEqualTo(List.of(50));

    PropertyFailure tooLong = failureOf(() -> Property.forAll(lists, 500, l -> l.size() < 4));
    assertThat(tooLong.shrunk()).isEqualTo(List.of(0, 0, 0, 0));

    PropertyFailure unsorted =
        failureOf(
            () ->
                Property.forAll(
                    lists,
                    500,
                    l -> {
                      List<Integer> sorted = new ArrayList<>(l);
                      Collections.sort(sorted);
                      return sorted.equals(l);
                    }));
    assertThat(unsorted.shrunk()).isEqualTo(List.of(1, 0));
  }

  @Test
  void stringsShrinkToo() {
    PropertyFailure failure =
        failureOf(() -> Property.forAll(Gen.strings("abc", 0, 20), 500, s -> !s.contains("cb")));
    assertThat(failure.shrunk()).isEqualTo("cb");
    assertThat(failure.getMessage()).contains("shrunk:   \"cb\"");
  }

  @Test
  void shrinkingWorksThroughFlatMapAndFilter() {
    Gen<List<Integer>> sized = Gen.choose(1, 20).flatMap(n -> Gen.listOf(Gen.choose(0, 9), n, n));
    assertThat(failureOf(() -> Property.forAll(sized, 300, l -> l.size() < 5)).shrunk())
        .isEqualTo(List.of(0, 0, 0, 0, 0));

    Gen<Integer> evens = Gen.choose(0, 1_000).filter(i -> i % 2 == 0);
    assertThat(failureOf(() -> Property.forAll(evens, 300, x -> x < 101)).shrunk())
        .isEqualTo(102);
  }

  @Test
  void assertionsInVerifyAreFailuresAndKeepTheirClassWhileShrinking() {
    PropertyFailure failure =
        failureOf(
            () ->
                Property.forAll(Gen.choose(0, 1_000))
                    .baseSeed(3)
                    .verify(
                        x -> {
                          if (x > 700) {
                            throw new IllegalStateException("too big: " + x);
                          }
                          assertThat(x).isLessThan(200);
                        }));
    assertThat(failure.getCause()).isNotNull();
    if (failure.getCause() instanceof IllegalStateException) {
      assertThat(failure.shrunk()).isEqualTo(701);
    } else {
      assertThat(failure.getCause()).isInstanceOf(AssertionError.class);
      assertThat(failure.shrunk()).isEqualTo(200);
    }
    assertThat(failure.getMessage()).contains("failure:  " + failure.getCause());
  }

  @Test
  void theReportedSeedReplaysTheSameCase() {
    Gen<List<Integer>> lists = Gen.listOf(Gen.choose(0, 100), 0, 30);
    PropertyFailure first =
        failureOf(() -> Property.forAll(lists).baseSeed(42).check(l -> l.size() < 10));

    PropertyFailure replayed =
        failureOf(() -> Property.forAll(lists).seed(first.seed()).check(l -> l.size() < 10));

    assertThat(replayed.seed()).isEqualTo(first.seed());
    assertThat(replayed.original()).isEqualTo(first.original());
    assertThat(replayed.shrunk()).isEqualTo(first.shrunk());
    assertThat(replayed.getMessage()).contains("case 1 of 1");
  }

  @Test
  void theSameBaseSeedFindsTheSameFailure() {
    Gen<Integer> ints = Gen.choose(0, 1_000_000);
    PropertyFailure first =
        failureOf(() -> Property.forAll(ints).baseSeed(5).check(x -> x % 7 != 3));
    PropertyFailure second =
        failureOf(() -> Property.forAll(ints).baseSeed(5).check(x -> x % 7 != 3));
    assertThat(second.getMessage()).isEqualTo(first.getMessage());
    assertThat(second.shrunk()).isEqualTo(3);
  }

  @Test
  void aZeroShrinkBudgetReportsTheOriginalValue() {
    PropertyFailure failure =
        failureOf(
            () -> Property.forAll(Gen.choose(0, 100_000)).shrinkBudget(0).check(x -> x < 10));
    assertThat(failure.shrunk()).isEqualTo(failure.original());
    assertThat(failure.shrinkSteps()).isZero();
  }
}
