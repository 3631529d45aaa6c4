package dev.baton.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import org.junit.jupiter.api.Test;

/**
 * {@link YamlFile#checkSize}, which skips counting a text short enough in chars, against counting
 * every text ({@link YamlFile#utf8Length}): random texts of ASCII, two- and three-byte chars,
 * surrogate pairs and lone surrogates, under limits from a third of their chars to past their
 * bytes, are refused exactly when their UTF-8 length is over the limit, with the same message.
 */
class YamlSizeProperties {
  private static final String CHARS = "ab \n:é\u00ff\u0800\u4e2d\uffff\ud83d\ude00\ud800\udc00";

  private int skipped;
  private int refused;

  @Test
  void aTextIsRefusedExactlyWhenItsUtf8LengthIsOverTheLimit() {
    Property.forAll(Gen.of(r -> r.split())).runs(20_000).shrinkBudget(0).verify(this::check);
    assertThat(skipped).as("texts not counted").isGreaterThan(1_000);
    assertThat(refused).as("texts refused").isGreaterThan(2_000);
  }

  private void check(Randomness r) {
    StringBuilder text = new StringBuilder();
    for (int n = r.nextInt(0, 40); n > 0; n--) {
      text.append(CHARS.charAt(r.nextInt(0, CHARS.length() - 1)));
    }
    String s = text.toString();
    long bytes = YamlFile.utf8Length(s);
    assertThat(bytes).isLessThanOrEqualTo(3L * s.length());
    int limit = Math.max(1, r.nextInt(s.length() / 3, 3 * s.length() + 2));
    if (r.nextInt(0, 4) == 0) {
      limit = Math.max(1, (int) bytes + r.nextInt(-1, 1));
    }
    YamlLimits limits = new YamlLimits(limit, 4, 4);
    if (3L * s.length() <= limit) {
      skipped++;
    }
    String expected = bytes > limit ? "DOCUMENT_TOO_LARGE: p: is " + bytes
        + " bytes, more than the limit of " + limit + " bytes" : "ok";
    String outcome;
    try {
      YamlFile.checkSize("p", s, limits);
      outcome = "ok";
    } catch (BatonException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.DOCUMENT_TOO_LARGE);
      outcome = e.getMessage();
      refused++;
    }
    assertThat(outcome).as("outcome for %s bytes under %s", bytes, limit).isEqualTo(expected);
  }
}
