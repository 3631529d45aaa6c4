package dev.baton.testkit.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.testkit.random.StackCommands.Pop;
import dev.baton.testkit.random.StackCommands.Push;
import dev.baton.testkit.random.StackCommands.Size;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ModelCheckTest {
  private static ModelCheck<BoundedStack, List<Integer>> buggyStack() {
    return ModelCheck.of(BoundedStack::buggy, ArrayList<Integer>::new, StackCommands.commands());
  }

  private static ModelCheck<BoundedStack, List<Integer>> correctStack() {
    return ModelCheck.of(BoundedStack::correct, ArrayList<Integer>::new, StackCommands.commands());
  }

  private static ModelCheckFailure failureOf(ModelCheck<?, ?> check) {
    ModelCheckFailure failure = catchThrowableOfType(ModelCheckFailure.class, check::check);
    assertThat(failure).as("the check should have failed").isNotNull();
    return failure;
  }

  @Test
  void aCorrectSystemPassesAThousandSequences() {
    AtomicInteger systems = new AtomicInteger();
    ModelCheck.of(
            () -> {
              systems.incrementAndGet();
              return BoundedStack.correct();
            },
            ArrayList<Integer>::new,
            StackCommands.commands())
        .sequences(1_000)
        .length(0, 40)
        .afterEach((stack, model) -> assertThat(stack.size()).isEqualTo(model.size()))
        .check();
    assertThat(systems).hasValue(1_000);
  }

  @Test
  void findsTheDroppedElementAndShrinksToFourPushesAndOneCheck() {
    ModelCheckFailure failure = failureOf(buggyStack().baseSeed(20261122L).length(10, 40));

    assertThat(failure.shrunkSequence()).hasSize(5);
    assertThat(failure.shrunkSequence().subList(0, 4)).allMatch(c -> c.startsWith("Push["));
    assertThat(failure.shrunkSequence().get(4)).isIn("Pop[]", "Size[]");
    assertThat(failure.originalLength()).isGreaterThanOrEqualTo(5);
    assertThat(failure.getMessage())
        .contains("seed " + failure.seed())
        .contains("Original sequence: " + failure.originalLength() + " commands")
        .contains("shrunk to 5 commands")
        .contains(
            "-pl testkit -am test -Dtest=ModelCheckTest"
                + "#findsTheDroppedElementAndShrinksToFourPushesAndOneCheck")
        .contains("-Dbaton.seed=" + failure.seed());
    for (String command : failure.shrunkSequence()) {
      assertThat(failure.getMessage()).containsPattern("\\n +\\d\\. \\Q" + command + "\\E");
    }
    assertThat(failure.getCause()).isInstanceOf(AssertionError.class);
  }

  @Test
  void shrinkingReachesTheMinimumFromManyDifferentSeeds() {
    for (long base = 0; base < 40; base++) {
      ModelCheckFailure failure = failureOf(buggyStack().baseSeed(base).length(5, 60));
      assertThat(failure.shrunkSequence()).as("base seed %d", base).hasSize(5);
      // Values shrink too: pushes of zero, except where a Pop needs distinct values to fail.
      assertThat(failure.shrunkSequence().subList(0, 3)).containsOnly("Push[value=0]");
    }
  }

  @Test
  void theReportedSeedReplaysTheSameFailure() {
    ModelCheckFailure first = failureOf(buggyStack().baseSeed(7L));

    ModelCheckFailure replayed = failureOf(buggyStack().seed(first.seed()));

    assertThat(replayed.seed()).isEqualTo(first.seed());
    assertThat(replayed.originalLength()).isEqualTo(first.originalLength());
    assertThat(replayed.shrunkSequence()).isEqualTo(first.shrunkSequence());
    assertThat(replayed.getMessage()).contains("sequence 1 of 1 (seed " + first.seed() + ")");
  }

  @Test
  void theSeedSystemPropertyReplaysOneSequence() {
    ModelCheckFailure first = failureOf(buggyStack().baseSeed(99L));
    AtomicInteger systems = new AtomicInteger();
    ModelCheck<BoundedStack, List<Integer>> check =
        ModelCheck.of(
                () -> {
                  systems.incrementAndGet();
                  return BoundedStack.buggy();
                },
                ArrayList<Integer>::new,
                StackCommands.commands())
            .shrinkBudget(0);

    System.setProperty(Seeds.SEED_PROPERTY, Long.toString(first.seed()));
    ModelCheckFailure replayed;
    try {
      replayed = failureOf(check);
    } finally {
      System.clearProperty(Seeds.SEED_PROPERTY);
    }

    assertThat(replayed.seed()).isEqualTo(first.seed());
    assertThat(replayed.originalLength()).isEqualTo(first.originalLength());
    assertThat(systems).as("one sequence, no shrinking re-runs").hasValue(1);
  }

  @Test
  void theRunsSystemPropertyOverridesTheCount() {
    AtomicInteger systems = new AtomicInteger();
    ModelCheck<BoundedStack, List<Integer>> check =
        ModelCheck.of(
                () -> {
                  systems.incrementAndGet();
                  return BoundedStack.correct();
                },
                ArrayList<Integer>::new,
                StackCommands.commands())
            .sequences(500);

    System.setProperty(Seeds.RUNS_PROPERTY, "17");
    try {
      check.check();
    } finally {
      System.clearProperty(Seeds.RUNS_PROPERTY);
    }

    assertThat(systems).hasValue(17);
  }

  @Test
  void theSameSeedAlwaysMeansTheSameSequence() {
    ModelCheck<BoundedStack, List<Integer>> check = correctStack().length(0, 50);
    for (long seed = -50; seed < 50; seed++) {
      assertThat(strings(check.sequence(seed))).isEqualTo(strings(check.sequence(seed)));
    }
    Set<List<String>> distinct =
        IntStream.range(0, 50)
            .mapToObj(seed -> strings(check.sequence(seed)))
            .collect(Collectors.toSet());
    assertThat(distinct).hasSizeGreaterThan(45);
    assertThat(check.length(3, 3).sequence(1L)).hasSize(3);
  }

  @Test
  void aFailureIsFoundTheSameWayForTheSameBaseSeed() {
    ModelCheckFailure first = failureOf(buggyStack().baseSeed(4242L));
    ModelCheckFailure second = failureOf(buggyStack().baseSeed(4242L));

    assertThat(second.getMessage()).isEqualTo(first.getMessage());
  }

  @Test
  void everyRunGetsAFreshSystemAndModelAndClosesThem() {
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    AtomicInteger models = new AtomicInteger();
    Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    ModelCheck<CountingStack, List<Integer>> check =
        ModelCheck.of(
            () -> new CountingStack(BoundedStack.buggy(), opened, closed),
            () -> {
              models.incrementAndGet();
              return new ArrayList<Integer>();
            },
            Gen.frequency(
                Gen.weighted(3, Gen.choose(0, 9).map(CountingStack.Push::new)),
                Gen.weighted(1, Gen.constant(new CountingStack.Size()))))
            .afterEach((stack, model) -> assertThat(seen.add(stack) || stack.used).isTrue());

    ModelCheckFailure failure = failureOf(check.baseSeed(3L));

    assertThat(failure.shrunkSequence()).hasSize(5);
    assertThat(opened.get()).isGreaterThan(10).isEqualTo(closed.get()).isEqualTo(models.get());
    assertThat(seen).hasSizeLessThanOrEqualTo(opened.get());
  }

  @Test
  void aFailureToCloseIsAFailureOfTheSequence() {
    ModelCheck<CountingStack, List<Integer>> check =
        ModelCheck.of(
                () -> new CountingStack(BoundedStack.correct(), new AtomicInteger(),
                    new AtomicInteger()).failingToCloseAbove(2),
                ArrayList<Integer>::new,
                Gen.frequency(
                    Gen.weighted(2, Gen.choose(0, 9).map(CountingStack.Push::new)),
                    Gen.weighted(1, Gen.constant(new CountingStack.Size()))))
            .length(10, 20)
            .baseSeed(11L);

    ModelCheckFailure failure = failureOf(check);

    assertThat(failure.shrunkSequence())
        .containsExactly("Push[value=0]", "Push[value=0]", "Push[value=0]");
    assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class);
    assertThat(failure.getMessage()).contains("fails when closing");
  }

  @Test
  void anInvariantViolationIsShrunkToo() {
    ModelCheck<BoundedStack, List<Integer>> check =
        ModelCheck.of(
                BoundedStack::correct,
                ArrayList<Integer>::new,
                StackCommands.commands())
            .afterEach((stack, model) -> assertThat(stack.size()).isLessThan(6))
            .length(20, 40)
            .baseSeed(5L);

    ModelCheckFailure failure = failureOf(check);

    assertThat(failure.shrunkSequence()).hasSize(6).containsOnly("Push[value=0]");
    assertThat(failure.getMessage()).contains("6. Push[value=0]   <-- fails here");
  }

  @Test
  void shrinkingKeepsTheClassOfTheOriginalFailure() {
    Map<String, Command<Counter, int[]>> byName = new LinkedHashMap<>();
    byName.put("inc", Command.of("inc", (c, m) -> {
      c.inc();
      m[0]++;
    }));
    byName.put("dec", Command.of("dec", (c, m) -> {
      c.dec();
      m[0]--;
    }));
    byName.put("check", Command.of("check", (c, m) -> assertThat(c.value).isEqualTo(m[0])));
    ModelCheck<Counter, int[]> check =
        ModelCheck.of(Counter::new, () -> new int[1], Gen.elementOf(List.copyOf(byName.values())))
            .length(5, 30);
    Set<Class<?>> originalKinds = new HashSet<>();
    for (long seed = 0; seed < 120; seed++) {
      Class<?> original = failureClass(check.sequence(seed));
      if (original == null) {
        continue;
      }
      originalKinds.add(original);
      ModelCheckFailure failure = failureOf(check.seed(seed));
      assertThat(failure.getCause()).as("seed %d", seed).isExactlyInstanceOf(original);
      List<Command<Counter, int[]>> shrunk =
          failure.shrunkSequence().stream().map(byName::get).collect(Collectors.toList());
      assertThat(failureClass(shrunk)).isEqualTo(original);
      for (int i = 0; i < shrunk.size(); i++) {
        List<Command<Counter, int[]>> smaller = new ArrayList<>(shrunk);
        smaller.remove(i);
        assertThat(failureClass(smaller)).as("seed %d without command %d", seed, i + 1)
            .isNotEqualTo(original);
      }
      if (original == IllegalStateException.class) {
        assertThat(failure.shrunkSequence()).containsExactly("inc", "inc", "inc", "inc");
      } else {
        assertThat(failure.shrunkSequence()).endsWith("dec", "check");
      }
    }
    assertThat(originalKinds).hasSize(2);
  }

  /** Runs a sequence by hand, the way ModelCheck does, to learn how it fails unshrunk. */
  private static Class<?> failureClass(List<Command<Counter, int[]>> sequence) {
    Counter counter = new Counter();
    int[] model = new int[1];
    try {
      for (Command<Counter, int[]> command : sequence) {
        command.run(counter, model);
      }
      return null;
    } catch (Exception | AssertionError e) {
      return e.getClass();
    }
  }

  @Test
  void commandsThatTargetStateByIndexStayMeaningfulWhileShrinking() {
    // Registry with a bug: with exactly three entries, removing one removes the oldest instead.
    ModelCheck<List<String>, List<String>> check =
        ModelCheck.of(
                ArrayList<String>::new,
                ArrayList<String>::new,
                Gen.frequency(
                    Gen.weighted(2, Gen.strings("xyz", 1, 3).map(AddEntry::new)),
                    Gen.weighted(1, Gen.choose(0, 1_000).map(RemoveEntry::new))))
            .afterEach((system, model) -> assertThat(system).isEqualTo(model))
            .length(10, 30);

    for (long base = 0; base < 30; base++) {
      ModelCheckFailure failure = failureOf(check.baseSeed(base));
      // Three entries, then a removal whose index still lands on one of them.
      assertThat(failure.shrunkSequence()).as("base seed %d", base).hasSize(4);
      assertThat(failure.shrunkSequence().subList(0, 3)).allMatch(c -> c.startsWith("AddEntry["));
      assertThat(failure.shrunkSequence().get(3)).isIn("RemoveEntry[k=1]", "RemoveEntry[k=2]");
    }
  }

  private record AddEntry(String name) implements Command<List<String>, List<String>> {
    @Override
    public void run(List<String> system, List<String> model) {
      system.add(name);
      model.add(name);
    }
  }

  /** Removes the k-th entry present when it runs (k modulo the size); nothing when empty. */
  private record RemoveEntry(int k) implements Command<List<String>, List<String>> {
    @Override
    public void run(List<String> system, List<String> model) {
      if (model.isEmpty()) {
        return;
      }
      int index = k % model.size();
      model.remove(index);
      system.remove(system.size() == 3 ? 0 : index);
    }
  }

  private static List<String> strings(List<? extends Command<?, ?>> commands) {
    return commands.stream().map(String::valueOf).collect(Collectors.toList());
  }

  /** A counter whose inc fails at 3 and whose dec at 2 is lost. */
  private static final class Counter {
    int value;

    void inc() {
      if (value == 3) {
        throw new IllegalStateException("overflow at 3");
      }
      value++;
    }

    void dec() {
      if (value != 2) {
        value--;
      }
    }
  }

  /** A stack that counts how often it was opened and closed, and may refuse to close. */
  private static final class CountingStack implements AutoCloseable {
    private final BoundedStack stack;
    private final AtomicInteger closed;
    private int closeLimit = Integer.MAX_VALUE;
    boolean used;

    CountingStack(BoundedStack stack, AtomicInteger opened, AtomicInteger closed) {
      this.stack = stack;
      this.closed = closed;
      opened.incrementAndGet();
    }

    CountingStack failingToCloseAbove(int limit) {
      closeLimit = limit;
      return this;
    }

    @Override
    public void close() {
      closed.incrementAndGet();
      if (stack.size() > closeLimit) {
        throw new IllegalStateException("closed while holding " + stack.size() + " items");
      }
    }

    record Push(int value) implements Command<CountingStack, List<Integer>> {
      @Override
      public void run(CountingStack system, List<Integer> model) {
        system.used = true;
        system.stack.push(value);
        model.add(value);
      }
    }

    record Size() implements Command<CountingStack, List<Integer>> {
      @Override
      public void run(CountingStack system, List<Integer> model) {
        assertThat(system.stack.size()).isEqualTo(model.size());
      }
    }
  }
}
