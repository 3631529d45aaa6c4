package dev.baton.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * {@link YamlFile#parse} (which builds the nodes with {@link NodeBuilder} and resolves tags with
 * {@link PlainResolver}) against the way it parsed before: SnakeYAML's own composer and default
 * resolver over the same checking parser, then a walk for duplicate keys and alias expansion.
 * On random texts (the edit properties' files; and small files full of anchors, aliases, merge
 * keys, tags, repeated keys and broken lines) both must give the same trees (node types, tags,
 * values, styles, marks, anchors, shared nodes) or the same refusal, word for word.
 */
class NodeBuilderProperties {
  private static final String PATH = "gen.yaml";
  private static final List<String> KEYS = List.of("a", "b", "c", "<<", "1", "null", "~",
      "true", "k k", "'a'", "\"b\"", "? x", "");
  private static final List<String> SCALARS = List.of("1", "-2.5", "x", "null", "~", "", "yes",
      "no", "0x1F", "2001-12-14", "'q'", "\"d\\t\"", "!!str 5", "!!int 7", "!custom x", "! y",
      "!!binary aGk=", "*x", "*y", "*z", "&x v", "&y 1", "&z", "[1, *x]", "{a: 1, a: 2}",
      "{<<: *y, b: 1}", "[]", "{}", "|\n  lit\n", ">-\n  fold\n", "<<", "=", "!", "@", "`",
      "a: b", "- c", "*x\n", "&x [&x 1, *x]", " ");

  @Test
  void sameTreesAsTheComposerOnTheEditPropertiesFiles() {
    Property.forAll(Gen.of(YamlEditProperties::generate)).runs(1_000).shrinkBudget(0)
        .verify(c -> same(c.text(), YamlLimits.defaults()));
  }

  @Test
  void sameTreesOrRefusalsOnFilesWithAliasesTagsAndRepeatedKeys() {
    List<String> outcomes = new ArrayList<>();
    Property.forAll(Gen.of(NodeBuilderProperties::small)).runs(5_000).shrinkBudget(0)
        .verify(text -> outcomes.add(same(text, YamlLimits.defaults())));
    // the generator reaches every kind of outcome, so the comparison covers them
    for (String kind : List.of("ok", "twice in one mapping", "found undefined alias",
        "recursive aliases are refused", "uses the tag", "is not valid YAML")) {
      assertThat(outcomes.stream()
          .filter(o -> kind.equals("ok") ? o.equals("ok") : o.contains(kind)).count()).as(kind)
          .isGreaterThan(10);
    }
  }

  @Test
  void sameRefusalsWithSmallLimits() {
    Property.forAll(Gen.of(NodeBuilderProperties::small)).runs(2_000).shrinkBudget(0)
        .verify(text -> same(text, new YamlLimits(1 << 20, 2, 3)));
  }

  @Test
  void examples() {
    for (String text : List.of("", "---\n", "a: 1\na: 2\n", "a: &x {b: 1}\nc: *x\nc: 2\n",
        "a: *x\n", "a: &x 1\n---\nb: *x\n", "x: {a: 1, a: 2}\ny: [\n", "<<: {a: 1}\n",
        "a: &x [1]\n" + "b: *x\n".repeat(60), "- &a {x: 1}\n- {<<: *a, y: 2}\n",
        "? [a]\n: 1\n? [a]\n: 2\n", "a:\n  b: 1\n  b: 2\na: 3\n",
        "k: v\n".repeat(3) + "z: 1\n", "a: !!str\nb: !!map {}\n", keys(20) + "k7: x\n",
        keys(20) + "k20: x\n", "m:\n" + keys(40).replace("k", "  k") + "  k39: 1\nm: 2\n")) {
      same(text, YamlLimits.defaults());
    }
  }

  private static String keys(int n) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append('k').append(i).append(": ").append(i).append('\n');
    }
    return out.toString();
  }

  @Test
  void theResolverAnswersAsSnakeYamlsDefault() {
    Resolver plain = new PlainResolver();
    Resolver reference = new Resolver();
    List<String> texts = new ArrayList<>(List.of("", " ", "~", "null", "Null", "NULL", "n", "N",
        "y", "yes", "on", "off", "true", "False", "<<", "=", "1", "-1", "+1", ".5", "1e3",
        "0x1F", "0o7", "1_000", "2001-12-14", ".inf", "-.Inf", ".NaN", "a", "key2", "value-1-2",
        " a", "\u0000", "\u0000x", "é", "😀", "!x", "&x", "*x", "12:30:00", "1:20"));
    for (char c = 0; c < 0x300; c++) {
      texts.add(String.valueOf(c));
      texts.add(c + "ull");
      texts.add(c + "1");
    }
    Randomness r = Randomness.seeded(11);
    String alphabet = " ~nNulLyYeEsStTrRfFaAoO0123456789.+-_:x<=eE!&*\u0000";
    for (int i = 0; i < 50_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = r.nextInt(0, 12); n > 0; n--) {
        text.append(alphabet.charAt(r.nextInt(0, alphabet.length() - 1)));
      }
      texts.add(text.toString());
    }
    // and through one parse's memo: each text asked several times, the first a miss
    Map<String, Tag> memo = new HashMap<>();
    for (int round = 0; round < 2; round++) {
      for (String text : texts) {
        for (boolean implicit : new boolean[] {true, false}) {
          Tag expected = reference.resolve(NodeId.scalar, text, implicit);
          assertThat(plain.resolve(NodeId.scalar, text, implicit)).as("'%s'", text)
              .isEqualTo(expected);
          assertThat(((PlainResolver) plain).scalar(text, implicit, memo)).as("'%s'", text)
              .isEqualTo(expected);
        }
      }
    }
    // the memo holds only what took the patterns: texts starting with a key or a space
    assertThat(memo).isNotEmpty().doesNotContainKey("value-1-2").doesNotContainKey("a");
    for (NodeId kind : new NodeId[] {NodeId.sequence, NodeId.mapping}) {
      assertThat(plain.resolve(kind, null, true)).isEqualTo(reference.resolve(kind, null, true));
    }
  }

  // a small file of block and flow entries drawn from few keys and tricky scalars, some lines
  // broken by a stray character
  private static String small(Randomness r) {
    StringBuilder out = new StringBuilder();
    int lines = r.nextInt(1, 8);
    for (int i = 0; i < lines; i++) {
      int indent = r.nextInt(0, 3) == 0 ? 2 : 0;
      String line = " ".repeat(indent);
      if (r.nextInt(0, 5) == 0) {
        line += "- " + pick(r, SCALARS);
      } else if (r.nextInt(0, 6) == 0) {
        line += "---";
      } else {
        String value = r.nextInt(0, 4) == 0 ? "" : " " + pick(r, SCALARS);
        line += pick(r, KEYS) + ":" + value;
      }
      if (r.nextInt(0, 8) == 0 && !line.isEmpty()) {
        int at = r.nextInt(0, line.length());
        line = line.substring(0, at) + "[]{}:,-?&*!|>'\"#%@\t".charAt(r.nextInt(0, 18))
            + line.substring(at);
      }
      out.append(line).append('\n');
    }
    return out.toString();
  }

  private static String pick(Randomness r, List<String> from) {
    return from.get(r.nextInt(0, from.size() - 1));
  }

  private static String same(String text, YamlLimits limits) {
    String expected;
    List<Node> before = null;
    try {
      before = before(text, limits);
      expected = "ok";
    } catch (BatonException e) {
      expected = e.code() + " " + e.getMessage();
    }
    String actual;
    YamlFile after = null;
    try {
      after = YamlFile.parse(PATH, text, limits);
      actual = "ok";
    } catch (BatonException e) {
      actual = e.code() + " " + e.getMessage();
    }
    assertThat(actual).as("outcome of%n%s", text).isEqualTo(expected);
    if (after != null) {
      assertThat(after.documents()).hasSameSizeAs(before);
      Map<Node, Node> seen = new IdentityHashMap<>();
      for (int i = 0; i < before.size(); i++) {
        sameNode(before.get(i), after.documents().get(i), seen, text);
      }
      for (Node node : seen.keySet()) {
        assertThat(after.shared(seen.get(node))).as("shared %s in%n%s", node, text)
            .isEqualTo(sharedBefore(before).contains(node));
      }
    }
    return actual;
  }

  // YamlFile.parse as it was: the composer, then the walk for duplicate keys and aliases
  private static List<Node> before(String text, YamlLimits limits) {
    if (YamlFile.utf8Length(text) > limits.maxBytes()) {
      throw new IllegalStateException("not generated");
    }
    LoaderOptions options = new LoaderOptions();
    options.setNestingDepthLimit(limits.maxDepth() + 2);
    options.setCodePointLimit(Math.max(limits.maxBytes(), 1) + 1);
    options.setProcessComments(false);
    CheckingParser parser = new CheckingParser(
        new ParserImpl(new StreamReader(text), options), PATH, limits);
    Composer composer = new Composer(parser, new Resolver(), options);
    List<Node> documents = new ArrayList<>();
    try {
      while (composer.checkNode()) {
        Node root = composer.getNode();
        boolean empty = root instanceof ScalarNode && ((ScalarNode) root).isPlain()
            && ((ScalarNode) root).getValue().isEmpty();
        documents.add(empty ? null : root);
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw YamlFile.malformed(PATH, mark == null ? 0 : mark.getLine() + 1,
          "is not valid YAML: " + firstLine(e.getProblem() != null ? e.getProblem()
              : e.getMessage()), e);
    } catch (YAMLException e) {
      throw YamlFile.malformed(PATH, 0, "is not valid YAML: " + firstLine(e.getMessage()), e);
    }
    if (documents.isEmpty()) {
      documents.add(null);
    }
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node root : documents) {
      duplicates(root, seen);
    }
    if (!parser.aliasStarts().isEmpty()) {
      long expanded = 0;
      Map<Node, Long> sizes = new IdentityHashMap<>();
      for (Node root : documents) {
        expanded += root == null ? 0 : expandedSize(root, sizes);
      }
      if (expanded > (long) seen.size() + limits.maxKeys()) {
        throw new BatonException(ErrorCode.DOCUMENT_TOO_LARGE, PATH
            + ": has aliases that expand to more than " + limits.maxKeys() + " extra nodes");
      }
    }
    return documents;
  }

  private static void duplicates(Node node, Set<Node> seen) {
    if (node == null || !seen.add(node)) {
      return;
    }
    if (node instanceof MappingNode mapping) {
      List<NodeTuple> tuples = mapping.getValue();
      for (int i = 0; i < tuples.size(); i++) {
        if (tuples.get(i).getKeyNode() instanceof ScalarNode key) {
          for (int j = 0; j < i; j++) {
            if (tuples.get(j).getKeyNode() instanceof ScalarNode earlier
                && earlier.getValue().equals(key.getValue())) {
              throw YamlFile.malformed(PATH, key.getStartMark().getLine() + 1,
                  "has the key '" + key.getValue() + "' twice in one mapping");
            }
          }
        }
        duplicates(tuples.get(i).getKeyNode(), seen);
        duplicates(tuples.get(i).getValueNode(), seen);
      }
    } else if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        duplicates(item, seen);
      }
    }
  }

  private static long expandedSize(Node node, Map<Node, Long> sizes) {
    Long known = sizes.get(node);
    if (known != null) {
      return known;
    }
    long size = 1;
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        size += expandedSize(tuple.getKeyNode(), sizes) + expandedSize(tuple.getValueNode(), sizes);
      }
    } else if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        size += expandedSize(item, sizes);
      }
    }
    sizes.put(node, size);
    return size;
  }

  // the nodes reached twice from the documents, and everything inside them
  private static Set<Node> sharedBefore(List<Node> documents) {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Node> shared = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node root : documents) {
      reach(root, seen, shared);
    }
    return shared;
  }

  private static void reach(Node node, Set<Node> seen, Set<Node> shared) {
    if (node == null) {
      return;
    }
    if (!seen.add(node)) {
      markAll(node, shared);
      return;
    }
    for (Node child : children(node)) {
      reach(child, seen, shared);
    }
  }

  private static void markAll(Node node, Set<Node> shared) {
    if (shared.add(node)) {
      for (Node child : children(node)) {
        markAll(child, shared);
      }
    }
  }

  private static List<Node> children(Node node) {
    List<Node> children = new ArrayList<>();
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        children.add(tuple.getKeyNode());
        children.add(tuple.getValueNode());
      }
    } else if (node instanceof SequenceNode sequence) {
      children.addAll(sequence.getValue());
    }
    return children;
  }

  // the same shape, node for node; 'seen' pairs each node before with its node after, so an
  // alias must lead to the same node on both sides
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
    assertThat(after.getClass()).isEqualTo(before.getClass());
    assertThat(after.getTag()).as("tag of %s in%n%s", before, text).isEqualTo(before.getTag());
    assertThat(resolved(after)).isEqualTo(resolved(before));
    assertThat(after.getAnchor()).isEqualTo(before.getAnchor());
    assertThat(after.isTwoStepsConstruction()).isEqualTo(before.isTwoStepsConstruction());
    sameMark(before.getStartMark(), after.getStartMark());
    sameMark(before.getEndMark(), after.getEndMark());
    if (before instanceof ScalarNode scalar) {
      assertThat(((ScalarNode) after).getValue()).isEqualTo(scalar.getValue());
      assertThat(((ScalarNode) after).getScalarStyle()).isEqualTo(scalar.getScalarStyle());
    } else {
      assertThat(((CollectionNode<?>) after).getFlowStyle())
          .isEqualTo(((CollectionNode<?>) before).getFlowStyle());
    }
    if (before instanceof MappingNode mapping) {
      assertThat(((MappingNode) after).isMerged()).isEqualTo(mapping.isMerged());
      List<NodeTuple> afterTuples = ((MappingNode) after).getValue();
      assertThat(afterTuples).hasSameSizeAs(mapping.getValue());
      for (int i = 0; i < afterTuples.size(); i++) {
        sameNode(mapping.getValue().get(i).getKeyNode(), afterTuples.get(i).getKeyNode(), seen,
            text);
        sameNode(mapping.getValue().get(i).getValueNode(), afterTuples.get(i).getValueNode(),
            seen, text);
      }
    } else if (before instanceof SequenceNode sequence) {
      List<Node> afterItems = ((SequenceNode) after).getValue();
      assertThat(afterItems).hasSameSizeAs(sequence.getValue());
      for (int i = 0; i < afterItems.size(); i++) {
        sameNode(sequence.getValue().get(i), afterItems.get(i), seen, text);
      }
    }
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

  private static void sameMark(Mark before, Mark after) {
    assertThat(after.getIndex()).isEqualTo(before.getIndex());
    assertThat(after.getLine()).isEqualTo(before.getLine());
    assertThat(after.getColumn()).isEqualTo(before.getColumn());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown problem";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
