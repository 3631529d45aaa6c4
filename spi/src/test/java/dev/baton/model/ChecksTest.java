package dev.baton.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.error.BatonException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written checks of names and ids accept exactly what their definitions do: the
 * {@link Checks#NAME} pattern (without "..") and, for ids, non-blank text of at most 200
 * characters with no control character and no surrounding space.
 */
class ChecksTest {
  private static final String ALPHABET =
      "aZ09._-/ \t\n\u0000\u007f\u0085\u00e9\u20ac:@x\u2003\u3000\ud83d";
  private static final String NAME_ALPHABET = "aZ09._-";

  @Test
  void namesAreWhatThePatternSays() {
    for (String value : samples()) {
      boolean expected = Checks.NAME.matcher(value).matches() && !value.contains("..");
      assertThat(accepts(() -> Checks.name(value, "name"))).as("'%s'", value)
          .isEqualTo(expected);
    }
  }

  @Test
  void idsAreNonBlankPrintableAndUnpadded() {
    for (String value : samples()) {
      boolean expected = !value.isBlank() && value.length() <= 200
          && value.chars().noneMatch(Character::isISOControl) && value.strip().equals(value);
      assertThat(accepts(() -> Checks.id(value, "id"))).as("'%s'", value)
          .isEqualTo(expected);
    }
  }

  private static List<String> samples() {
    List<String> samples = new ArrayList<>(List.of("", "a", "a..b", "a.b", "-a", "a-", "_",
        "p-0f8e2c4a-9b1d-4e6f-8a2b-3c4d5e6f7a8b", "a".repeat(63), "a".repeat(64),
        "a".repeat(200), "a".repeat(201), " a", "a ", "a\u0001b", "\u00e9t\u00e9"));
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder value = new StringBuilder();
      String alphabet = i % 2 == 0 ? ALPHABET : NAME_ALPHABET;
      int length = random.nextInt(5) == 0 ? 60 + random.nextInt(8) : random.nextInt(6);
      for (int j = 0; j < length; j++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      samples.add(value.toString());
    }
    return samples;
  }

  private static boolean accepts(Runnable check) {
    try {
      check.run();
      return true;
    } catch (BatonException e) {
      return false;
    }
  }
}
