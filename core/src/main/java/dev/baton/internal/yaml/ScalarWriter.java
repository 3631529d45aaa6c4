package dev.baton.internal.yaml;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Writes a scalar value as YAML text in the style a target asks for, quoting where the text
 * would otherwise be read differently. Stateless and thread-safe.
 */
final class ScalarWriter {
  private static final Resolver RESOLVER = new Resolver();
  // YAML 1.2 core schema forms, plus the YAML 1.1 booleans SnakeYAML does not resolve (y, n):
  // a reader on either version must see a string
  private static final Pattern NOT_A_STRING_ELSEWHERE = Pattern.compile(
      "null|Null|NULL|~"
          + "|true|True|TRUE|false|False|FALSE"
          + "|y|Y|n|N|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF"
          + "|[-+]?[0-9][0-9_]*|0o[0-7]+|0x[0-9a-fA-F]+|0b[01_]+"
          + "|[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?"
          + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"
          + "|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?"
          + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*");
  private static final String LEADING_INDICATORS = "-?:,[]{}#&*!|>'\"%@`";
  private static final String FLOW_INDICATORS = ",[]{}";

  private ScalarWriter() {}

  /**
   * The text replacing a scalar written in {@code style}.
   *
   * @param inFlow whether the scalar sits inside a flow collection
   */
  static String write(ScalarStyle style, boolean inFlow, ScalarText value) {
    String v = value.value();
    switch (style) {
      case DOUBLE_QUOTED:
        return doubleQuoted(v);
      case SINGLE_QUOTED:
        return singleQuotable(v) ? singleQuoted(v) : doubleQuoted(v);
      case PLAIN:
        if (value.plain() && v.isEmpty()) {
          // an empty plain scalar is null; written out, it needs no trailing blank and fits
          // in a flow sequence, where an empty entry is an error
          return "null";
        }
        if (value.plain() ? validPlain(v, inFlow) : safePlain(v, inFlow) && readsAsString(v)) {
          return v;
        }
        return doubleQuoted(v);
      default:
        // a block scalar's indentation and chomping cannot hold every value; double quotes can
        return doubleQuoted(v);
    }
  }

  /** A mapping key for a new entry in a block mapping: plain when that still reads as text. */
  static String key(String key) {
    return safePlain(key, false) && readsAsString(key) ? key : doubleQuoted(key);
  }

  /** Whether the text, written plain, is a string under YAML 1.1 (SnakeYAML) and YAML 1.2. */
  static boolean readsAsString(String v) {
    return !v.isEmpty() && Tag.STR.equals(RESOLVER.resolve(NodeId.scalar, v, true))
        && !NOT_A_STRING_ELSEWHERE.matcher(v).matches();
  }

  /**
   * Whether the text can be written plain here and read back as the same text, allowing what a
   * source could have written plain: a leading '-', '?' or ':' before a non-blank ('-7').
   */
  static boolean validPlain(String v, boolean inFlow) {
    if (v.length() > 1 && "-?:".indexOf(v.charAt(0)) >= 0 && !YamlFile.isSpace(v.charAt(1))
        && (!inFlow || FLOW_INDICATORS.indexOf(v.charAt(1)) < 0)) {
      return safePlain("x" + v.substring(1), inFlow) && !v.startsWith("---");
    }
    return safePlain(v, inFlow);
  }

  /**
   * Whether the text can be written plain in this context and read back as the same text,
   * with the stricter rule for values that were quoted: no leading indicator at all.
   */
  static boolean safePlain(String v, boolean inFlow) {
    if (v.isEmpty() || LEADING_INDICATORS.indexOf(v.charAt(0)) >= 0
        || v.startsWith("...") || v.startsWith("---")
        || v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' '
        || v.contains(": ") || v.contains(" #") || v.endsWith(":")) {
      return false;
    }
    for (int i = 0; i < v.length(); ) {
      int c = v.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\t' || c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029
          || c == 0xFEFF || !StreamReader.isPrintable(c)) {
        return false;
      }
      // in flow context SnakeYAML ends a plain scalar at ':' before a flow indicator, and
      // older readers at any ':'
      if (inFlow && (FLOW_INDICATORS.indexOf(c) >= 0 || c == ':' || c == '#')) {
        return false;
      }
    }
    return true;
  }

  private static boolean singleQuotable(String v) {
    for (int i = 0; i < v.length(); ) {
      int c = v.codePointAt(i);
      i += Character.charCount(c);
      // a line break inside single quotes folds; a non-printable character cannot be written
      if (c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xFEFF
          || (c != '\t' && !StreamReader.isPrintable(c))) {
        return false;
      }
    }
    // a single-quoted scalar on one line keeps leading and trailing spaces and tabs
    return true;
  }

  static String singleQuoted(String v) {
    return "'" + v.replace("'", "''") + "'";
  }

  static String doubleQuoted(String v) {
    StringBuilder out = new StringBuilder(v.length() + 2).append('"');
    for (int i = 0; i < v.length(); ) {
      int c = v.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '\\': out.append("\\\\"); break;
        case '"': out.append("\\\""); break;
        case 0: out.append("\\0"); break;
        case 7: out.append("\\a"); break;
        case 8: out.append("\\b"); break;
        case '\t': out.append("\\t"); break;
        case '\n': out.append("\\n"); break;
        case 11: out.append("\\v"); break;
        case 12: out.append("\\f"); break;
        case '\r': out.append("\\r"); break;
        case 27: out.append("\\e"); break;
        case 0x85: out.append("\\N"); break;
        case 0x2028: out.append("\\L"); break;
        case 0x2029: out.append("\\P"); break;
        default:
          if (c == 0xFEFF || !StreamReader.isPrintable(c)
              || (c >= 0xD800 && c <= 0xDFFF)) {
            if (c <= 0xFF) {
              out.append(String.format("\\x%02X", c));
            } else if (c <= 0xFFFF) {
              out.append(String.format("\\u%04X", c));
            } else {
              out.append(String.format("\\U%08X", c));
            }
          } else {
            out.appendCodePoint(c);
          }
          break;
      }
    }
    return out.append('"').toString();
  }
}
