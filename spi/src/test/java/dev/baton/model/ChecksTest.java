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
  // with the edges of the control ranges (U+001F, U+007E to U+00A0) and spaces that are not
  // whitespace to Character.isWhitespace (U+00A0, U+2007)
  private static final String ALPHABET =
      "aZ09._-/ \t\n\u0000\u007f\u0085\u00e9\u20ac:@x\u2003\u3000\ud83d\u001f\u007e\u0080"
          + "\u009f\u00a0\u2007\u2028";
  private static final String NAME_ALPHABET = "aZ09._-";
  // no control character and no whitespace: long ids that pass, but for one character put in
  private static final String PRINTABLE = "aZ09._-/:@x~\u00e9\u20ac\u00a0\u2007\ud83d";

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
    int longAccepted = 0;
    int longRefused = 0;
    for (String value : samples()) {
      boolean expected = !value.isBlank() && value.length() <= 200
          && value.chars().noneMatch(Character::isISOControl) && value.strip().equals(value);
      assertThat(accepts(() -> Checks.id(value, "id"))).as("'%s'", value)
          .isEqualTo(expected);
      if (value.length() >= 60) {
        longAccepted += expected ? 1 : 0;
        longRefused += expected ? 0 : 1;
      }
    }
    // the samples hold long ids both ways, not only the short ones
    assertThat(longAccepted).isGreaterThan(200);
    assertThat(longRefused).isGreaterThan(200);
  }

  private static List<String> samples() {
    List<String> samples = new ArrayList<>(List.of("", "a", "a..b", "a.b", "-a", "a-", "_",
        "p-0f8e2c4a-9b1d-4e6f-8a2b-3c4d5e6f7a8b", "a".repeat(63), "a".repeat(64),
        "a".repeat(200), "a".repeat(201), " a", "a ", "a\u0001b", "\u00e9t\u00e9"));
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder value = new StringBuilder();
      String alphabet = switch (i % 4) {
        case 0 -> ALPHABET;
        case 1 -> PRINTABLE;
        default -> NAME_ALPHABET;
      };
      int length = switch (random.nextInt(10)) {
        case 0, 1 -> 60 + random.nextInt(8);
        case 2 -> 196 + random.nextInt(8);
        default -> random.nextInt(6);
      };
      for (int j = 0; j < length; j++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (alphabet == PRINTABLE && length > 0 && random.nextBoolean()) {
        value.setCharAt(random.nextInt(length),
            ALPHABET.charAt(random.nextInt(ALPHABET.length())));
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
