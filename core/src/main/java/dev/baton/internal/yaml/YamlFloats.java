package dev.baton.internal.yaml;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * The YAML float forms Jackson's YAML module gets wrong, fixed at the stream so that Jackson
 * still builds and walks the trees: its parser types {@code .inf} and {@code .nan} as floats but
 * cannot convert them, and its generator writes {@code NaN}, {@code 2} for a decimal two and
 * {@code 1E+10}, which YAML 1.1 readers take for text or an integer. Not thread-safe: one
 * instance per parser or generator.
 */
final class YamlFloats {
  private YamlFloats() {}

  /** Reads {@code .inf}, {@code -.Inf}, {@code .NaN} and their spellings as doubles. */
  static final class Parser extends JsonParserDelegate {
    Parser(JsonParser delegate) {
      super(delegate);
    }

    @Override
    public boolean isNaN() throws IOException {
      return special() != null || super.isNaN();
    }

    @Override
    public double getDoubleValue() throws IOException {
      Double special = special();
      return special != null ? special : super.getDoubleValue();
    }

    private Double special() throws IOException {
      if (!hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
        return null;
      }
      String text = getText().toLowerCase(Locale.ROOT);
      if (text.endsWith(".inf")) {
        return text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      return text.equals(".nan") ? Double.NaN : null;
    }
  }

  /** Writes every float so that a YAML 1.1 reader reads it back as the same float. */
  static final class Generator extends JsonGeneratorDelegate {
    Generator(JsonGenerator delegate) {
      super(delegate, false);
    }

    @Override
    public void writeNumber(double value) throws IOException {
      if (Double.isNaN(value)) {
        delegate.writeNumber(".nan");
      } else if (Double.isInfinite(value)) {
        delegate.writeNumber(value > 0 ? ".inf" : "-.inf");
      } else {
        writeNumber(BigDecimal.valueOf(value));
      }
    }

    @Override
    public void writeNumber(BigDecimal value) throws IOException {
      delegate.writeNumber(text(value));
    }
  }

  // YAML 1.1 floats need a '.' and a signed exponent, or a reader takes them for ints or text
  private static String text(BigDecimal decimal) {
    BigDecimal value = decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
    String plain = value.toPlainString();
    if (plain.length() <= 40) {
      return plain.contains(".") ? plain : plain + ".0";
    }
    String digits = value.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - value.scale();
    String mantissa = digits.substring(0, 1) + "." + (digits.length() > 1 ? digits.substring(1)
        : "0");
    return (value.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
        + Math.abs(exponent);
  }
}
