package dev.baton.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link SensitiveNames#matches(String)}, which answers most names without its pattern (a name
 * lacking a character every pattern needs), gives what the patterns themselves give, for random
 * patterns and names of ASCII letters in both cases, digits, marks and characters that Unicode
 * case folding matches with ASCII ones (the Kelvin sign, the long s, the dotted and dotless i).
 */
class SensitiveNamesProperties {
  private static final String[] PIECES = {"a", "K", "k", "e", "Y", "y", "_", "-", ".", "1", "9",
      "s", "S", "i", "I", "T", "o", "\u212a", "\u017f", "\u0130", "\u0131", "é", "É", " ", "\\",
      "\"", "[", "key", "KEY", "token", "Secret", "pass"};

  private static String joined(Randomness random, int min, int max, String extra) {
    StringBuilder out = new StringBuilder();
    int n = random.nextInt(min, max);
    for (int i = 0; i < n; i++) {
      int k = random.nextInt(0, PIECES.length + extra.length() - 1);
      out.append(k < PIECES.length ? PIECES[k] : String.valueOf(extra.charAt(k - PIECES.length)));
    }
    return out.toString();
  }

  private record Case(List<String> patterns, List<String> names) {}

  @Test
  void aNameMatchesAsThePatternsSay() {
    AtomicInteger matched = new AtomicInteger();
    AtomicInteger asked = new AtomicInteger();
    Property.forAll(Gen.of(random -> {
      List<String> patterns = new ArrayList<>(SensitiveNames.BUILT_IN);
      int more = random.nextInt(0, 3);
      for (int i = 0; i < more; i++) {
        patterns.add(joined(random, 1, 4, "**??"));
      }
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        names.add(joined(random, 0, 5, ""));
      }
      return new Case(patterns, names);
    })).runs(2000).verify(c -> {
      SensitiveNames names = new SensitiveNames(c.patterns());
      Pattern pattern = regex(c.patterns());
      for (int round = 0; round < 2; round++) {
        for (String name : c.names()) {
          boolean expected = pattern.matcher(name).matches();
          assertThat(names.matches(name)).as(name + " by " + c.patterns()).isEqualTo(expected);
          asked.incrementAndGet();
          matched.addAndGet(expected ? 1 : 0);
        }
      }
    });
    // the property says something only if both answers are common
    assertThat(matched.get()).isGreaterThan(asked.get() / 20);
    assertThat(matched.get()).isLessThan(asked.get() * 19 / 20);
  }

  /**
   * Every ASCII character, as the prefilter's table notes it: a pattern holding the character
   * (besides the glob's own two) against names with it in either case, with every other ASCII
   * character, and with characters beyond ASCII.
   */
  @Test
  void everyAsciiCharacterCountsAsThePatternsSay() {
    for (char c = 0; c < 0x80; c++) {
      if (c == '*' || c == '?') {
        continue;
      }
      List<String> patterns = List.of("*" + c + "*", "?" + c);
      SensitiveNames names = new SensitiveNames(patterns);
      Pattern pattern = regex(patterns);
      for (char other = 0; other < 0x80; other++) {
        for (String name : List.of(String.valueOf(other), "x" + other,
            "" + Character.toLowerCase(other) + c, "" + c + Character.toUpperCase(other),
            other + "\u212a\u017f")) {
          assertThat(names.matches(name)).as("'" + name + "' by " + patterns)
              .isEqualTo(pattern.matcher(name).matches());
        }
      }
    }
  }

  // the patterns as SensitiveNames has always compiled them
  private static Pattern regex(List<String> patterns) {
    StringBuilder regex = new StringBuilder();
    for (String glob : patterns) {
      regex.append(regex.length() == 0 ? "" : "|").append("(?:");
      for (char c : glob.toCharArray()) {
        regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
      }
      regex.append(')');
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE
        | Pattern.DOTALL);
  }
}
