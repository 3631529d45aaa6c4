package dev.baton.testkit.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

/** Commands that drive a {@link BoundedStack} against a {@code List} model (top = last). */
final class StackCommands {
  private StackCommands() {}

  record Push(int value) implements Command<BoundedStack, List<Integer>> {
    @Override
    public void run(BoundedStack stack, List<Integer> model) {
      stack.push(value);
      model.add(value);
    }
  }

  record Pop() implements Command<BoundedStack, List<Integer>> {
    @Override
    public void run(BoundedStack stack, List<Integer> model) {
      Optional<Integer> expected =
          model.isEmpty() ? Optional.empty() : Optional.of(model.remove(model.size() - 1));
      assertThat(stack.pop()).as("popped").isEqualTo(expected);
      assertThat(stack.size()).as("size after pop").isEqualTo(model.size());
    }
  }

  record Size() implements Command<BoundedStack, List<Integer>> {
    @Override
    public void run(BoundedStack stack, List<Integer> model) {
      assertThat(stack.size()).as("size").isEqualTo(model.size());
    }
  }

  static Gen<Command<BoundedStack, List<Integer>>> commands() {
    return Gen.frequency(
        Gen.weighted(3, Gen.choose(-20, 20).map(Push::new)),
        Gen.weighted(1, Gen.constant(new Pop())),
        Gen.weighted(1, Gen.constant(new Size())));
  }
}
