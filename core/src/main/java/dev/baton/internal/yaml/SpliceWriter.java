package dev.baton.internal.yaml;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Writes the splices a {@link YamlEditor} planned into its file's text: refusals first; entries
 * added at a mapping's end placed where removed or replaced entries were; no two splices
 * overlapping; and the result parsed again and checked node by node, so that a half-edited or
 * misread text is never returned. Stateless.
 */
final class SpliceWriter {
  private SpliceWriter() {}

  /**
   * The edited text, checked; {@code likely} itself (may be null) when the result equals it, so
   * that a promotion moving every difference hands on the source's text, whose hash is known
   * and which later look-ups find by identity, instead of an equal copy that each hashes again.
   */
  static String apply(YamlFile file, List<Splice> splices, String likely) {
    for (Splice splice : splices) {
      if (splice.refusal() != null) {
        throw YamlFile.malformed(file.path(), splice.line(),
            "cannot change " + splice.what() + ": " + splice.refusal());
      }
    }
    List<Splice> ordered = placeInsertions(file, splices);
    ordered.sort(Comparator.comparingInt(Splice::start));
    String text = file.text();
    StringBuilder out = new StringBuilder(text.length() + 64);
    int done = 0;
    Splice previous = null;
    for (Splice splice : ordered) {
      if (previous != null && splice.start() < previous.end()) {
        throw YamlFile.malformed(file.path(), splice.line(), "two edits overlap: "
            + previous.what() + " (line " + previous.line() + ") and " + splice.what()
            + " (line " + splice.line() + ")");
      }
      out.append(text, done, splice.start()).append(splice.text());
      done = splice.end();
      previous = splice;
    }
    out.append(text, done, text.length());
    String result = out.toString();
    if (likely != null && result.equals(likely)) {
      result = likely;
    }
    verify(file, splices, result);
    return result;
  }

  /**
   * Entries added at the end of a mapping, where its last entries are removed or its last value
   * replaced: an addition inside removed lines takes their place (the two become one splice),
   * one inside a replaced value follows it, so that no two edits overlap.
   */
  private static List<Splice> placeInsertions(YamlFile file, List<Splice> splices) {
    List<Splice> out = new ArrayList<>(splices);
    String nl = file.newline();
    boolean insertions = false;
    for (Splice splice : splices) {
      insertions |= isInsertion(splice, nl);
    }
    if (!insertions) {
      // nothing to place (the usual plan: values replaced in place)
      return out;
    }
    Set<Splice> lineRemovals = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Splice splice : splices) {
      if (splice.refusal() == null && splice.text().isEmpty() && splice.end() > splice.start()) {
        lineRemovals.add(splice);
      }
    }
    for (int i = 0; i < out.size(); i++) {
      Splice insertion = out.get(i);
      if (!isInsertion(insertion, nl)) {
        continue;
      }
      int at = insertion.start();
      for (int pass = 0; pass <= out.size(); pass++) {
        Splice around = null;
        for (Splice other : out) {
          if (other != null && other != insertion && other.refusal() == null && other.start() < at
              && at < other.end()) {
            around = other;
          }
        }
        if (around == null) {
          break;
        }
        if (lineRemovals.contains(around)) {
          // removed whole lines: the new entry is written in their place
          Splice merged = new Splice(around.start(), around.end(),
              around.text() + insertion.text().substring(nl.length()) + nl, around.line(),
              around.what() + " and " + insertion.what(), null, around.path(), around.check());
          out.set(out.indexOf(around), merged);
          lineRemovals.add(merged);
          out.set(i, null);
          break;
        }
        at = file.lineEnd(around.end());
      }
      if (out.get(i) != null && at != insertion.start()) {
        out.set(i, new Splice(at, at, insertion.text(), insertion.line(), insertion.what(), null,
            insertion.path(), insertion.check()));
      }
    }
    out.removeIf(Objects::isNull);
    return out;
  }

  // an entry added at a mapping's end (the only splice placed again)
  private static boolean isInsertion(Splice splice, String nl) {
    return splice != null && splice.refusal() == null && splice.start() == splice.end()
        && splice.text().startsWith(nl);
  }

  private static void verify(YamlFile file, List<Splice> splices, String result) {
    YamlFile edited;
    try {
      edited = YamlFile.parse(file.path(), result, file.limits());
    } catch (BatonException e) {
      if (e.code() != ErrorCode.MALFORMED_DOCUMENT) {
        throw e;
      }
      throw YamlFile.malformed(file.path(), 0,
          "the edits would not leave valid YAML (" + e.getMessage() + ")", e);
    }
    if (edited.documents().size() != file.documents().size()) {
      throw YamlFile.malformed(file.path(), 0, "the edits would change the number of documents");
    }
    // the index of large mappings' keys pays off from the second path on (an identity map
    // starts at 64 slots: most edits check one or two paths); sized for about a large mapping
    // per path, so that many paths do not grow it again and again
    Map<Node, Map<String, Node>> keys = splices.size() > 2
        ? new IdentityHashMap<>(Math.max(21, splices.size())) : null;
    for (Splice splice : splices) {
      if (splice.path() == null) {
        continue;
      }
      Node node = NodePath.resolve(edited, splice.path(), keys);
      if (node == null || !splice.check().test(node)) {
        throw YamlFile.malformed(file.path(), splice.line(), "cannot change " + splice.what()
            + " in place: written as " + brief(splice.text())
            + ", the edited text would not read back as intended");
      }
    }
  }

  private static String brief(String text) {
    String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
    return "'" + (oneLine.length() > 60 ? oneLine.substring(0, 60) + "..." : oneLine) + "'";
  }
}
