package dev.baton.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.error.BatonException;
import dev.baton.internal.yaml.YamlFile;
import dev.baton.internal.yaml.YamlLimits;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@link ValueLeaves} and {@link HelmValues#workloads}, read straight from the YAML nodes, give
 * what the former way gave: the file's Jackson copy ({@link EnvironmentModel#json}) flattened
 * into a map by path, masked by splitting every leaf's path into keys. The files are random
 * values files with odd keys (dots, quotes, backslashes, spaces, digits, the empty key, merge
 * keys), nulls, empty and nested containers, anchors and aliases, placeholders and the keys
 * Helm's workloads are read from, at every level.
 */
class ValueLeavesProperties {
  private static final String[] KEYS = {"image", "tag", "replicaCount", "resources", "name",
      "password", "apiToken", "key1", "key2", "a.b", "x\"y", "back\\slash", "sp ace", "1", "",
      "[0]", "db_PASSWORD", "level", "<<", "a-b", "a_b", "é", "fullnameOverride", "nameOverride"};
  private static final String[] SCALARS = {"v1", "\"quoted\"", "~", "null", "", "'1.10'",
      "${TAG}", "\"${DOMAIN}/x\"", "true", "12", "{}", "[]", "\" \""};
  private static final List<SensitiveNames> NAMES = List.of(SensitiveNames.defaults(),
      SensitiveNames.with(List.of("*1*", "A", "*\\*")), SensitiveNames.with(List.of("*AME*",
          "LEVEL", "x", "sp ace")));

  /** A random values file. */
  static String text(Randomness randomness) {
    Random random = new Random(randomness.nextLong());
    StringBuilder out = new StringBuilder();
    boolean anchored = random.nextInt(4) == 0;
    if (anchored) {
      out.append("base: &base\n");
      mapping(random, out, 2, 1, false);
    }
    mapping(random, out, 0, 0, anchored);
    return out.toString();
  }

  private static void mapping(Random random, StringBuilder out, int indent, int depth,
      boolean alias) {
    int entries = 1 + random.nextInt(depth == 0 ? 7 : 4);
    Set<String> used = new HashSet<>(List.of("base"));
    for (int i = 0; i < entries; i++) {
      String key = KEYS[random.nextInt(KEYS.length)];
      if (random.nextInt(3) == 0) {
        key = key + random.nextInt(3);
      }
      if (!used.add(key)) {
        continue;
      }
      out.append(" ".repeat(indent));
      if (key.equals("<<") && random.nextBoolean()) {
        out.append("<<:");
      } else {
        out.append('"').append(key.replace("\\", "\\\\").replace("\"", "\\\"")).append("\":");
      }
      int kind = depth >= 4 ? 0 : random.nextInt(6);
      if (alias && random.nextInt(6) == 0) {
        out.append(" *base\n");
      } else if (kind <= 1 || key.equals("<<")) {
        if (key.equals("<<")) {
          out.append(" {m: 1}\n");
        } else {
          out.append(' ').append(SCALARS[random.nextInt(SCALARS.length)]).append('\n');
        }
      } else if (kind == 2) {
        out.append('\n');
        int items = random.nextInt(4);
        if (items == 0) {
          out.append(" ".repeat(indent + 2)).append("- []\n");
        }
        for (int j = 0; j < items; j++) {
          if (random.nextBoolean()) {
            out.append(" ".repeat(indent + 2)).append("- ")
                .append(SCALARS[random.nextInt(SCALARS.length)]).append('\n');
          } else {
            out.append(" ".repeat(indent + 2)).append("-\n");
            mapping(random, out, indent + 4, depth + 1, false);
          }
        }
      } else {
        out.append('\n');
        mapping(random, out, indent + 2, depth + 1, alias);
      }
    }
    if (used.size() == 1) {
      out.append(" ".repeat(indent)).append("only: x\n");
    }
  }

  private static MappingNode root(String text) {
    Node document = YamlFile.parse("values.yaml", text, YamlLimits.defaults()).documents()
        .get(0);
    return (MappingNode) document;
  }

  @Test
  void leavesReadFromTheNodesAreThoseOfTheJacksonCopy() {
    AtomicInteger hidden = new AtomicInteger();
    AtomicInteger odd = new AtomicInteger();
    Property.forAll(Gen.of(ValueLeavesProperties::text)).runs(3000).verify(text -> {
      MappingNode root = root(text);
      ObjectNode json = (ObjectNode) EnvironmentModel.json(root);
      ValueLeaves leaves = ValueLeaves.of("values.yaml", root);
      TreeMap<String, JsonNode> expected = formerLeaves("values.yaml", json);

      assertThat(new ArrayList<>(leaves.plain().entrySet()))
          .isEqualTo(new ArrayList<>(texts(expected).entrySet()));
      assertThat(leaves.size()).isEqualTo(expected.size());
      int i = 0;
      boolean placeholders = false;
      for (Map.Entry<String, JsonNode> leaf : expected.entrySet()) {
        assertThat(leaves.key(i)).isEqualTo(leaf.getKey());
        assertThat(leaves.textual(i)).isEqualTo(leaf.getValue().isTextual());
        assertThat(leaves.text(i)).isEqualTo(Texts.leaf(leaf.getValue()));
        placeholders |= leaf.getValue().isTextual() && leaf.getValue().textValue().contains("${");
        if (leaf.getKey().contains("[\"")) {
          odd.incrementAndGet();
        }
        i++;
      }
      assertThat(leaves.placeholders()).isEqualTo(placeholders);
      // every set of names, twice (the memo of the last masking is replaced, then hit)
      for (int round = 0; round < 2; round++) {
        for (SensitiveNames names : NAMES) {
          boolean[] formerHidden = formerHidden(expected, "values.yaml:".length(), names);
          assertThat(leaves.sensitive(names)).isEqualTo(formerHidden);
          assertThat(new ArrayList<>(leaves.plainMasked(names).entrySet())).isEqualTo(
              new ArrayList<>(formerMasked(expected, formerHidden).entrySet()));
          for (boolean h : formerHidden) {
            hidden.addAndGet(h ? 1 : 0);
          }
        }
      }

      assertThat(HelmValues.workloads(root)).isEqualTo(formerWorkloads(json));
    });
    // the property says something only if masking and odd keys are common
    assertThat(hidden.get()).isGreaterThan(3000);
    assertThat(odd.get()).isGreaterThan(3000);
  }

  @Test
  void leavesMadeLikeAnotherFilesAreThoseOfAFreshWalk() {
    AtomicInteger reused = new AtomicInteger();
    AtomicInteger walked = new AtomicInteger();
    Property.forAll(Gen.of(randomness -> {
      String first = text(randomness);
      return List.of(first, changed(first, new Random(randomness.nextLong())));
    })).runs(3000).verify(pair -> {
      MappingNode second;
      try {
        second = root(pair.get(1));
      } catch (BatonException e) {
        return; // a change made it no YAML (or a duplicate key)
      }
      ValueLeaves like = ValueLeaves.of("values.yaml", root(pair.get(0)), null);
      if (pair.get(0).length() % 2 == 0) {
        like.plainMasked(NAMES.get(0)); // the shared segments' memo, asked first or not
      }
      ValueLeaves made = ValueLeaves.of("values.yaml", second, like);
      ValueLeaves fresh = ValueLeaves.of("values.yaml", second, null);
      (made.sameKeys(like) ? reused : walked).incrementAndGet();
      assertSameLeaves(made, fresh);
      TreeMap<String, JsonNode> expected =
          formerLeaves("values.yaml", (ObjectNode) EnvironmentModel.json(second));
      assertThat(new ArrayList<>(made.plain().entrySet()))
          .isEqualTo(new ArrayList<>(texts(expected).entrySet()));
      for (int round = 0; round < 2; round++) {
        for (SensitiveNames names : NAMES) {
          boolean[] formerHidden = formerHidden(expected, "values.yaml:".length(), names);
          assertThat(made.sensitive(names)).isEqualTo(formerHidden);
          assertThat(new ArrayList<>(made.plainMasked(names).entrySet())).isEqualTo(
              new ArrayList<>(formerMasked(expected, formerHidden).entrySet()));
          assertThat(like.sensitive(names)).isEqualTo(formerHidden(
              formerLeaves("values.yaml", (ObjectNode) EnvironmentModel.json(
                  root(pair.get(0)))), "values.yaml:".length(), names));
        }
      }
    });
    // both ways are taken often
    assertThat(reused.get()).isGreaterThan(800);
    assertThat(walked.get()).isGreaterThan(300);
  }

  /**
   * The leaves of a parse derived from another (scalar values edited in place: nulls, numbers,
   * quoted texts, placeholders in and out, some edits refused by the derivation, some files
   * anchored and never derived, some with a key renamed or added) are those of a fresh walk,
   * when made from the first file's leaves by replacing the texts of the leaves the derivation
   * replaced.
   */
  @Test
  void leavesOfADerivedParseAreThoseOfAFreshWalk() {
    AtomicInteger cases = new AtomicInteger();
    AtomicInteger replaced = new AtomicInteger();
    AtomicInteger placeholdersChanged = new AtomicInteger();
    Property.forAll(Gen.of(randomness -> {
      // a line of its own, so that neither text is a parse already cached
      String first = "case: c" + randomness.nextLong() + "\n" + text(randomness);
      Random random = new Random(randomness.nextLong());
      return List.of(first, random.nextInt(4) == 0 ? changed(first, random)
          : sameStyle(first, random));
    })).runs(3000).verify(pair -> {
      // a file name of its own: the second text is derived from the first when it can be
      String path = "values-" + cases.incrementAndGet() + ".yaml";
      YamlFile first;
      YamlFile second;
      try {
        first = YamlFile.parse(path, pair.get(0), YamlLimits.defaults());
        second = YamlFile.parse(path, pair.get(1), YamlLimits.defaults());
      } catch (BatonException e) {
        return; // a change made it no YAML (or a duplicate key)
      }
      MappingNode root = (MappingNode) second.documents().get(0);
      ValueLeaves like = ValueLeaves.of(path, (MappingNode) first.documents().get(0),
          first.derivation(), 0);
      if (cases.get() % 5 == 0) {
        // the last leaves made under the path are another tree's: they are not replaced from
        YamlFile other = YamlFile.parse("other-" + path, pair.get(0) + "\nextra: 1\n",
            YamlLimits.defaults());
        like = ValueLeaves.of(path, (MappingNode) other.documents().get(0), null, 0);
      }
      ValueLeaves made = ValueLeaves.of(path, root, second.derivation(), 0);
      ValueLeaves fresh = ValueLeaves.of(path, root, null);
      if (made.madeByReplacing()) {
        replaced.incrementAndGet();
      }
      if (like.placeholders() != fresh.placeholders()) {
        placeholdersChanged.incrementAndGet();
      }
      assertSameLeaves(made, fresh);
      for (SensitiveNames names : NAMES) {
        assertThat(made.sensitive(names)).isEqualTo(fresh.sensitive(names));
        assertThat(new ArrayList<>(made.plainMasked(names).entrySet()))
            .isEqualTo(new ArrayList<>(fresh.plainMasked(names).entrySet()));
      }
    });
    assertThat(replaced.get()).isGreaterThan(1000);
    assertThat(placeholdersChanged.get()).isGreaterThan(50);
  }

  private static final List<List<String>> STYLES = List.of(
      List.of("v1", "~", "null", "${TAG}", "true", "12", "x${A}y", "v22"),
      List.of("'1.10'", "'a'", "'${B}'"),
      List.of("\"quoted\"", "\"${DOMAIN}/x\"", "\" \""));

  // first with some scalar values, at the ends of lines, replaced by others of the same
  // quoting (which a derivation takes)
  private static String sameStyle(String first, Random random) {
    StringBuilder out = new StringBuilder();
    for (String line : first.split("\n", -1)) {
      String changed = line;
      for (List<String> style : STYLES) {
        for (String scalar : style) {
          if (changed == line && line.endsWith(" " + scalar) && random.nextInt(3) == 0) {
            changed = line.substring(0, line.length() - scalar.length())
                + style.get(random.nextInt(style.size()));
          }
        }
      }
      out.append(changed).append('\n');
    }
    out.setLength(out.length() - 1);
    return out.toString();
  }

  // first with some scalars replaced by others (the same shape, leaves of other kinds
  // included), and sometimes a key renamed or a key added at the end (another shape)
  private static String changed(String first, Random random) {
    StringBuilder out = new StringBuilder();
    int renamed = 0;
    // one pair in five also changes the shape: a leaf becomes a collection, or goes
    boolean reshaped = random.nextInt(5) == 0;
    for (String line : first.split("\n", -1)) {
      String changed = line;
      for (String scalar : SCALARS) {
        String item = line.stripLeading();
        boolean value = line.endsWith(": " + scalar);
        if ((value || item.equals("- " + scalar)) && random.nextInt(3) == 0) {
          int odd = reshaped ? random.nextInt(10) : 3;
          String next = odd == 0 ? "{x: 1}" : odd == 1 ? "[1, 2]"
              : SCALARS[random.nextInt(SCALARS.length)];
          changed = odd == 2 ? null
              : line.substring(0, line.length() - scalar.length()) + next;
          break;
        }
      }
      if (changed == null) {
        continue;
      }
      if (random.nextInt(40) == 0 && changed.stripLeading().startsWith("\"")) {
        changed = changed.replaceFirst("\"", "\"renamed" + renamed++);
      }
      out.append(changed).append('\n');
    }
    out.setLength(out.length() - 1);
    if (random.nextInt(10) == 0) {
      out.append("added: 1\n");
    }
    // a file whose only leaf went is empty: no leaves to compare
    return out.toString().isBlank() ? first : out.toString();
  }

  /**
   * A base the collector took (the derivation holds it weakly), or leaves whose tree it took,
   * give no replacement: the derived file's leaves are walked, and are those of a fresh walk.
   * The references are cleared by hand, as the collector would clear them.
   */
  @Test
  void aCollectedBaseOrTreeSendsTheDerivedParseToTheWalk() throws Exception {
    for (String cleared : List.of("base", "tree", "both")) {
      String path = "values-collected-" + cleared + ".yaml";
      // texts of their own: parses are cached by content, and a cached one shares the
      // derivation this test clears
      String which = "which: " + cleared + "\n";
      YamlFile first = YamlFile.parse(path, which + "image:\n  tag: v1\nc: old\nd: \"${TAG}\"\n",
          YamlLimits.defaults());
      YamlFile second = YamlFile.parse(path, which + "image:\n  tag: v2\nc: new\nd: \"${TAG}\"\n",
          YamlLimits.defaults());
      assertThat(second.derivation()).as("derived").isNotNull();
      ValueLeaves like = ValueLeaves.of(path, (MappingNode) first.documents().get(0), null, 0);
      if (!cleared.equals("tree")) {
        clearReference(second.derivation(), YamlFile.Derivation.class, "base");
      }
      if (!cleared.equals("base")) {
        clearReference(like, ValueLeaves.class, "madeFrom");
      }
      MappingNode root = (MappingNode) second.documents().get(0);
      ValueLeaves made = ValueLeaves.of(path, root, second.derivation(), 0);
      ValueLeaves fresh = ValueLeaves.of(path, root, null);

      assertThat(made.madeByReplacing()).as(cleared).isFalse();
      assertThat(new ArrayList<>(made.plain().entrySet()))
          .isEqualTo(new ArrayList<>(fresh.plain().entrySet()));
      assertThat(made.plain()).containsEntry(path + ":c", "new");
      assertThat(made.placeholders()).isEqualTo(fresh.placeholders()).isTrue();
      Reference.reachabilityFence(first);
    }
  }

  /**
   * With both references held, the same two files are made by replacing (the test above's
   * control: the replacement is what the clearing turned off).
   */
  @Test
  void aHeldBaseAndTreeGiveTheReplacement() {
    String path = "values-held.yaml";
    YamlFile first = YamlFile.parse(path, "which: held\nimage:\n  tag: v1\nc: old\n"
        + "d: \"${TAG}\"\n", YamlLimits.defaults());
    YamlFile second = YamlFile.parse(path, "which: held\nimage:\n  tag: v2\nc: new\n"
        + "d: \"${TAG}\"\n", YamlLimits.defaults());
    ValueLeaves.of(path, (MappingNode) first.documents().get(0), null, 0);
    ValueLeaves made = ValueLeaves.of(path, (MappingNode) second.documents().get(0),
        second.derivation(), 0);

    assertThat(made.madeByReplacing()).isTrue();
    assertThat(made.plain()).containsEntry(path + ":c", "new");
    // the base is held weakly by the derivation and the leaves: without this the collector may
    // take it once first is no longer used (as it did, after the property tests filled the
    // parse cache)
    Reference.reachabilityFence(first);
  }

  private static void clearReference(Object owner, Class<?> type, String field)
      throws ReflectiveOperationException {
    Field f = type.getDeclaredField(field);
    f.setAccessible(true);
    ((Reference<?>) f.get(owner)).clear();
  }

  @Test
  void anEmptyFileHasNoLeavesAndNoWorkloads() {
    ValueLeaves leaves = ValueLeaves.of("values.yaml", null);
    assertThat(leaves.size()).isZero();
    assertThat(leaves.plain()).isEmpty();
    assertThat(leaves.plainMasked(SensitiveNames.defaults())).isEmpty();
    assertThat(HelmValues.workloads(null)).isEmpty();
  }

  private static SortedMap<String, String> texts(TreeMap<String, JsonNode> leaves) {
    TreeMap<String, String> out = new TreeMap<>();
    leaves.forEach((key, node) -> out.put(key, Texts.leaf(node)));
    return out;
  }

  // the former ValueLeaves.of: HelmValues' walk of the Jackson copy into a map of all leaves
  private static TreeMap<String, JsonNode> formerLeaves(String path, ObjectNode tree) {
    String prefix = path + ":";
    TreeMap<String, JsonNode> leaves = new TreeMap<>();
    formerValueLeavesAt(new ArrayList<>(), "", tree, (dotted, node) -> {
      if (!node.isContainerNode() || node.isEmpty()) {
        leaves.put(prefix + dotted, node);
        return;
      }
      Texts.leaves(node, prefix + dotted, leaves);
    });
    return leaves;
  }

  private static void formerValueLeavesAt(List<String> path, String dotted, JsonNode node,
      BiConsumer<String, JsonNode> sink) {
    if (!node.isObject()) {
      sink.accept(dotted, node);
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      path.add(field.getKey());
      String childPath = Texts.child(dotted, field.getKey());
      if (HelmValues.owner(path).isEmpty()) {
        if (HelmValues.structural(path)) {
          formerValueLeavesAt(path, childPath, field.getValue(), sink);
        } else {
          sink.accept(childPath, field.getValue());
        }
      }
      path.remove(path.size() - 1);
    }
  }

  // the former masking: every key of every leaf's dotted path asked about (SensitiveNames'
  // own answers are compared with its patterns by SensitiveNamesProperties)
  private static boolean[] formerHidden(TreeMap<String, JsonNode> leaves, int prefix,
      SensitiveNames names) {
    boolean[] hidden = new boolean[leaves.size()];
    int i = 0;
    for (String key : leaves.keySet()) {
      hidden[i++] = formerSensitivePath(key.substring(prefix), names);
    }
    return hidden;
  }

  // the keys of a dotted path are the runs between '.', '[', ']' and '"', as ValueLeaves split
  // them before it recorded each leaf's segments
  private static boolean formerSensitivePath(String dotted, SensitiveNames names) {
    for (String part : dotted.split("[.\\[\\]\"]")) {
      if (!part.isEmpty() && names.matches(part)) {
        return true;
      }
    }
    return false;
  }

  private static SortedMap<String, String> formerMasked(TreeMap<String, JsonNode> leaves,
      boolean[] hidden) {
    TreeMap<String, String> out = new TreeMap<>(texts(leaves));
    int i = 0;
    for (String key : leaves.keySet()) {
      if (hidden[i++]) {
        out.put(key, SensitiveNames.MASK);
      }
    }
    return out;
  }

  // the former HelmValues.workloads, on the Jackson copy
  private static List<HelmValues.Part> formerWorkloads(ObjectNode root) {
    List<HelmValues.Part> parts = new ArrayList<>();
    HelmValues.Part top = formerPart(Optional.empty(), root);
    if (top.declared()) {
      parts.add(top);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isObject() && HelmValues.owner(List.of(field.getKey())).isEmpty()) {
        HelmValues.Part entry = formerPart(Optional.of(field.getKey()), field.getValue());
        if (entry.declared()) {
          parts.add(entry);
        }
      }
    }
    return parts;
  }

  private static HelmValues.Part formerPart(Optional<String> key, JsonNode map) {
    JsonNode image = map.get("image");
    JsonNode tag = image != null && image.isObject() ? image.get("tag") : null;
    return new HelmValues.Part(key, Optional.ofNullable(tag),
        Optional.ofNullable(map.get("replicaCount")), Optional.ofNullable(map.get("resources")));
  }

  /** The top-level check without a list is {@link HelmValues#owner} of the one-key path. */
  @Test
  void aTopLevelKeyIsOwnedAsItsOneKeyPathIs() {
    String[] parts = {"replicaCount", "resources", "image", "tag", "Resources", "replicacount",
        "", " ", "resources ", "x"};
    Property.forAll(Gen.of(r -> r.nextLong())).runs(2000).verify(seed -> {
      Random random = new Random(seed);
      String key = parts[random.nextInt(parts.length)]
          + (random.nextInt(3) == 0 ? parts[random.nextInt(parts.length)] : "");
      assertThat(HelmValues.ownsTopLevel(key))
          .isEqualTo(HelmValues.owner(List.of(key)).isPresent());
    });
    assertThat(HelmValues.ownsTopLevel("replicaCount")).isTrue();
    assertThat(HelmValues.ownsTopLevel("resources")).isTrue();
    assertThat(HelmValues.ownsTopLevel("image")).isFalse();
  }

  /** Leaf for leaf (key, text, whether textual), the placeholders and the plain texts in order. */
  private static void assertSameLeaves(ValueLeaves made, ValueLeaves fresh) {
    assertThat(made.size()).isEqualTo(fresh.size());
    for (int i = 0; i < fresh.size(); i++) {
      assertThat(made.key(i)).isEqualTo(fresh.key(i));
      assertThat(made.text(i)).isEqualTo(fresh.text(i));
      assertThat(made.textual(i)).isEqualTo(fresh.textual(i));
    }
    assertThat(made.placeholders()).isEqualTo(fresh.placeholders());
    assertThat(new ArrayList<>(made.plain().entrySet()))
        .isEqualTo(new ArrayList<>(fresh.plain().entrySet()));
  }
}

