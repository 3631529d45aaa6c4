package dev.baton.internal.yaml;

import static dev.baton.internal.yaml.YamlEditorTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Tricky files from {@code corpus/}, each with one edit and its exact expected output. */
class YamlCorpusTest {

  @Test
  void commentsEverywhere() {
    check("comments", f -> YamlEditor.of(f).replaceScalar(scalar(f, 0, "image", "tag"),
        new ScalarText("1.10", true)));
  }

  @Test
  void crlfKeptInEditsAndInsertions() {
    YamlFile source = YamlFile.parse("staging.yaml", "limits:\n  cpu: 500m\n  memory: 1Gi\n",
        YamlLimits.defaults());
    check("crlf", f -> YamlEditor.of(f)
        .replaceScalar(scalar(f, 0, "app", "tag"), new ScalarText("1.10", true))
        .insertEntry((MappingNode) node(f, 0, "app"), "limits", source,
            node(source, 0, "limits")));
  }

  @Test
  void multiLineStrings() {
    check("multiline", f -> YamlEditor.of(f)
        .replaceScalar(scalar(f, 0, "notes"), new ScalarText("new\nnotes\n", false))
        .replaceScalar(scalar(f, 0, "plain"), new ScalarText("short", true)));
  }

  @Test
  void quotedKeys() {
    check("quoted-keys", f -> YamlEditor.of(f)
        .replaceScalar(scalar(f, 0, "quoted key"), new ScalarText("it's new", false))
        .replaceScalar(scalar(f, 0, "single key"), new ScalarText("x\ty", false)));
  }

  @Test
  void flowStyle() {
    check("flow", f -> {
      Node ports = node(f, 0, "env", "ports");
      ScalarNode second = (ScalarNode) ((org.yaml.snakeyaml.nodes.SequenceNode) ports)
          .getValue().get(1);
      return YamlEditor.of(f).replaceScalar(second, new ScalarText("8080,8443", false))
          .replaceScalar(scalar(f, 0, "env", "labels", "tier"), new ScalarText("yes", false));
    });
  }

  @Test
  void multipleDocumentsWithMarkers() {
    check("multi-doc", f -> {
      assertThat(f.documents()).hasSize(3);
      return YamlEditor.of(f).replaceScalar(scalar(f, 1, "b"), new ScalarText("20", true));
    });
  }

  @Test
  void anchorsAndAliases() {
    check("anchors", f -> YamlEditor.of(f).replaceScalar(scalar(f, 0, "web", "tag"),
        new ScalarText("2.0", true)));
    YamlFile file = parse("anchors");
    assertThat(file.shared(node(file, 0, "web", "resources"))).isTrue();
    assertRefused(() -> YamlEditor.of(file).replaceScalar(scalar(file, 0, "defaults", "cpu"),
        new ScalarText("200m", true)).apply(), "corpus/anchors.yaml:2: ", "shared");
    assertRefused(() -> YamlEditor.of(file).replaceScalar(
        scalar(file, 0, "web", "resources", "memory"), new ScalarText("1Gi", true)).apply(),
        "corpus/anchors.yaml:3: ", "shared");
    assertRefused(() -> YamlEditor.of(file)
        .removeEntry((MappingNode) node(file, 0), "defaults").apply(),
        "corpus/anchors.yaml:1: ", "shared");
  }

  @Test
  void emojiBeforeTheEditedScalar() {
    check("emoji", f -> YamlEditor.of(f).replaceScalar(scalar(f, 0, "image", "tag"),
        new ScalarText("v2-🦄", true)));
  }

  private static void check(String name, Function<YamlFile, YamlEditor> edit) {
    YamlFile file = parse(name);
    assertThat(edit.apply(file).apply()).isEqualTo(read(name + ".expected.yaml"));
  }

  private static YamlFile parse(String name) {
    return YamlFile.parse("corpus/" + name + ".yaml", read(name + ".yaml"),
        YamlLimits.defaults());
  }

  static Node node(YamlFile file, int document, String... keys) {
    Node node = file.documents().get(document);
    for (String key : keys) {
      node = YamlFile.get(node, key).orElseThrow(() -> new AssertionError("no key " + key));
    }
    return node;
  }

  static ScalarNode scalar(YamlFile file, int document, String... keys) {
    return (ScalarNode) node(file, document, keys);
  }

  private static String read(String resource) {
    try (InputStream in = YamlCorpusTest.class.getResourceAsStream("corpus/" + resource)) {
      if (in == null) {
        throw new AssertionError("missing corpus/" + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
