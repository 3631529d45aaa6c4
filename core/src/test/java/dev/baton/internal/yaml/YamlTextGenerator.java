package dev.baton.internal.yaml;

import dev.baton.testkit.random.Randomness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Writes random YAML text and, beside it, the plain-Java tree it must read as: block and flow
 * collections, plain, single-quoted, double-quoted and literal scalars, comments on their own
 * lines and trailing, blank lines, LF or CRLF, several documents with {@code ---} and
 * {@code ...}, and non-BMP characters. Single-use.
 */
final class YamlTextGenerator {
  private static final List<String> PLAIN = List.of("hello", "hello world", "v1.2.3", "1.10",
      "42", "-7", "true", "no", "null", "~", "0x1F", "3.0", "émoji😀", "a-b_c", "x.y/z", "1.9");
  private static final String QUOTED = "ab z:#,'\"\\-[]{}\t😀é.1";
  private static final String COMMENT = "ab z:#,'\"\t😀é🚀-";
  private static final Yaml ORACLE = new Yaml(new SafeConstructor(new LoaderOptions()));

  private final Randomness r;
  private final String nl;
  private final StringBuilder out = new StringBuilder();
  private final List<Object> expected = new ArrayList<>();

  YamlTextGenerator(Randomness r) {
    this.r = r;
    this.nl = r.nextBoolean() ? "\n" : "\r\n";
  }

  List<Object> expected() {
    return expected;
  }

  String documents() {
    int docs = r.nextInt(1, 3);
    if (r.nextInt(0, 3) == 0) {
      comment(0);
    }
    for (int d = 0; d < docs; d++) {
      if (d > 0 || r.nextBoolean()) {
        out.append("---").append(r.nextInt(0, 3) == 0 ? " # doc 😀" : "").append(nl);
      }
      expected.add(blockMap(0, 3));
      if (r.nextInt(0, 3) == 0) {
        out.append("...").append(nl);
      }
    }
    return out.toString();
  }

  private Map<String, Object> blockMap(int indent, int depth) {
    return blockMap(indent, depth, true);
  }

  private Map<String, Object> blockMap(int indent, int depth, boolean indentFirst) {
    Map<String, Object> map = new LinkedHashMap<>();
    int n = r.nextInt(1, 4);
    for (int i = 0; i < n; i++) {
      boolean first = i == 0 && !indentFirst;
      if (!first) {
        if (r.nextInt(0, 4) == 0) {
          comment(indent);
        }
        if (r.nextInt(0, 5) == 0) {
          out.append(r.nextBoolean() ? "" : " ".repeat(indent)).append(nl);
        }
        out.append(" ".repeat(indent));
      }
      String key = "k" + i;
      switch (r.nextInt(0, 5)) {
        case 0: out.append('"').append("key ").append(i).append(" 😀\""); key = "key " + i + " 😀"; break;
        case 1: out.append("'k").append(i).append("'"); break;
        default: out.append(key); break;
      }
      out.append(':');
      map.put(key, blockValue(indent, depth));
    }
    return map;
  }

  private Object blockValue(int indent, int depth) {
    int kind = r.nextInt(0, depth > 0 ? 9 : 5);
    if (kind <= 3) {
      out.append(' ');
      Object value = scalar(false);
      trailing();
      return value;
    }
    if (kind == 4) {
      return literal(indent);
    }
    if (kind <= 6) {
      out.append(' ');
      Object value = flow(depth - 1);
      trailing();
      return value;
    }
    if (r.nextBoolean()) {
      out.append(r.nextBoolean() ? "   # block 🚀" : "").append(nl);
    } else {
      out.append(nl);
    }
    return kind == 7 ? blockMap(indent + r.nextInt(1, 4), depth - 1)
        : blockSeq(indent + (r.nextBoolean() ? 0 : 2), depth - 1);
  }

  private List<Object> blockSeq(int indent, int depth) {
    List<Object> list = new ArrayList<>();
    int n = r.nextInt(1, 3);
    for (int i = 0; i < n; i++) {
      if (r.nextInt(0, 4) == 0) {
        comment(indent);
      }
      out.append(" ".repeat(indent)).append('-');
      int kind = r.nextInt(0, depth > 0 ? 6 : 3);
      if (kind <= 1) {
        out.append(' ');
        list.add(scalar(false));
        trailing();
      } else if (kind == 2) {
        list.add(literal(indent));
      } else if (kind == 3) {
        out.append(' ');
        list.add(flow(depth - 1));
        trailing();
      } else if (kind == 4) {
        out.append(' ');
        list.add(blockMap(indent + 2, depth - 1, false));
      } else {
        out.append(nl);
        list.add(blockSeq(indent + 2, depth - 1));
      }
    }
    return list;
  }

  private Object flow(int depth) {
    int n = r.nextInt(0, 3);
    if (r.nextBoolean()) {
      Map<String, Object> map = new LinkedHashMap<>();
      out.append('{');
      for (int i = 0; i < n; i++) {
        out.append(i > 0 ? ", " : "").append("f").append(i).append(": ");
        map.put("f" + i, depth > 0 && r.nextInt(0, 3) == 0 ? flow(depth - 1) : scalar(true));
      }
      out.append('}');
      return map;
    }
    List<Object> list = new ArrayList<>();
    out.append('[');
    for (int i = 0; i < n; i++) {
      out.append(i > 0 ? ", " : "");
      list.add(depth > 0 && r.nextInt(0, 3) == 0 ? flow(depth - 1) : scalar(true));
    }
    out.append(']');
    return list;
  }

  private Object scalar(boolean inFlow) {
    switch (r.nextInt(0, 2)) {
      case 0: {
        String text = PLAIN.get(r.nextInt(0, PLAIN.size() - 1));
        out.append(text);
        return YamlEditProperties.normalize(ORACLE.load(text));
      }
      case 1: {
        String value = random(QUOTED, 0, 8);
        out.append('\'').append(value.replace("'", "''")).append('\'');
        return value;
      }
      default: {
        String value = random(QUOTED + "\n", 0, 8);
        out.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")
            .replace("\n", "\\n").replace("\t", "\\t")).append('"');
        return value;
      }
    }
  }

  private String literal(int indent) {
    boolean strip = r.nextBoolean();
    out.append(strip ? " |-" : " |");
    trailing();
    StringBuilder value = new StringBuilder();
    int lines = r.nextInt(1, 3);
    for (int i = 0; i < lines; i++) {
      String line = "x" + random("ab z:#'\"😀", 0, 8);
      out.append(" ".repeat(indent + 2)).append(line).append(nl);
      value.append(i > 0 ? "\n" : "").append(line);
    }
    return strip ? value.toString() : value + "\n";
  }

  private void comment(int indent) {
    out.append(" ".repeat(indent)).append("# ").append(random(COMMENT, 0, 10)).append(nl);
  }

  private void trailing() {
    if (r.nextInt(0, 2) == 0) {
      out.append(" ".repeat(r.nextInt(1, 3))).append("# ").append(random(COMMENT, 0, 8));
    }
    out.append(nl);
  }

  private String random(String alphabet, int min, int max) {
    int[] cps = alphabet.codePoints().toArray();
    StringBuilder s = new StringBuilder();
    int n = r.nextInt(min, max);
    for (int i = 0; i < n; i++) {
      s.appendCodePoint(cps[r.nextInt(0, cps.length - 1)]);
    }
    return s.toString();
  }
}
