package dev.baton.testkit.random;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** A toy system under test: a stack that can be built with a bug that drops the 4th element. */
final class BoundedStack {
  private final Deque<Integer> items = new ArrayDeque<>();
  private final boolean dropsFourth;

  private BoundedStack(boolean dropsFourth) {
    this.dropsFourth = dropsFourth;
  }

  static BoundedStack correct() {
    return new BoundedStack(false);
  }

  static BoundedStack buggy() {
    return new BoundedStack(true);
  }

  void push(int value) {
    if (dropsFourth && items.size() == 3) {
      return;
    }
    items.push(value);
  }

  Optional<Integer> pop() {
    return Optional.ofNullable(items.poll());
  }

  int size() {
    return items.size();
  }
}
