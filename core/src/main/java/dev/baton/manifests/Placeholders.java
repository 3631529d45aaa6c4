package dev.baton.manifests;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME}} placeholders from one environment's variables. A placeholder naming no
 * variable stays as written and is recorded as a warning. Variables are not resolved inside other
 * variables, and there is no escape syntax. Not thread-safe (collects warnings).
 */
final class Placeholders {
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(" + NAME.pattern() + ")}");

  private final Map<String, String> variables;
  private final Set<String> warnings;
  private final String variablesFile;

  Placeholders(Map<String, String> variables, String variablesFile, Set<String> warnings) {
    this.variables = variables;
    this.variablesFile = variablesFile;
    this.warnings = warnings;
  }

  /** The text with every known placeholder replaced; {@code where} names it in warnings. */
  String resolve(String text, String where) {
    if (text.indexOf("${") < 0) {
      return text;
    }
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = variables.get(matcher.group(1));
      if (value == null) {
        warnings.add(where + " uses ${" + matcher.group(1) + "}, which " + variablesFile
            + " does not define; it stays as written");
        value = matcher.group();
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
