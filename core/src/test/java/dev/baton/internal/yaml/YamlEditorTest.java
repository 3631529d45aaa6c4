package dev.baton.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

class YamlEditorTest {
  private static final YamlLimits LIMITS = YamlLimits.defaults();

  static YamlFile parse(String text) {
    return YamlFile.parse("values.yaml", text, LIMITS);
  }

  static Node at(YamlFile file, String... keys) {
    Node node = file.documents().get(0);
    for (String key : keys) {
      node = YamlFile.get(node, key).orElseThrow();
    }
    return node;
  }

  static String replace(String text, String value, boolean plain, String... keys) {
    YamlFile file = parse(text);
    return YamlEditor.of(file)
        .replaceScalar((ScalarNode) at(file, keys), new ScalarText(value, plain)).apply();
  }

  @Test
  void replacesOnlyTheScalarKeepingCommentsAndLayout() {
    String text = "# top\nimage:\n  repository: app   # the app\n\n  tag: 1.9 # pinned\n";
    assertThat(replace(text, "1.10", true, "image", "tag"))
        .isEqualTo("# top\nimage:\n  repository: app   # the app\n\n  tag: 1.10 # pinned\n");
  }

  @Test
  void quotesAPlainTargetWhenTheValueWasQuotedAndWouldReadAsAnotherType() {
    for (String tricky : List.of("1.10", "2024-01-01", "0o10", "0x1F", "1:20", "yes", "no", "on",
        "off", "y", "n", "true", "null", "~", ".inf", "1e3", "")) {
      assertThat(replace("tag: v1\n", tricky, false, "tag"))
          .as(tricky).isEqualTo("tag: \"" + tricky + "\"\n");
    }
    assertThat(replace("tag: v1\n", "v2", false, "tag")).isEqualTo("tag: v2\n");
    assertThat(replace("tag: v1\n", "a: b", true, "tag")).isEqualTo("tag: \"a: b\"\n");
    assertThat(replace("tag: v1\n", "-x", false, "tag")).isEqualTo("tag: \"-x\"\n");
    assertThat(replace("tag: v1\n", "a #b", false, "tag")).isEqualTo("tag: \"a #b\"\n");
  }

  @Test
  void anEntryAddedWhereTheLastOnesAreRemovedOrReplacedTakesTheirPlace() {
    YamlFile source = parse("a: 1\nnew: 2\n");
    YamlFile target = parse("a: 1\nb: 2  # gone\nc: 3\nnext: x\n");
    MappingNode inner = (MappingNode) target.documents().get(0);
    assertThat(YamlEditor.of(target).removeEntry(inner, "c").removeEntry(inner, "next")
        .insertEntry(inner, "new", source, at(source, "new")).apply())
        .isEqualTo("a: 1\nb: 2  # gone\nnew: 2\n");

    YamlFile inner2 = parse("image:\n  tag: 1\n  pull: x\n");
    YamlFile api = parse("api: 2\n");
    assertThat(YamlEditor.of(inner2)
        .removeEntry((MappingNode) at(inner2, "image"), "pull")
        .insertEntry((MappingNode) inner2.documents().get(0), "api", api, at(api, "api"))
        .apply()).isEqualTo("image:\n  tag: 1\napi: 2\n");

    YamlFile nested = parse("top:\n  a: 1\n  last:\n    x: 1\nafter: 0\n");
    YamlFile from = parse("top:\n  a: 1\n  last:\n    x: 2\n    y: 3\n  added: 4\n");
    assertThat(YamlEditor.of(nested)
        .replaceValue(at(nested, "top", "last"), from, at(from, "top", "last"))
        .insertEntry((MappingNode) at(nested, "top"), "added", from, at(from, "top", "added"))
        .apply())
        .isEqualTo("top:\n  a: 1\n  last:\n    x: 2\n    y: 3\n  added: 4\nafter: 0\n");
  }

  @Test
  void keepsQuotedStyles() {
    assertThat(replace("a: \"x\"\n", "say \"hi\"\\\n\u0001", false, "a"))
        .isEqualTo("a: \"say \\\"hi\\\"\\\\\\n\\x01\"\n");
    assertThat(replace("a: 'x'\n", "it's", false, "a")).isEqualTo("a: 'it''s'\n");
    assertThat(replace("a: 'x'\n", "two\nlines", false, "a")).isEqualTo("a: \"two\\nlines\"\n");
  }

  @Test
  void replacesABlockScalarWithADoubleQuotedOneKeepingItsLineEnding() {
    String text = "a: |\r\n  one\r\n  two\r\n\r\nb: 1\r\n";
    assertThat(replace(text, "x\ny\n", false, "a")).isEqualTo("a: \"x\\ny\\n\"\r\n\r\nb: 1\r\n");
  }

  @Test
  void countsCodePointsNotChars() {
    String text = "# 🚀 rocket\nname: \"😀\" # 🎉\ntag: 1.9\n";
    assertThat(replace(text, "2.0", true, "tag")).isEqualTo("# 🚀 rocket\nname: \"😀\" # 🎉\ntag: 2.0\n");
    assertThat(replace(text, "🐳", false, "name")).isEqualTo("# 🚀 rocket\nname: \"🐳\" # 🎉\ntag: 1.9\n");
  }

  @Test
  void editsNextToAnAliasedNodeSucceedAndEditsOfItAreRefused() {
    String text = "base: &b\n  cpu: 1\nother: *b\nname: x\n";
    assertThat(replace(text, "y", true, "name")).isEqualTo("base: &b\n  cpu: 1\nother: *b\nname: y\n");
    assertThatThrownBy(() -> replace(text, "2", true, "base", "cpu"))
        .isInstanceOf(BatonException.class)
        .hasMessageContaining("values.yaml:2: ")
        .hasMessageContaining("shared");
  }

  @Test
  void replacesAMappingSubtree() {
    String target = "app:\n  resources:   # sized for prod\n    requests:\n      cpu: 1\n  replicas: 3\n";
    String source = "resources:\n  requests:\n    cpu: 2\n  limits: {cpu: 4}\n";
    YamlFile t = parse(target);
    YamlFile s = parse(source);
    String out = YamlEditor.of(t).replaceValue(at(t, "app", "resources"), s, at(s, "resources"))
        .apply();
    assertThat(out).isEqualTo("app:\n  resources:   # sized for prod\n    requests:\n"
        + "      cpu: 2\n    limits: {cpu: 4}\n  replicas: 3\n");
  }

  @Test
  void replacesAScalarWithABlockMappingAndBack() {
    YamlFile t = parse("a:\n  b: {}\n  c: 1\n");
    YamlFile s = parse("x:\n    y: 1\n    z: [1, 2]\n");
    assertThat(YamlEditor.of(t).replaceValue(at(t, "a", "b"), s, at(s, "x")).apply())
        .isEqualTo("a:\n  b:\n      y: 1\n      z: [1, 2]\n  c: 1\n");
    YamlFile t2 = parse("a:\n  b:\n    y: 1\n  c: 1\n");
    YamlFile s2 = parse("x: {q: 1}\n");
    assertThat(YamlEditor.of(t2).replaceValue(at(t2, "a", "b"), s2, at(s2, "x")).apply())
        .isEqualTo("a:\n  b: {q: 1}\n  c: 1\n");
  }

  @Test
  void replacesListsAndKeepsCrlf() {
    YamlFile t = parse("a:\r\n  hosts:\r\n  - one\r\n  - two\r\n  b: 1\r\n");
    YamlFile s = parse("hosts:\n    - x\n    - y: 1\n      z: 2\n");
    assertThat(YamlEditor.of(t).replaceValue(at(t, "a", "hosts"), s, at(s, "hosts")).apply())
        .isEqualTo("a:\r\n  hosts:\r\n  - x\r\n  - y: 1\r\n    z: 2\r\n  b: 1\r\n");
  }

  @Test
  void insertsAnEntryAtTheEndOfABlockMapping() {
    YamlFile t = parse("a:\r\n    b: 1  # one\r\n    c: 2\r\n# end\r\nd: 3\r\n");
    YamlFile s = parse("limits:\n  cpu: 1\n  memory: 1Gi\nflag: yes\n");
    String out = YamlEditor.of(t)
        .insertEntry((MappingNode) at(t, "a"), "limits", s, at(s, "limits"))
        .insertEntry((MappingNode) t.documents().get(0), "true", s, at(s, "flag"))
        .apply();
    assertThat(out).isEqualTo("a:\r\n    b: 1  # one\r\n    c: 2\r\n    limits:\r\n"
        + "      cpu: 1\r\n      memory: 1Gi\r\n# end\r\nd: 3\r\n\"true\": yes\r\n");
  }

  @Test
  void removesAnEntryWithItsTrailingComment() {
    YamlFile t = parse("a:\n  b: 1  # one\n  c:\n    d: 2 # two\n  e: 3\n");
    assertThat(YamlEditor.of(t).removeEntry((MappingNode) at(t, "a"), "c").apply())
        .isEqualTo("a:\n  b: 1  # one\n  e: 3\n");
    assertThat(YamlEditor.of(t).removeEntry((MappingNode) at(t, "a"), "e").apply())
        .isEqualTo("a:\n  b: 1  # one\n  c:\n    d: 2 # two\n");
  }

  @Test
  void refusesWhatCannotBeDoneInPlace() {
    YamlFile t = parse("a: {b: 1, c: 2}\nd:\n  e: 1\n");
    YamlFile s = parse("x: 1\n");
    assertRefused(() -> YamlEditor.of(t).insertEntry((MappingNode) at(t, "a"), "z", s, at(s, "x"))
        .apply(), "values.yaml:1: ", "flow mapping");
    assertRefused(() -> YamlEditor.of(t).removeEntry((MappingNode) at(t, "a"), "b").apply(),
        "values.yaml:1: ", "flow mapping");
    assertRefused(() -> YamlEditor.of(t).removeEntry((MappingNode) at(t, "d"), "e").apply(),
        "values.yaml:3: ", "only entry");
    assertRefused(() -> YamlEditor.of(t)
        .replaceScalar((ScalarNode) at(t, "d", "e"), new ScalarText("2", true))
        .replaceValue(at(t, "d"), s, at(s, "x")).apply(), "values.yaml:", "overlap");
  }

  @Test
  void parsesDocumentsAndPlainJava() {
    YamlFile file = parse("---\n...\n---\na: 1.10\nb: '1'\nc: [yes, ~, 0x1F]\n");
    assertThat(file.documents()).hasSize(2);
    assertThat(file.documents().get(0)).isNull();
    assertThat(YamlFile.toJava(file.documents().get(1))).isEqualTo(Map.of(
        "a", 1.1, "b", "1", "c", java.util.Arrays.asList(true, null, 31L)));
    assertThat(parse("").documents()).containsExactly((Node) null);
    assertRefused(() -> parse("a: 1\na: 2\n"), "values.yaml:2: ", "twice");
    assertRefused(() -> parse("a: !foo 1\n"), "values.yaml:1: ", "tag");
    assertRefused(() -> parse("a: [1\n"), "values.yaml:", "not valid YAML");
  }

  @Test
  void aKeyTwiceIsRefusedInSmallAndLargeMappingsFirstWhereItIsMet() {
    StringBuilder large = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      large.append("k").append(i).append(": ").append(i).append('\n');
    }
    assertThat(parse(large.toString()).documents()).hasSize(1);
    assertRefused(() -> parse(large + "k7: again\n"), "values.yaml:41: ", "'k7' twice");
    assertRefused(() -> parse("a: 1\nb: 2\nc: 3\nb: 4\n"), "values.yaml:4: ", "'b' twice");
    // a key twice inside an earlier value is met before a key twice later in its parent
    assertRefused(() -> parse("a:\n  x: 1\n  x: 2\n" + large + "a: 3\n"),
        "values.yaml:3: ", "'x' twice");
    assertRefused(() -> parse("a:\n  x: 1\n  x: 2\nb: 1\na: 3\n"), "values.yaml:3: ",
        "'x' twice");
    // the same key in two mappings is no duplicate
    assertThat(parse("a: {x: 1}\nb: {x: 1}\n").documents()).hasSize(1);
  }

  static void assertRefused(Runnable action, String prefix, String fragment) {
    assertThatThrownBy(action::run).isInstanceOf(BatonException.class)
        .satisfies(e -> assertThat(((BatonException) e).code())
            .isEqualTo(ErrorCode.MALFORMED_DOCUMENT))
        .hasMessageContaining(prefix).hasMessageContaining(fragment);
  }
}
