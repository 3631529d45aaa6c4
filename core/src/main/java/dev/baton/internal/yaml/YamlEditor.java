package dev.baton.internal.yaml;

import dev.baton.error.BatonException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Collects edits to one {@link YamlFile} and applies them to exactly the text they touch, so
 * comments, blank lines, indentation, key order, styles, document markers and line endings
 * elsewhere survive byte for byte. Not public API.
 *
 * <p>Edit methods only plan; {@link #apply()} refuses (MALFORMED_DOCUMENT, naming the path and
 * line) if any planned edit would change a node shared through an alias, overlaps another, or
 * cannot be made in place. It then reads the result back and refuses unless every edited node
 * reads as intended, so it never returns a half-edited or misread text.
 *
 * <p>Not thread-safe; use one editor per edit.
 */
public final class YamlEditor {
  private final YamlFile file;
  private final List<Splice> splices = new ArrayList<>();

  private YamlEditor(YamlFile file) {
    this.file = file;
  }

  /** An editor of {@code file} with no edits planned. */
  public static YamlEditor of(YamlFile file) {
    return new YamlEditor(Objects.requireNonNull(file, "file"));
  }

  /** Replaces a scalar's value in place, keeping its style where the value allows. */
  public YamlEditor replaceScalar(ScalarNode target, ScalarText value) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(value, "value");
    int line = file.line(target);
    String what = "the value '" + target.getValue() + "'";
    if (file.shared(target)) {
      splices.add(Splice.refused(line, what, sharedProblem("it")));
      return this;
    }
    int start = file.start(target);
    int end = file.end(target);
    String text = ScalarWriter.write(target.getScalarStyle(), file.inFlow(target), value);
    text = spaced(start, end, text);
    splices.add(checked(start, end, text, line, what, target,
        node -> node instanceof ScalarNode && (((ScalarNode) node).getValue().equals(value.value())
            || value.plain() && value.value().isEmpty() && YamlFile.toJava(node) == null)));
    return this;
  }

  /**
   * Replaces a value node (scalar, mapping or sequence, block or flow) with the text of
   * {@code sourceValue} taken from {@code sourceFile}, re-indented to the target's indentation.
   */
  public YamlEditor replaceValue(Node target, YamlFile sourceFile, Node sourceValue) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(sourceFile, "sourceFile");
    Objects.requireNonNull(sourceValue, "sourceValue");
    int line = file.line(target);
    String what = "the value at line " + line;
    if (file.shared(target)) {
      splices.add(Splice.refused(line, what, sharedProblem("it")));
      return this;
    }
    Optional<String> copyProblem = copyProblem(sourceFile, sourceValue);
    if (copyProblem.isPresent()) {
      splices.add(Splice.refused(line, what, copyProblem.get()));
      return this;
    }
    String text = file.text();
    int start = file.start(target);
    int end = file.end(target);
    String nl = file.newline();
    Node key = file.keyOf(target);
    String copied = sourceText(sourceFile, sourceValue);
    // an indentless sequence sits at its key's column; anything else placed there would not
    // be the key's value, so it goes two columns further in
    int need = key != null && file.firstOnLine(start)
        && file.column(start) <= file.column(file.start(key))
        && !(sourceValue instanceof SequenceNode && YamlFile.isBlockCollection(sourceValue))
        ? file.column(file.start(key)) + 2 - file.column(start) : 0;
    String replacement;
    if (YamlFile.isBlockCollection(sourceValue)) {
      if (textFollows(end) && isBlockScalar(lastLeaf(sourceValue))) {
        splices.add(Splice.refused(line, what, "a comment follows it on its line, and the"
            + " value from " + sourceFile.path() + ":" + sourceFile.line(sourceValue)
            + " ends in a block scalar that would take the comment in"));
        return this;
      }
      if (file.inFlow(target)) {
        splices.add(Splice.refused(line, what, "sits inside a flow collection, which cannot"
            + " hold the block collection from " + sourceFile.path() + ":"
            + sourceFile.line(sourceValue) + "; rewrite it in block style first"));
        return this;
      }
      if (key != null && !file.firstOnLine(start)) {
        // a block collection cannot follow 'key: ' on its line; it goes on the lines below
        while (start > 0 && (text.charAt(start - 1) == ' ' || text.charAt(start - 1) == '\t')) {
          start--;
        }
        int indent = file.column(file.start(key)) + childIndent(sourceFile, sourceValue);
        replacement = nl + " ".repeat(indent) + Reindent.shift(copied,
            indent - sourceFile.column(sourceFile.start(sourceValue)), nl);
      } else {
        replacement = " ".repeat(need) + Reindent.shift(copied,
            file.column(start) + need - sourceFile.column(sourceFile.start(sourceValue)), nl);
      }
    } else if (isBlockScalar(sourceValue) && (file.inFlow(target) || textFollows(end))) {
      // a block scalar cannot sit in a flow collection, and would take a trailing comment in
      replacement = " ".repeat(need)
          + spaced(start, end, ScalarWriter.doubleQuoted(((ScalarNode) sourceValue).getValue()));
    } else {
      int colon = key == null ? -1 : colonAfter(key, start);
      int delta = anchor(file, target) - anchor(sourceFile, sourceValue);
      if (colon >= 0 && YamlFile.isBlockCollection(target)) {
        // bring a scalar or flow value up onto its key's line, where it reads best
        start = colon + 1;
        delta = file.column(file.start(key)) - anchor(sourceFile, sourceValue);
        replacement = copied.isEmpty() ? "" : " " + Reindent.shift(copied, delta, nl);
      } else {
        replacement = " ".repeat(need)
            + spaced(start, end, Reindent.shift(copied, delta + need, nl));
      }
    }
    Object expected = YamlFile.toJava(sourceValue);
    splices.add(checked(start, end, replacement, line, what, target,
        node -> Objects.equals(YamlFile.toJava(node), expected)));
    return this;
  }

  /**
   * Adds {@code key: value} (the value's text taken from {@code sourceFile}, re-indented) as the
   * last entry of a block mapping, with the indentation of its sibling keys.
   */
  public YamlEditor insertEntry(MappingNode mapping, String key, YamlFile sourceFile,
      Node sourceValue) {
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sourceFile, "sourceFile");
    Objects.requireNonNull(sourceValue, "sourceValue");
    int line = file.line(mapping);
    String what = "the new key '" + key + "'";
    Optional<String> problem = YamlFile.isFlow(mapping)
        ? Optional.of("is a flow mapping; '" + key + "' cannot be inserted in place"
            + " (rewrite the mapping in block style first)")
        : file.shared(mapping) ? Optional.of(sharedProblem("the mapping"))
        : YamlFile.get(mapping, key).isPresent()
            ? Optional.of("already has the key '" + key + "'")
            : copyProblem(sourceFile, sourceValue);
    if (problem.isPresent()) {
      splices.add(Splice.refused(line, what, problem.get()));
      return this;
    }
    String nl = file.newline();
    Node firstKey = mapping.getValue().get(0).getKeyNode();
    int indent = file.column(file.start(firstKey));
    int at = file.lineEnd(file.end(mapping));
    String copied = sourceText(sourceFile, sourceValue);
    String value;
    if (YamlFile.isBlockCollection(sourceValue)) {
      int child = indent + childIndent(sourceFile, sourceValue);
      value = ":" + nl + " ".repeat(child) + Reindent.shift(copied,
          child - sourceFile.column(sourceFile.start(sourceValue)), nl);
    } else if (copied.isEmpty()) {
      value = ":";
    } else {
      value = ": " + Reindent.shift(copied, indent - anchor(sourceFile, sourceValue), nl);
    }
    String text = nl + " ".repeat(indent) + ScalarWriter.key(key) + value;
    Object expected = YamlFile.toJava(sourceValue);
    List<Object> path = NodePath.of(file, mapping);
    List<NodeTuple> entries = mapping.getValue();
    int lastLine = file.line(entries.get(entries.size() - 1).getKeyNode());
    splices.add(new Splice(at, at, text, lastLine, what, null, path,
        node -> YamlFile.get(node, key)
            .map(v -> Objects.equals(YamlFile.toJava(v), expected)).orElse(false)));
    return this;
  }

  /**
   * Removes the entry (key and value, its whole lines, including a comment trailing on those
   * lines) from a block mapping.
   */
  public YamlEditor removeEntry(MappingNode mapping, String key) {
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(key, "key");
    String text = file.text();
    Optional<NodeTuple> entry = YamlFile.entry(mapping, key);
    int line = entry.map(e -> file.line(e.getKeyNode())).orElse(file.line(mapping));
    String what = "the key '" + key + "'";
    String problem = YamlFile.isFlow(mapping)
        ? "is in a flow mapping; '" + key + "' cannot be removed in place"
            + " (rewrite the mapping in block style first)"
        : file.shared(mapping) ? sharedProblem("the mapping")
        : entry.isEmpty() ? "has no key '" + key + "' to remove"
        : mapping.getValue().size() == 1
            ? "'" + key + "' is the only entry of its mapping; removing it would change the"
                + " mapping into null"
        : file.shared(entry.get().getValueNode()) ? sharedProblem("the value of '" + key + "'")
        : !file.firstOnLine(file.start(entry.get().getKeyNode()))
            ? "'" + key + "' starts on the line of its sequence item ('- '); it cannot be"
                + " removed in place"
        : null;
    if (problem != null) {
      splices.add(Splice.refused(line, what, problem));
      return this;
    }
    int start = file.lineStart(file.start(entry.get().getKeyNode()));
    int end = file.lineEnd(file.end(entry.get().getValueNode()));
    if (text.startsWith("\r\n", end)) {
      end += 2;
    } else if (end < text.length()) {
      end += 1;
    } else if (start > 0) {
      // the last line of the file: take the line break before it instead
      start -= start > 1 && text.startsWith("\r\n", start - 2) ? 2 : 1;
    }
    List<Object> path = NodePath.of(file, mapping);
    splices.add(new Splice(start, end, "", line, what, null, path,
        node -> YamlFile.get(node, key).isEmpty()));
    return this;
  }

  /**
   * The edited text.
   *
   * @throws BatonException MALFORMED_DOCUMENT naming the path and line when an edit would change
   *     a shared (aliased) node, two edits overlap, an edit cannot be made in place, or the
   *     result does not read back as intended
   */
  public String apply() {
    return SpliceWriter.apply(file, splices, null);
  }

  /**
   * As {@link #apply()}, giving back {@code likely} itself when the edited text equals it (a
   * promotion that moves every difference writes the source's text): the text a caller already
   * holds, hashed, instead of an equal copy.
   *
   * @throws BatonException as {@link #apply()}
   */
  public String apply(String likely) {
    return SpliceWriter.apply(file, splices, Objects.requireNonNull(likely, "likely"));
  }

  private Splice checked(int start, int end, String text, int line, String what, Node target,
      java.util.function.Predicate<Node> check) {
    Optional<String> anchor = file.anchorUsedOutside(start, end);
    if (anchor.isPresent()) {
      return Splice.refused(line, what, "it defines the anchor '&" + anchor.get()
          + "' that an alias elsewhere refers to");
    }
    return new Splice(start, end, text, line, what, null, NodePath.of(file, target), check);
  }

  // an empty value sits right after ':' or '-'; a new one needs a space before it
  private String spaced(int start, int end, String replacement) {
    if (start == end && start > 0 && !replacement.isEmpty()
        && !YamlFile.isSpace(file.text().charAt(start - 1))) {
      return " " + replacement;
    }
    return replacement;
  }

  // the ':' after a key, when only blanks separate it from the value on the lines below
  private int colonAfter(Node key, int valueStart) {
    String text = file.text();
    int i = file.end(key);
    while (i < valueStart && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    if (i >= valueStart || text.charAt(i) != ':') {
      return -1;
    }
    for (int j = i + 1; j < valueStart; j++) {
      if (!YamlFile.isSpace(text.charAt(j))) {
        return -1;
      }
    }
    return i;
  }

  private static String sourceText(YamlFile sourceFile, Node sourceValue) {
    return sourceFile.text().substring(sourceFile.start(sourceValue), sourceFile.end(sourceValue));
  }

  private static Optional<String> copyProblem(YamlFile sourceFile, Node sourceValue) {
    if (sourceFile.shared(sourceValue)
        || sourceFile.hasAnchorsOrAliases(sourceFile.start(sourceValue),
            sourceFile.end(sourceValue))) {
      return Optional.of("the value from " + sourceFile.path() + ":"
          + sourceFile.line(sourceValue) + " uses anchors or aliases, which would not resolve"
          + " here");
    }
    return Optional.empty();
  }

  // how far below its key the source wrote a block collection; 2 when it cannot tell
  private static int childIndent(YamlFile sourceFile, Node sourceValue) {
    Node key = sourceFile.keyOf(sourceValue);
    int start = sourceFile.start(sourceValue);
    if (key != null && sourceFile.firstOnLine(start)) {
      int rel = sourceFile.column(start) - sourceFile.column(sourceFile.start(key));
      if (rel > 0 || (rel == 0 && !(sourceValue instanceof MappingNode))) {
        return rel;
      }
    }
    return 2;
  }

  /**
   * The column that a value's continuation lines (a block scalar's content, a flow collection's
   * later lines) are indented against: its key's, its '- ' indicator's, or its own when it
   * begins a line.
   */
  private static int anchor(YamlFile f, Node node) {
    int start = f.start(node);
    if (f.firstOnLine(start)) {
      return f.column(start);
    }
    Node key = f.keyOf(node);
    if (key != null && f.line(key) == f.line(node)) {
      return f.column(f.start(key));
    }
    Node parent = f.parent(node);
    if (parent instanceof SequenceNode && !YamlFile.isFlow(parent)) {
      int i = start;
      while (i > 0 && f.text().charAt(i - 1) == ' ') {
        i--;
      }
      if (i > 0 && f.text().charAt(i - 1) == '-') {
        return f.column(i - 1);
      }
    }
    return f.lineIndent(start);
  }

  // whether anything but blanks follows on the line after index
  private boolean textFollows(int index) {
    String text = file.text();
    for (int i = index; i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r';
        i++) {
      if (text.charAt(i) != ' ' && text.charAt(i) != '\t') {
        return true;
      }
    }
    return false;
  }

  private static Node lastLeaf(Node node) {
    if (node instanceof MappingNode && !YamlFile.isFlow(node)) {
      List<NodeTuple> entries = ((MappingNode) node).getValue();
      return lastLeaf(entries.get(entries.size() - 1).getValueNode());
    }
    if (node instanceof SequenceNode && !YamlFile.isFlow(node)) {
      List<Node> items = ((SequenceNode) node).getValue();
      return lastLeaf(items.get(items.size() - 1));
    }
    return node;
  }

  private static boolean isBlockScalar(Node node) {
    return node instanceof ScalarNode
        && (((ScalarNode) node).getScalarStyle() == ScalarStyle.LITERAL
            || ((ScalarNode) node).getScalarStyle() == ScalarStyle.FOLDED);
  }

  private static String sharedProblem(String what) {
    return what + " is shared through an anchor and alias, so changing it would change every"
        + " place that refers to it";
  }
}
