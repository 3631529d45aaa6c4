package dev.baton.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.error.BatonException;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * {@link DerivedParse} against the parse from scratch ({@link YamlFile#parseFresh}): random files
 * (the edit properties' files, values-like files, and small files with anchors, tags and flow
 * collections) get random edits of single-line scalars, good ones and ones that must be refused
 * (a value turning into a mapping, a comment, a flow collection, an anchor, an alias, an open
 * quote, a trailing space, a block scalar, nothing; a key edited; a line added or removed; a
 * character inserted anywhere). Whenever a derivation is made, the fresh parse must succeed and
 * give the same trees node for node (class, tag, resolver flag, value, style, flow style, marks,
 * anchor, merge flag) and the same answers from every {@link YamlFile} accessor (start, end,
 * line, shared, parent, inFlow, keyOf); the base's nodes must be as they were. Through
 * {@link YamlFile#parse} (base parsed first under the same name) the outcome must be the fresh
 * parse's, refusal for refusal. The derivation must actually be taken in a good share of cases.
 */
class DerivedParseProperties {
  private static final String PATH = "env/values.yaml";
  private static final List<String> GOOD_PLAIN = List.of("1.0.6", "2.4.1", "x", "hello world",
      "true", "null", "~", "0x1F", "-3", "v1.2.3-rc.1", "a:b", "émoji😀", "repo@sha256:abc",
      "1e3", ".inf", "a#b", "a,b[c]{d}", "<<", "=", "yes", "2001-12-14", "12:30:00", "-", "a  b",
      "(x)", "$y", "+1", "/p/q", "_u", "é", "a'b\"c", "a - b", "x|y>z", "a!b&c*d", "1_000");
  private static final List<String> GOOD_SINGLE = List.of("'it''s'", "'a b'", "''", "' lead'",
      "'#x'", "'[1]'", "'\"'", "'1.0.6'", "'😀 é'", "'a: b'", "'\\'");
  private static final List<String> GOOD_DOUBLE = List.of("\"q\"", "\"\"", "\"😀 é\"",
      "\"trail \"", "\"a: b\"", "\"'\"", "\"1.0.6\"", "\"# x\"", "\"{a}\"");
  private static final List<String> BAD = List.of("a: b", "# x", "x # y", "[1]", "{a: 1}",
      "&a x", "*a", "'", "\"", "x ", " x", "|", ">", "", "!!str x", "- x", "? x", "a:", "@x",
      "`x", "%x", "\"a\\tb\"", "\"a\\\"b\"", "'a'b'", "x\ty", "a\u2028b", "\u0085", "\uFEFF",
      "a\u0001", "'a\nb'", "x\n", ":", "-x: 1", "k: v", "|-\n  x", "\"a\" #c", "'x' y", "\"\\n\"",
      "x\r", "a\u0085b");
  private static final List<String> WORDS = List.of("shop", "1.0.5", "2.3.9", "value-1-2",
      "true", "null", "42", "-7", "3.0", "émoji😀", "a b", "x.y/z", "~", "0x1F", "2001-12-14");

  private int attempts;
  private int derivations;

  @Test
  void derivedParsesEqualFreshParsesOnTheEditPropertiesFiles() {
    Property.forAll(Gen.of(r -> r.split())).runs(2_000).shrinkBudget(0)
        .verify(r -> check(YamlEditProperties.generate(r).text(), r, YamlLimits.defaults()));
    // about one edit in eight derives here (the rest change a key, a flow or block scalar, or
    // write something refused); more would prove the same
    assertThat(derivations).as("derivations of %s", attempts).isGreaterThan(attempts / 10);
  }

  @Test
  void derivedParsesEqualFreshParsesOnValuesFiles() {
    Property.forAll(Gen.of(r -> r.split())).runs(3_000).shrinkBudget(0)
        .verify(r -> check(values(r), r, YamlLimits.defaults()));
    // about one edit in five derives
    assertThat(derivations).as("derivations of %s", attempts).isGreaterThan(attempts / 7);
  }

  @Test
  void derivedParsesEqualFreshParsesOnSmallTrickyFiles() {
    Property.forAll(Gen.of(r -> r.split())).runs(3_000).shrinkBudget(0)
        .verify(r -> check(tricky(r), r, YamlLimits.defaults()));
    assertThat(derivations).as("derivations of %s", attempts).isGreaterThan(attempts / 10);
  }

  @Test
  void sameOutcomesWithSmallLimits() {
    Property.forAll(Gen.of(r -> r.split())).runs(1_500).shrinkBudget(0).verify(r -> {
      String text = values(r);
      int bytes = (int) YamlFile.utf8Length(text);
      check(text, r, new YamlLimits(bytes + r.nextInt(-2, 3), r.nextInt(2, 6),
          r.nextInt(5, 40)));
    });
    assertThat(derivations).as("derivations of %s", attempts).isGreaterThan(attempts / 20);
  }

  @Test
  void manyEditsKeepingLengthsEqualFreshParses() {
    // most edits here keep every mark where it was (the copy keeps whole runs of siblings
    // without visiting them), a few move the rest of the file; every one is checked
    Property.forAll(Gen.of(r -> r.split())).runs(1_500).shrinkBudget(0).verify(r -> {
      YamlFile base;
      try {
        base = YamlFile.parseFresh(PATH, values(r), YamlLimits.defaults());
      } catch (BatonException e) {
        return;
      }
      attempts++;
      String edited = sameLengthEdits(base, r);
      YamlFile derived = DerivedParse.derive(base, PATH, edited, YamlLimits.defaults(),
          new PlainResolver());
      if (derived != null) {
        derivations++;
        sameFile(YamlFile.parseFresh(PATH, edited, YamlLimits.defaults()), derived, edited);
      }
    });
    assertThat(derivations).as("derivations of %s", attempts).isGreaterThan(attempts / 2);
  }

  @Test
  void sharedRunsAndSearchesAcrossDocumentsAndMarks() {
    // a '!' in the text (not a tag) takes the walk that looks for tags
    sameAsFresh("a: 'x!'\nb: 1\nc: 2\n", "a: 'x!'\nb: 3\nc: 2\n", true);
    sameAsFresh("a: 'x!'\nb: 1\nc: 2\n", "a: 'x!'\nb: 345\nc: 2\n", true);
    // several documents, changes in the first, the last and between
    String docs = "a: 1\nb:\n  - x\n  - y\n---\nc: 2\n---\n- d: 3\n  e: 4\n";
    sameAsFresh(docs, docs.replace("a: 1", "a: 5").replace("e: 4", "e: 6"), true);
    sameAsFresh(docs, docs.replace("- y", "- yy").replace("c: 2", "c: 7"), true);
    sameAsFresh(docs, docs.replace("d: 3", "d: 33"), true);
    // a change that moves nothing, then one that moves the rest, then one that moves it back
    String runs = "s:\n  a: 1\n  b: 2\n  c: 3\nt:\n  d: 4\n  e: 5\nu:\n  f: 6\n  g: 7\n";
    sameAsFresh(runs, runs.replace("a: 1", "a: 9").replace("d: 4", "d: 44")
        .replace("g: 7", "g: x"), true);
    sameAsFresh(runs, runs.replace("b: 2", "b: 22").replace("e: 5", "e: x")
        .replace("f: 6", "f: y"), true);
    // the changed line's last node is a key's value under a sequence item, or a nested item
    sameAsFresh("- a: 1\n  b: 2\n- - 3\n  - 4\n", "- a: 10\n  b: 2\n- - 3\n  - 40\n", true);
    sameAsFresh("- - 3\n  - 4\n", "- - 30\n  - 4\n", true);
    // the last node starting on the changed line is a collection or a key: refused
    sameAsFresh("a: {b: 1}\nc: 2\n", "a: {b: 3}\nc: 2\n", false);
    sameAsFresh("- [1]\n- 2\n", "- [3]\n- 2\n", false);
  }

  @Test
  void theFilesOfTheBenchmarksAreDerived() {
    String small = "image:\n  repository: shop\n  tag: \"1.0.5\"\n";
    sameAsFresh(small, small.replace("1.0.5", "1.0.6"), true);
    sameAsFresh(small, small.replace("1.0.5", "1.0.10"), true);
    sameAsFresh(small, small.replace("1.0.5", "1.1"), true);
    StringBuilder source = new StringBuilder("image:\n  tag: \"2.4.1\"\nconfig:\n");
    StringBuilder target = new StringBuilder("image:\n  tag: \"2.3.9\"\nconfig:\n");
    for (int s = 1; s < 500; s++) {
      source.append("  section").append(s).append(":\n    timeoutSeconds: ")
          .append(30 + s % 7).append('\n');
      target.append("  section").append(s).append(":\n    timeoutSeconds: ")
          .append(s % 3 == 0 ? 200 + s % 7 : 2 + s % 7).append('\n');
      for (int k = 2; k < 10; k++) {
        String line = "    key" + k + ": value-" + s + "-" + k + "\n";
        source.append(line);
        target.append(line);
      }
    }
    sameAsFresh(source.toString(), target.toString(), true);
    sameAsFresh(target.toString(), source.toString(), true);
    // no line break at the end: the stream ends on the changed line
    sameAsFresh("a:\n  b: 1\n  c: x", "a:\n  b: 1\n  c: xyz", true);
    sameAsFresh("- 1\n- 'x'", "- 1\n- 'x y'", true);
    sameAsFresh("a: 1\r\nb: [x]\r\nc: 'y'\r\n", "a: 12\r\nb: [x]\r\nc: 'z'\r\n", true);
    sameAsFresh("a: 😀 # c\nb: [x, 😀]\n", "a: b😀c # c\nb: [x, 😀]\n", true);
  }

  @Test
  void editsThatChangeMoreThanAValueAreRefused() {
    String base = "a: 1\nb: 'x' # c\nc:\n  - \"q\"\n";
    for (String edited : List.of("a: b: c\n", "a: # x\n", "a: [1]\n", "a: &a x\n", "a: *a\n",
        "a: 'x\n", "a: 1 \n", "a: |\n", "a: \n", "a:\n", "z: 1\n", "a: 'x'\n", "a: \"1\"\n")) {
      sameAsFresh(base, edited + base.substring(base.indexOf('\n') + 1), false);
    }
    sameAsFresh(base, base + "d: 1\n", false);
    sameAsFresh(base, base.replace("c:\n", ""), false);
    sameAsFresh(base, base.replace("# c", "# d"), false);
    sameAsFresh(base, base.replace("'x'", "'x''"), false);
    sameAsFresh(base, base.replace("\"q\"", "q"), false);
    sameAsFresh("a: &x 1\nb: 2\n", "a: &x 1\nb: 3\n", false);
    sameAsFresh("a: !!str 1\nb: 2\n", "a: !!str 1\nb: 3\n", false);
    sameAsFresh("a: [1, 2]\n", "a: [1, 3]\n", false);
    sameAsFresh("a: 1\n", "a: 1\r", false);
  }

  // the base parsed fresh, an edit, then the derivation (if any) against the fresh parse
  private void check(String baseText, Randomness r, YamlLimits limits) {
    YamlFile base;
    try {
      base = YamlFile.parseFresh(PATH, baseText, limits);
    } catch (BatonException e) {
      return;
    }
    String edited = edit(base, r);
    attempts++;
    String before = dump(base);
    // parse checks the size before it derives
    YamlFile derived = YamlFile.utf8Length(edited) <= limits.maxBytes()
        ? DerivedParse.derive(base, PATH, edited, limits, new PlainResolver()) : null;
    assertThat(dump(base)).as("base unchanged").isEqualTo(before);
    YamlFile fresh = null;
    String freshOutcome;
    try {
      fresh = YamlFile.parseFresh(PATH, edited, limits);
      freshOutcome = "ok";
    } catch (BatonException e) {
      freshOutcome = e.code() + " " + e.getMessage();
    }
    if (derived != null) {
      derivations++;
      assertThat(freshOutcome).as("fresh parse of a derived%n%s%nfrom%n%s", edited, baseText)
          .isEqualTo("ok");
      sameFile(fresh, derived, edited);
      derivationNamesWhatChanged(base, derived);
    }
    // through parse: the base first under the same name, then the edit, caches emptied
    if (r.nextInt(0, 3) == 0) {
      ContentCache.clearAll();
      YamlFile.parse("other/values.yaml", baseText, limits);
      String outcome;
      YamlFile parsed = null;
      try {
        parsed = YamlFile.parse(PATH, edited, limits);
        outcome = "ok";
      } catch (BatonException e) {
        outcome = e.code() + " " + e.getMessage();
      }
      assertThat(outcome).as("outcome of%n%s", edited).isEqualTo(freshOutcome);
      if (parsed != null) {
        sameFile(fresh, parsed, edited);
      }
    }
  }

  private void sameAsFresh(String baseText, String edited, boolean derives) {
    YamlFile base = YamlFile.parseFresh(PATH, baseText, YamlLimits.defaults());
    YamlFile derived = DerivedParse.derive(base, PATH, edited, YamlLimits.defaults(),
        new PlainResolver());
    assertThat(derived != null).as("derived%n%s", edited).isEqualTo(derives);
    if (derived != null) {
      sameFile(YamlFile.parseFresh(PATH, edited, YamlLimits.defaults()), derived, edited);
    }
  }

  // plain block values replaced by plain values of the same length, and sometimes one of
  // another length
  private static String sameLengthEdits(YamlFile base, Randomness r) {
    List<ScalarNode> scalars = new ArrayList<>();
    List<ScalarNode> values = new ArrayList<>();
    for (Node root : base.documents()) {
      scalars(root, scalars, values, false);
    }
    String text = base.text();
    List<ScalarNode> picked = new ArrayList<>();
    for (ScalarNode value : values) {
      if (value.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
          && value.getEndMark().getIndex() > value.getStartMark().getIndex()
          && r.nextInt(0, 3) == 0) {
        picked.add(value);
      }
    }
    picked.sort((a, b) -> b.getStartMark().getIndex() - a.getStartMark().getIndex());
    StringBuilder out = new StringBuilder(text);
    for (ScalarNode node : picked) {
      int from = base.charOffset(node.getStartMark().getIndex());
      int to = base.charOffset(node.getEndMark().getIndex());
      int length = to - from + (r.nextInt(0, 9) == 0 ? r.nextInt(-1, 1) : 0);
      StringBuilder replacement = new StringBuilder("v");
      while (replacement.length() < length) {
        replacement.append((char) ('0' + r.nextInt(0, 9)));
      }
      out.replace(from, to, replacement.toString());
    }
    return out.toString();
  }

  // random single-line edits: scalars replaced by good or bad texts, keys edited, lines added
  // or removed, characters inserted
  private static String edit(YamlFile base, Randomness r) {
    List<ScalarNode> scalars = new ArrayList<>();
    List<ScalarNode> values = new ArrayList<>();
    for (Node root : base.documents()) {
      scalars(root, scalars, values, false);
    }
    String text = base.text();
    int kind = r.nextInt(0, 19);
    if (scalars.isEmpty() || kind >= 17) {
      int at = base.lineStart(r.nextInt(0, text.length()));
      if (kind == 17 || scalars.isEmpty()) {
        return text.substring(0, at) + "z: 1" + base.newline() + text.substring(at);
      }
      int end = base.lineEnd(at);
      return kind == 18 ? text.substring(0, at) + text.substring(Math.min(text.length(),
          end + base.newline().length())) : text.substring(0, end) + "#" + text.substring(end);
    }
    if (kind == 16) {
      int at = r.nextInt(0, text.length());
      return text.substring(0, at) + " :#'\"-&*!|[".charAt(r.nextInt(0, 10))
          + text.substring(at);
    }
    // several scalars, later ones first so offsets stay right
    List<ScalarNode> picked = new ArrayList<>();
    for (int n = r.nextInt(1, 3); n > 0; n--) {
      List<ScalarNode> from = values.isEmpty() || r.nextInt(0, 4) == 0 ? scalars : values;
      picked.add(from.get(r.nextInt(0, from.size() - 1)));
    }
    picked.sort((a, b) -> b.getStartMark().getIndex() - a.getStartMark().getIndex());
    StringBuilder out = new StringBuilder(text);
    int last = Integer.MAX_VALUE;
    for (ScalarNode node : picked) {
      int from = base.charOffset(node.getStartMark().getIndex());
      int to = base.charOffset(node.getEndMark().getIndex());
      if (to > last) {
        continue;
      }
      last = from;
      String replacement;
      int choice = r.nextInt(0, 9);
      if (choice <= 4) {
        // one of the same style
        replacement = switch (node.getScalarStyle()) {
          case SINGLE_QUOTED -> pick(r, GOOD_SINGLE);
          case DOUBLE_QUOTED -> pick(r, GOOD_DOUBLE);
          default -> pick(r, GOOD_PLAIN);
        };
      } else if (choice == 5) {
        replacement = pick(r, List.of(GOOD_PLAIN, GOOD_SINGLE, GOOD_DOUBLE).get(r.nextInt(0, 2)));
      } else if (choice <= 7) {
        replacement = pick(r, BAD);
      } else {
        // a character inserted inside the scalar
        String old = text.substring(from, to);
        int at = r.nextInt(0, old.length());
        replacement = old.substring(0, at) + "x :#'\"".charAt(r.nextInt(0, 5))
            + old.substring(at);
      }
      out.replace(from, to, replacement);
    }
    return out.toString();
  }

  private static void scalars(Node node, List<ScalarNode> all, List<ScalarNode> values,
      boolean key) {
    if (node instanceof ScalarNode scalar) {
      all.add(scalar);
      if (!key) {
        values.add(scalar);
      }
    } else if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        scalars(tuple.getKeyNode(), all, values, true);
        scalars(tuple.getValueNode(), all, values, false);
      }
    } else if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        scalars(item, all, values, false);
      }
    }
  }

  // a values file: nested block mappings and sequences of scalars, comments and blank lines
  private static String values(Randomness r) {
    String nl = r.nextInt(0, 4) == 0 ? "\r\n" : "\n";
    StringBuilder out = new StringBuilder();
    block(out, r, 0, 3, nl);
    return out.toString();
  }

  private static void block(StringBuilder out, Randomness r, int indent, int depth, String nl) {
    String pad = " ".repeat(indent);
    for (int n = r.nextInt(1, 5), i = 0; i < n; i++) {
      if (r.nextInt(0, 6) == 0) {
        out.append(pad).append("# note ").append(i).append(nl);
      }
      if (r.nextInt(0, 8) == 0) {
        out.append(nl);
      }
      out.append(pad).append("k").append(i).append(':');
      int kind = r.nextInt(0, depth > 0 ? 9 : 5);
      if (kind <= 4) {
        out.append(' ').append(scalar(r));
        trailing(out, r, nl);
      } else if (kind == 5) {
        out.append(nl);
        block(out, r, indent + 2, depth - 1, nl);
      } else if (kind == 6) {
        out.append(nl);
        for (int m = r.nextInt(1, 3), j = 0; j < m; j++) {
          out.append(pad).append(r.nextBoolean() ? "  - " : "- ").append(scalar(r));
          trailing(out, r, nl);
        }
      } else if (kind == 7) {
        out.append(" [").append(scalar(r)).append(", ").append(scalar(r)).append(']');
        trailing(out, r, nl);
      } else {
        out.append(" |").append(nl).append(pad).append("  ").append(scalar(r)).append(nl);
      }
    }
  }

  private static String scalar(Randomness r) {
    String word = pick(r, WORDS);
    switch (r.nextInt(0, 3)) {
      case 0: return "'" + word + "'";
      case 1: return "\"" + word + "\"";
      default: return word;
    }
  }

  private static void trailing(StringBuilder out, Randomness r, String nl) {
    if (r.nextInt(0, 4) == 0) {
      out.append(r.nextBoolean() ? "  # c" : " #😀");
    }
    out.append(nl);
  }

  // small files with anchors, aliases, tags, flow collections, merge keys and block scalars
  private static String tricky(Randomness r) {
    List<String> lines = List.of("a: 1", "b: 'x'", "c: \"y\"", "d: &x 1", "e: *x", "f: !!str 2",
        "g: [1, 2]", "h: {i: 1}", "j: |", "  lit", "k:", "  - 1", "  - m: 2", "<<: {n: 1}",
        "- 1", "---", "o: p # q", "r: s  ", "? t", ": u", "v: w😀", "x:\n  y: z", "  aa: bb");
    StringBuilder out = new StringBuilder();
    for (int n = r.nextInt(1, 7); n > 0; n--) {
      out.append(pick(r, lines)).append('\n');
    }
    return out.toString();
  }

  private static String pick(Randomness r, List<String> from) {
    return from.get(r.nextInt(0, from.size() - 1));
  }

  // YamlFile#derivation: the base's documents; every node of the derived parse at the place of
  // a base node is that node, or a copy with the same tag, value and style, or the replacement
  // of a replaced scalar; the replaced scalars are all met, in the order of the text
  private static void derivationNamesWhatChanged(YamlFile base, YamlFile derived) {
    YamlFile.Derivation derivation = derived.derivation();
    assertThat(derivation).isNotNull();
    assertThat(derivation.replacements()).hasSameSizeAs(derivation.replaced());
    for (int i = 0; i < base.documents().size(); i++) {
      assertThat(derivation.baseDocument(i)).isSameAs(base.documents().get(i));
    }
    assertThat(derivation.baseDocument(base.documents().size())).isNull();
    List<ScalarNode> met = new ArrayList<>();
    for (int i = 0; i < base.documents().size(); i++) {
      samePlace(base.documents().get(i), derived.documents().get(i), derivation, met);
    }
    assertThat(met).containsExactlyElementsOf(derivation.replaced());
    for (int i = 1; i < met.size(); i++) {
      assertThat(met.get(i).getStartMark().getIndex())
          .isGreaterThan(met.get(i - 1).getStartMark().getIndex());
    }
  }

  private static void samePlace(Node before, Node after, YamlFile.Derivation derivation,
      List<ScalarNode> met) {
    if (before == null || after == null) {
      assertThat(after).isSameAs(before);
      return;
    }
    // SnakeYAML's nodes are equal by identity only (Node#equals is final)
    int replaced = derivation.replaced().indexOf(before);
    if (replaced >= 0) {
      assertThat(after).isSameAs(derivation.replacements().get(replaced));
      met.add((ScalarNode) before);
      return;
    }
    assertThat(derivation.replacements().contains(after)).as("a replacement at no replaced place")
        .isFalse();
    assertThat(after.getClass()).isSameAs(before.getClass());
    assertThat(after.getTag()).isEqualTo(before.getTag());
    if (before instanceof ScalarNode b) {
      assertThat(((ScalarNode) after).getValue()).isEqualTo(b.getValue());
      assertThat(((ScalarNode) after).getScalarStyle()).isEqualTo(b.getScalarStyle());
    } else if (before instanceof MappingNode b) {
      List<NodeTuple> a = ((MappingNode) after).getValue();
      assertThat(a).hasSameSizeAs(b.getValue());
      for (int i = 0; i < a.size(); i++) {
        samePlace(b.getValue().get(i).getKeyNode(), a.get(i).getKeyNode(), derivation, met);
        samePlace(b.getValue().get(i).getValueNode(), a.get(i).getValueNode(), derivation, met);
      }
    } else {
      List<Node> a = ((SequenceNode) after).getValue();
      assertThat(a).hasSameSizeAs(((SequenceNode) before).getValue());
      for (int i = 0; i < a.size(); i++) {
        samePlace(((SequenceNode) before).getValue().get(i), a.get(i), derivation, met);
      }
    }
  }

  // every accessor, node for node
  private static void sameFile(YamlFile fresh, YamlFile derived, String text) {
    assertThat(derived.text()).isEqualTo(fresh.text());
    assertThat(derived.path()).isEqualTo(fresh.path());
    assertThat(derived.limits()).isEqualTo(fresh.limits());
    assertThat(derived.hasAliases()).isEqualTo(fresh.hasAliases());
    assertThat(derived.newline()).isEqualTo(fresh.newline());
    assertThat(derived.hasAnchorsOrAliases(0, text.length()))
        .isEqualTo(fresh.hasAnchorsOrAliases(0, text.length()));
    assertThat(derived.documents()).hasSameSizeAs(fresh.documents());
    Map<Node, Node> pairs = new IdentityHashMap<>();
    for (int i = 0; i < fresh.documents().size(); i++) {
      sameNode(fresh.documents().get(i), derived.documents().get(i), pairs, text);
    }
    for (Map.Entry<Node, Node> pair : pairs.entrySet()) {
      Node f = pair.getKey();
      Node d = pair.getValue();
      String what = "node " + f + " in\n" + text;
      assertThat(derived.start(d)).as("start of %s", what).isEqualTo(fresh.start(f));
      assertThat(derived.end(d)).as("end of %s", what).isEqualTo(fresh.end(f));
      assertThat(derived.line(d)).as(what).isEqualTo(fresh.line(f));
      assertThat(derived.shared(d)).as(what).isEqualTo(fresh.shared(f));
      assertThat(derived.inFlow(d)).as(what).isEqualTo(fresh.inFlow(f));
      Node parent = fresh.parent(f);
      assertThat(derived.parent(d)).as(what).isSameAs(parent == null ? null : pairs.get(parent));
      Node key = fresh.keyOf(f);
      assertThat(derived.keyOf(d)).as(what).isSameAs(key == null ? null : pairs.get(key));
    }
  }

  private static void sameNode(Node before, Node after, Map<Node, Node> seen, String text) {
    if (before == null || after == null) {
      assertThat(after).as("empty document in%n%s", text).isEqualTo(before);
      return;
    }
    Node paired = seen.putIfAbsent(before, after);
    if (paired != null) {
      assertThat(paired).as("alias target in%n%s", text).isSameAs(after);
      return;
    }
    String what = before + " in\n" + text;
    assertThat(after.getClass()).as(what).isEqualTo(before.getClass());
    assertThat(after.getTag()).as(what).isEqualTo(before.getTag());
    assertThat(resolved(after)).as(what).isEqualTo(resolved(before));
    assertThat(after.getAnchor()).as(what).isEqualTo(before.getAnchor());
    assertThat(after.isTwoStepsConstruction()).isEqualTo(before.isTwoStepsConstruction());
    sameMark(before.getStartMark(), after.getStartMark(), what);
    sameMark(before.getEndMark(), after.getEndMark(), what);
    if (before instanceof ScalarNode scalar) {
      assertThat(((ScalarNode) after).getValue()).as(what).isEqualTo(scalar.getValue());
      assertThat(((ScalarNode) after).getScalarStyle()).as(what)
          .isEqualTo(scalar.getScalarStyle());
    } else {
      assertThat(((CollectionNode<?>) after).getFlowStyle()).as(what)
          .isEqualTo(((CollectionNode<?>) before).getFlowStyle());
    }
    if (before instanceof MappingNode mapping) {
      assertThat(((MappingNode) after).isMerged()).as(what).isEqualTo(mapping.isMerged());
      List<NodeTuple> afterTuples = ((MappingNode) after).getValue();
      assertThat(afterTuples).as(what).hasSameSizeAs(mapping.getValue());
      for (int i = 0; i < afterTuples.size(); i++) {
        sameNode(mapping.getValue().get(i).getKeyNode(), afterTuples.get(i).getKeyNode(), seen,
            text);
        sameNode(mapping.getValue().get(i).getValueNode(), afterTuples.get(i).getValueNode(),
            seen, text);
      }
    } else if (before instanceof SequenceNode sequence) {
      List<Node> afterItems = ((SequenceNode) after).getValue();
      assertThat(afterItems).as(what).hasSameSizeAs(sequence.getValue());
      for (int i = 0; i < afterItems.size(); i++) {
        sameNode(sequence.getValue().get(i), afterItems.get(i), seen, text);
      }
    }
  }

  private static void sameMark(Mark before, Mark after, String what) {
    assertThat(after.getIndex()).as("index of %s", what).isEqualTo(before.getIndex());
    assertThat(after.getLine()).as("line of %s", what).isEqualTo(before.getLine());
    assertThat(after.getColumn()).as("column of %s", what).isEqualTo(before.getColumn());
  }

  // whether the tag came from the resolver (SnakeYAML keeps it in a protected field)
  private static boolean resolved(Node node) {
    try {
      Field field = Node.class.getDeclaredField("resolved");
      field.setAccessible(true);
      return field.getBoolean(node);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  // everything a node holds, to see that deriving modified none of the base's
  private static String dump(YamlFile file) {
    StringBuilder out = new StringBuilder();
    for (Node root : file.documents()) {
      dump(root, out);
    }
    return out.toString();
  }

  private static void dump(Node node, StringBuilder out) {
    if (node == null) {
      out.append("null;");
      return;
    }
    out.append(node.getClass().getSimpleName()).append(node.getTag()).append(resolved(node))
        .append(node.getAnchor()).append(node.getStartMark().getIndex()).append(',')
        .append(node.getStartMark().getLine()).append(',').append(node.getStartMark().getColumn())
        .append('-').append(node.getEndMark().getIndex()).append(',')
        .append(node.getEndMark().getLine()).append(',').append(node.getEndMark().getColumn());
    if (node instanceof ScalarNode scalar) {
      out.append(scalar.getScalarStyle()).append('"').append(scalar.getValue()).append('"');
    } else if (node instanceof MappingNode mapping) {
      out.append(mapping.isMerged()).append(mapping.getFlowStyle()).append('{');
      for (NodeTuple tuple : mapping.getValue()) {
        dump(tuple.getKeyNode(), out);
        dump(tuple.getValueNode(), out);
      }
      out.append('}');
    } else if (node instanceof SequenceNode sequence) {
      out.append(sequence.getFlowStyle()).append('[');
      for (Node item : sequence.getValue()) {
        dump(item, out);
      }
      out.append(']');
    }
    out.append(';');
  }

}
