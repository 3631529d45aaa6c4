package dev.baton.testkit.random;

/**
 * One step of a model-based test: applies the same operation to the system under test and to a
 * simple model of it, and asserts that the two agree.
 *
 * <p>{@link ModelCheck} runs random sequences of commands, each on a fresh system and model.
 * {@link #run} signals disagreement by throwing ({@link AssertionError} from the assertions, or
 * any exception the system threw); returning normally means they agreed. {@code toString()} is
 * what a failure report prints for the step, so make it short and complete (a record's does
 * nicely, or use {@link #of(String, Command)}).
 *
 * <h2>Commands that target existing state</h2>
 *
 * <p>Sequences are generated up front from the seed, before anything runs, so that a seed always
 * means the same sequence; and shrinking removes commands from it. A command must therefore not
 * carry a concrete identifier of something an earlier command creates (that earlier command may
 * be shrunk away, or may have created something else). Carry an index instead, and resolve it
 * against the model when the command runs; when there is nothing to target, do nothing on both
 * sides:
 *
 * <pre>{@code
 * // Approves the k-th pending promotion, whichever that is when the command runs.
 * record Approve(int k) implements Command<Baton, PromotionModel> {
 *   public void run(Baton baton, PromotionModel model) {
 *     List<PromotionId> pending = model.pending();
 *     if (pending.isEmpty()) {
 *       return;
 *     }
 *     PromotionId target = pending.get(k % pending.size());
 *     baton.promotions().approve(target, REVIEWER);
 *     model.approve(target, REVIEWER);
 *     assertThat(baton.promotions().get(target).status()).isEqualTo(model.status(target));
 *   }
 * }
 * Gen<Command<Baton, PromotionModel>> approve = Gen.choose(0, 1_000).map(Approve::new);
 * }</pre>
 *
 * <p>Then every subsequence the shrinker tries is still a meaningful sequence, and the shrunk
 * report reads as a story ({@code Request[...]}, {@code Approve[k=0]}, ...).
 *
 * <p>Implementations should be immutable values: the same command object is run again on fresh
 * systems while shrinking. Thread-safety follows from that.
 *
 * @param <S> the type of the system under test
 * @param <M> the type of the model
 * @since 0.1
 */
@FunctionalInterface
public interface Command<S, M> {
  /**
   * Applies the operation to both the system and the model, and asserts that they agree.
   *
   * @throws AssertionError if the system and the model disagree
   * @throws Exception if the system failed; counted as a failure of the sequence too
   * @since 0.1
   */
  void run(S system, M model) throws Exception;

  /**
   * A command with a readable {@code toString()}, for commands written as lambdas.
   *
   * <pre>{@code
   * Command<Stack, List<Integer>> pop = Command.of("pop", (stack, list) -> ...);
   * }</pre>
   *
   * @since 0.1
   */
  static <S, M> Command<S, M> of(String description, Command<S, M> body) {
    return new NamedCommand<>(description, body);
  }
}
