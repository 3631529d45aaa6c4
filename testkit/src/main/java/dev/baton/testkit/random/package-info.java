/**
 * A small, seeded, replayable harness for property-based and model-based tests on plain JUnit 5.
 *
 * <ul>
 *   <li>{@link dev.baton.testkit.random.Gen} generates values from a seeded
 *       {@link dev.baton.testkit.random.Randomness}, with shrinking kept through its combinators.
 *   <li>{@link dev.baton.testkit.random.Property} checks a property over many values and shrinks
 *       a counterexample.
 *   <li>{@link dev.baton.testkit.random.ModelCheck} runs random sequences of
 *       {@link dev.baton.testkit.random.Command}s against a system and a model, and shrinks a
 *       failing sequence by delta debugging.
 *   <li>{@link dev.baton.testkit.random.Seeds} decides the seeds: {@code -Dbaton.seed=N} replays
 *       one case, {@code -Dbaton.runs=N} changes the count, {@code -Dbaton.baseSeed=N} repeats a
 *       whole run. Every failure names its seed and the Maven command line that replays it.
 * </ul>
 *
 * <p>A model-based test of a key-value store against a {@code HashMap}:
 *
 * <pre>{@code
 * record Put(String key, int value) implements Command<Store, Map<String, Integer>> {
 *   public void run(Store store, Map<String, Integer> model) {
 *     store.put(key, value);
 *     model.put(key, value);
 *   }
 * }
 * record Get(String key) implements Command<Store, Map<String, Integer>> {
 *   public void run(Store store, Map<String, Integer> model) {
 *     assertThat(store.get(key)).isEqualTo(Optional.ofNullable(model.get(key)));
 *   }
 * }
 *
 * Gen<String> keys = Gen.strings("abc", 1, 2);
 * ModelCheck.of(Store::new, HashMap<String, Integer>::new, Gen.oneOf(
 *         keys.flatMap(k -> Gen.choose(0, 9).map(v -> new Put(k, v))),
 *         keys.map(Get::new)))
 *     .sequences(200)
 *     .afterEach((store, model) -> assertThat(store.size()).isEqualTo(model.size()))
 *     .check();
 * }</pre>
 *
 * <p>A failure reads like this, and {@code .seed(-4211)} or the printed command replays it:
 *
 * <pre>
 * Model check failed on sequence 37 of 200 (seed -4211)
 * Original sequence: 23 commands; shrunk to 2 commands in 31 re-runs:
 *     1. Put[key=a, value=0]
 *     2. Get[key=a]   &lt;-- fails here
 * Failure: org.opentest4j.AssertionFailedError: expected: Optional[0] but was: Optional.empty
 * Replay: mvn -pl core -am test -Dtest=StoreModelTest#agreesWithAMap
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dbaton.seed=-4211
 * </pre>
 *
 * <p>No type here is thread-safe unless its Javadoc says so; the configuration objects
 * ({@code Gen}, {@code Property}, {@code ModelCheck}) are immutable.
 */
package dev.baton.testkit.random;
