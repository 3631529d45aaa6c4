package dev.baton.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyedTable} against a {@code HashMap} from each value's key to the value: random adds
 * (new keys and keys already there) and look-ups (of keys there and not), through several
 * growths of the table, with keys that share prefixes, differ only at the end, and collide
 * ({@code "Aa"} and {@code "BB"} hash alike), as promotion ids do.
 */
class KeyedTableProperties {
  /** A value and the key it carries. */
  record Value(String key, int number) {}

  /** One step: an add when {@code add}, else a look-up. */
  record Step(boolean add, String key, int number) {}

  @Test
  void answersAsAHashMapFromEachValuesKey() {
    int[] found = new int[1];
    Property.forAll(Gen.of(KeyedTableProperties::steps)).runs(300).verify(steps -> {
      KeyedTable<String, Value> table = new KeyedTable<>(Value::key);
      Map<String, Value> plain = new HashMap<>();
      for (Step step : steps) {
        if (step.add()) {
          Value value = new Value(step.key(), step.number());
          assertThat(table.putIfAbsent(value)).as("%s", step)
              .isSameAs(plain.putIfAbsent(step.key(), value));
        } else {
          Value expected = plain.get(step.key());
          assertThat(table.get(step.key())).as("%s", step).isSameAs(expected);
          if (expected != null) {
            found[0]++;
          }
        }
        assertThat(table.size()).isEqualTo(plain.size());
      }
      for (Map.Entry<String, Value> entry : plain.entrySet()) {
        assertThat(table.get(entry.getKey())).isSameAs(entry.getValue());
      }
    });
    assertThat(found[0]).isGreaterThan(10_000);
  }

  private static List<Step> steps(Randomness random) {
    List<Step> steps = new ArrayList<>();
    int keys = random.nextInt(1, 3_000);
    for (int i = random.nextInt(0, 4_000); i > 0; i--) {
      steps.add(new Step(random.nextInt(0, 2) > 0, key(random, keys), random.nextInt(0, 9)));
    }
    return steps;
  }

  private static String key(Randomness random, int keys) {
    int n = random.nextInt(0, keys);
    return switch (n % 4) {
      case 0 -> "p-" + n;
      case 1 -> "p-" + Integer.toHexString(n * 7919) + "-" + n;
      // equal hash codes: "Aa" and "BB" hash alike, so do strings made of them
      case 2 -> (n % 8 < 4 ? "Aa" : "BB") + "-" + (n / 8);
      default -> String.valueOf(n);
    };
  }
}
