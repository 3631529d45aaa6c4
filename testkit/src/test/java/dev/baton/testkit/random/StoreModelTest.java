package dev.baton.testkit.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The usage example of the README and of the package documentation, kept compiling here. */
class StoreModelTest {
  /** A toy key-value store; the buggy one ignores a put to a key it already holds. */
  static final class Store {
    private final Map<String, Integer> entries = new HashMap<>();
    private final boolean ignoresOverwrites;

    Store(boolean ignoresOverwrites) {
      this.ignoresOverwrites = ignoresOverwrites;
    }

    void put(String key, int value) {
      if (ignoresOverwrites) {
        entries.putIfAbsent(key, value);
      } else {
        entries.put(key, value);
      }
    }

    Optional<Integer> get(String key) {
      return Optional.ofNullable(entries.get(key));
    }

    int size() {
      return entries.size();
    }
  }

  record Put(String key, int value) implements Command<Store, Map<String, Integer>> {
    @Override
    public void run(Store store, Map<String, Integer> model) {
      store.put(key, value);
      model.put(key, value);
    }
  }

  record Get(String key) implements Command<Store, Map<String, Integer>> {
    @Override
    public void run(Store store, Map<String, Integer> model) {
      assertThat(store.get(key)).isEqualTo(Optional.ofNullable(model.get(key)));
    }
  }

  private static ModelCheck<Store, Map<String, Integer>> storeCheck(Supplier<Store> newStore) {
    Gen<String> keys = Gen.strings("abc", 1, 2);
    return ModelCheck.of(newStore, HashMap<String, Integer>::new, Gen.oneOf(
            keys.flatMap(k -> Gen.choose(0, 9).map(v -> new Put(k, v))),
            keys.map(Get::new)))
        .sequences(500)
        .afterEach((store, model) -> assertThat(store.size()).isEqualTo(model.size()));
  }

  @Test
  void aCorrectStoreAgreesWithAMap() {
    storeCheck(() -> new Store(false)).check();
  }

  @Test
  void aStoreThatIgnoresOverwritesIsCaughtWithThreeCommands() {
    ModelCheckFailure failure =
        catchThrowableOfType(
            ModelCheckFailure.class, storeCheck(() -> new Store(true)).baseSeed(1)::check);

    // Keys shrink one command at a time, so the three keep whichever key they shared.
    String key = failure.shrunkSequence().get(2).replaceAll("Get\\[key=(.*)]", "$1");
    assertThat(failure.shrunkSequence())
        .containsExactly(
            "Put[key=" + key + ", value=0]",
            "Put[key=" + key + ", value=1]",
            "Get[key=" + key + "]");
  }
}
