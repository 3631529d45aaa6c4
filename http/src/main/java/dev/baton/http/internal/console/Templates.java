package dev.baton.http.internal.console;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The console's Mustache templates, compiled once when the console is built (a broken template
 * fails the start, not a page later). {@code {{name}}} escapes HTML, so everything a person typed
 * is shown as text; the templates use no unescaped form. Thread-safe.
 */
final class Templates {
  private static final String ROOT = "dev/baton/http/console/templates";
  private static final List<String> PAGES = List.of("login", "inbox", "promotion", "history",
      "pipeline", "environments", "error");

  private final Map<String, Mustache> pages;

  Templates() {
    DefaultMustacheFactory factory = new DefaultMustacheFactory(ROOT);
    this.pages = PAGES.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
        name -> factory.compile(name + ".mustache")));
  }

  /** The page rendered over these values. */
  String render(String page, Map<String, Object> scope) {
    Mustache template = pages.get(page);
    if (template == null) {
      throw new IllegalArgumentException("no console page " + page);
    }
    StringWriter out = new StringWriter(8192);
    template.execute(out, scope);
    return out.toString();
  }
}
