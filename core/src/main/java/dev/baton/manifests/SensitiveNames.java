package dev.baton.manifests;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.internal.yaml.ContentCache;
import dev.baton.internal.yaml.YamlFile;
import dev.baton.internal.yaml.YamlLimits;
import dev.baton.model.Pipeline;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which variable and key names are sensitive: their values are never shown in previews, plan
 * differences, refusals, logs or anything stored. The built-in patterns are {@link #BUILT_IN}:
 * {@code *PASSWORD*}, {@code *TOKEN*}, {@code *SECRET*}, and for keys {@code *_KEY} and
 * {@code *APIKEY*} (an API or signing key by its usual names; {@code *KEY*} alone would hide
 * {@code key}, {@code keyPrefix} or {@code secretKeyRef.key}, which people need to see); a
 * pipeline's {@link Pipeline#sensitive()} adds more. Patterns are globs ({@code *} any run of
 * characters, {@code ?} one), matched against a whole name, case-insensitively.
 *
 * <p>Beyond names, the {@code data} and {@code stringData} of a Kubernetes {@code kind: Secret}
 * are always sensitive, and so is the {@code value} of a list item whose {@code name} is
 * sensitive ({@code env: [{name: DB_PASSWORD, value: ...}]}).
 *
 * <p>Masking is for display only: plans are made and files written with the real values.
 * Immutable and thread-safe.
 *
 * @param patterns every pattern in force, built-in ones first
 * @since 0.1
 */
public record SensitiveNames(List<String> patterns) {
  /**
   * The patterns that are always sensitive.
   *
   * @since 0.1
   */
  public static final List<String> BUILT_IN =
      List.of("*PASSWORD*", "*TOKEN*", "*SECRET*", "*_KEY", "*APIKEY*");
  /**
   * What a masked value shows.
   *
   * @since 0.1
   */
  public static final String MASK = "<sensitive>";

  private static final SensitiveNames DEFAULTS = new SensitiveNames(BUILT_IN);

  /**
   * Validates and copies.
   *
   * @since 0.1
   */
  public SensitiveNames {
    if (patterns == null || patterns.stream().anyMatch(java.util.Objects::isNull)) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, "sensitive patterns are required");
    }
    patterns = List.copyOf(patterns);
    compiled(patterns);
  }

  /**
   * The built-in patterns alone.
   *
   * @since 0.1
   */
  public static SensitiveNames defaults() {
    return DEFAULTS;
  }

  /**
   * The built-in patterns and the pipeline's own.
   *
   * @since 0.1
   */
  public static SensitiveNames of(Pipeline pipeline) {
    return with(pipeline.sensitive());
  }

  /**
   * The built-in patterns and {@code more}.
   *
   * @since 0.1
   */
  public static SensitiveNames with(List<String> more) {
    if (more.isEmpty()) {
      return DEFAULTS;
    }
    LinkedHashSet<String> all = new LinkedHashSet<>(BUILT_IN);
    all.addAll(more);
    return new SensitiveNames(new ArrayList<>(all));
  }

  /**
   * Whether a variable or key name is sensitive.
   *
   * @since 0.1
   */
  public boolean matches(String name) {
    if (name == null) {
      return false;
    }
    return matches(name, answers());
  }

  /**
   * The answers given so far for these patterns, by name, for {@link #matches(String, Answers)}:
   * a walk that asks about every key of a file looks them up once, not once per key.
   */
  Answers answers() {
    // names repeat (every section of a values file has its 'key2'): answered once per name
    Answers known = ANSWERS.get(patterns);
    if (known == null) {
      known = ANSWERS.computeIfAbsent(patterns, Answers::new);
    }
    return known;
  }

  /** As {@link #matches(String)} for a name that is not null, with {@link #answers()}. */
  boolean matches(String name, Answers known) {
    if (!known.possible(name)) {
      return false;
    }
    Boolean answer = known.known.get(name);
    if (answer == null) {
      if (known.known.size() > 4096) {
        known.known.clear();
      }
      answer = pattern().matcher(name).matches();
      known.known.put(name, answer);
    }
    return answer;
  }

  /**
   * The answers given for one list of patterns, and what a name needs to match any of them.
   * Thread-safe.
   */
  static final class Answers {
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();
    /**
     * Per pattern, the ASCII letters (either case), digits, {@code _}, {@code -} and {@code .}
     * among its literal characters, as bits ({@link #bit}): a name lacking one of them cannot
     * match that pattern. Most keys lack one for every pattern, and are answered without a
     * look-up.
     */
    private final long[] needs;

    Answers(List<String> patterns) {
      needs = new long[patterns.size()];
      for (int p = 0; p < needs.length; p++) {
        for (char c : patterns.get(p).toCharArray()) {
          // '*' and '?' need nothing; a character beyond ASCII is not noted (with Unicode
          // case folding it may match more than itself)
          if (c != '*' && c != '?' && c < 0x80) {
            needs[p] |= bit(c);
          }
        }
      }
    }

    /**
     * Whether the name may match a pattern: false only when it lacks a character each pattern
     * needs. A name with a character beyond ASCII may match anything here (Unicode case folding
     * matches {@code K} with the Kelvin sign and {@code s} with the long s).
     */
    boolean possible(String name) {
      if (needs.length == 0) {
        // no patterns: the regex decides, as it always did (its empty alternation matches "")
        return true;
      }
      long has = 0;
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c >= 0x80) {
          return true;
        }
        // a table read: every key of every file walked is asked about, character by character
        has |= BITS[c];
      }
      for (long need : needs) {
        if ((need & ~has) == 0) {
          return true;
        }
      }
      return false;
    }

    // bit(c) of every ASCII character
    private static final long[] BITS = new long[0x80];

    static {
      for (char c = 0; c < 0x80; c++) {
        BITS[c] = bit(c);
      }
    }

    // an ASCII letter (case folded), digit, '_', '-' or '.' as one bit; any other character none
    private static long bit(char c) {
      if (c >= 'a' && c <= 'z') {
        return 1L << (c - 'a');
      }
      if (c >= 'A' && c <= 'Z') {
        return 1L << (c - 'A');
      }
      if (c >= '0' && c <= '9') {
        return 1L << (26 + c - '0');
      }
      return c == '_' ? 1L << 36 : c == '-' ? 1L << 37 : c == '.' ? 1L << 38 : 0;
    }
  }

  /**
   * The text shown for a resolved placeholder of a sensitive variable.
   *
   * @since 0.1
   */
  public static String maskOf(String variable) {
    return "<sensitive:" + variable + ">";
  }

  /**
   * A file's text as people may see it: the values of sensitive keys (by the rules above, for a
   * YAML file; {@code NAME=value} and {@code NAME: value} lines for any other text) replaced with
   * {@link #MASK}. The result has the same number of lines, each at the same place, so that a
   * diff of the real texts can be shown with the masked lines.
   *
   * @since 0.1
   */
  public String mask(String path, String text) {
    // a pure function of the patterns, the path and the text: masking an unchanged file again
    // (every preview shows its diff with masked lines) costs a look-up
    return MASKED.get(new MaskKey(patterns, path, text), text.length(),
        () -> maskNew(path, text));
  }

  private record MaskKey(List<String> patterns, String path, String text) {}

  private static final ContentCache<MaskKey, String> MASKED = new ContentCache<>(1024, 8L << 20);

  private String maskNew(String path, String text) {
    if (FileKind.yaml(path)) {
      try {
        YamlFile file = YamlFile.parse(path, text, YamlLimits.defaults());
        return SensitiveNodes.of(file, this).mask();
      } catch (BatonException e) {
        // a Helm template or broken YAML: fall back to masking line by line
      }
    }
    return SensitiveNodes.maskLines(text, this);
  }

  // A record holds no derived fields: compiled patterns are cached by their list (a few
  // pipelines' worth; cleared when it grows past that).
  private Pattern pattern() {
    Pattern known = CACHE.get(patterns);
    if (known == null) {
      if (CACHE.size() > 256) {
        CACHE.clear();
        ANSWERS.clear();
      }
      known = compiled(patterns);
      CACHE.put(patterns, known);
    }
    return known;
  }

  private static final Map<List<String>, Pattern> CACHE = new ConcurrentHashMap<>();
  private static final Map<List<String>, Answers> ANSWERS = new ConcurrentHashMap<>();

  private static Pattern compiled(List<String> patterns) {
    StringBuilder regex = new StringBuilder();
    for (String glob : patterns) {
      if (glob.isEmpty()) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT, "a sensitive pattern is empty");
      }
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
