package dev.baton.testkit.random;

import java.util.Objects;

/** A command that prints as its description; behind {@link Command#of}. */
final class NamedCommand<S, M> implements Command<S, M> {
  private final String description;
  private final Command<S, M> body;

  NamedCommand(String description, Command<S, M> body) {
    this.description = Objects.requireNonNull(description, "description");
    this.body = Objects.requireNonNull(body, "body");
  }

  @Override
  public void run(S system, M model) throws Exception {
    body.run(system, model);
  }

  @Override
  public String toString() {
    return description;
  }
}
