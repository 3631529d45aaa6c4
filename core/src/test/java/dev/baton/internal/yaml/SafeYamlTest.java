package dev.baton.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.math.BigDecimal;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SafeYamlTest {

  private static void refused(ThrowingCallable call, ErrorCode code, String... fragments) {
    assertThatThrownBy(call).isInstanceOf(BatonException.class)
        .satisfies(e -> {
          assertThat(((BatonException) e).code()).isEqualTo(code);
          for (String fragment : fragments) {
            assertThat(e.getMessage()).contains(fragment);
          }
        });
  }

  @Test
  void readsPlainDocument() {
    JsonNode node = SafeYaml.read("a: 1\nb: [x, 'y']\nc: {d: true, e: ~}\nf: 1.50\n", "t.yaml");
    assertThat(node.get("a").intValue()).isEqualTo(1);
    assertThat(node.get("b").get(1).textValue()).isEqualTo("y");
    assertThat(node.get("c").get("d").booleanValue()).isTrue();
    assertThat(node.get("c").get("e").isNull()).isTrue();
    assertThat(node.get("f")).isEqualTo(DecimalNode.valueOf(new BigDecimal("1.5")));
  }

  @Test
  void emptyTextAndEmptyDocumentReadAsNull() {
    assertThat(SafeYaml.read("", "t")).isEqualTo(NullNode.instance);
    assertThat(SafeYaml.read("---\n", "t")).isEqualTo(NullNode.instance);
    assertThat(SafeYaml.read("# only a comment\n", "t")).isEqualTo(NullNode.instance);
    assertThat(SafeYaml.read("''", "t").textValue()).isEmpty();
  }

  @Test
  void refusesAliases() {
    refused(() -> SafeYaml.read("a: &x {b: 1}\nc: *x\n", "envs/s/values.yaml"),
        ErrorCode.MALFORMED_DOCUMENT, "envs/s/values.yaml", "line 1", "anchor");
    refused(() -> SafeYaml.read("a: 1\nc: *x\n", "v.yaml"), ErrorCode.MALFORMED_DOCUMENT);
  }

  @Test
  void refusesAnchorsEvenOnScalars() {
    refused(() -> SafeYaml.read("a: 1\nb: &x 2\n", "v.yaml"), ErrorCode.MALFORMED_DOCUMENT,
        "line 2", "&x");
  }

  @Test
  void refusesCustomAndNonStandardTags() {
    refused(() -> SafeYaml.read("a: !foo 1\n", "v.yaml"), ErrorCode.MALFORMED_DOCUMENT,
        "line 1", "tag");
    refused(() -> SafeYaml.read("a:\n  - !!binary aGk=\n", "v.yaml"),
        ErrorCode.MALFORMED_DOCUMENT, "line 2", "binary");
    refused(() -> SafeYaml.read("a: !!java.io.File /etc\n", "v.yaml"),
        ErrorCode.MALFORMED_DOCUMENT);
    refused(() -> SafeYaml.read("a: ! 12\n", "v.yaml"), ErrorCode.MALFORMED_DOCUMENT);
    refused(() -> SafeYaml.read("a: !foo {b: 1}\n", "v.yaml"), ErrorCode.MALFORMED_DOCUMENT);
    refused(() -> SafeYaml.read("%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n", "v.yaml"),
        ErrorCode.MALFORMED_DOCUMENT);
  }

  @Test
  void acceptsCoreTags() {
    JsonNode node = SafeYaml.read("a: !!str 12\nb: !!int \"3\"\nc: !!map {d: 1}\n", "v.yaml");
    assertThat(node.get("a").textValue()).isEqualTo("12");
    assertThat(node.get("b").intValue()).isEqualTo(3);
  }

  @Test
  void refusesDuplicateKeys() {
    refused(() -> SafeYaml.read("a: 1\nb: 2\na: 3\n", "v.yaml"), ErrorCode.MALFORMED_DOCUMENT,
        "v.yaml", "line 3", "'a'", "twice");
    refused(() -> SafeYaml.read("x:\n  a: 1\n  a: 1\n", "v.yaml"), ErrorCode.MALFORMED_DOCUMENT);
    refused(() -> SafeYaml.read("- {b: 1, 'b': 2}\n", "v.yaml"), ErrorCode.MALFORMED_DOCUMENT,
        "line 1", "'b'", "twice");
    // the mapper refuses them too, so binding straight through it never keeps the last one
    assertThatThrownBy(() -> SafeYaml.yamlMapper().readTree("a: 1\na: 2\n"))
        .isInstanceOf(JsonProcessingException.class).hasMessageContaining("'a'");
  }

  @Test
  void refusesTooDeep() {
    YamlLimits limits = new YamlLimits(1000, 3, 100);
    assertThat(SafeYaml.read("a: {b: {c: 1}}\n", "v", limits).at("/a/b/c").intValue())
        .isEqualTo(1);
    refused(() -> SafeYaml.read("a: {b: {c: [1]}}\n", "v.yaml", limits),
        ErrorCode.MALFORMED_DOCUMENT, "deeper than 3");
    refused(() -> SafeYaml.read("[".repeat(100) + "]".repeat(100), "v.yaml"),
        ErrorCode.MALFORMED_DOCUMENT, "deeper than 64");
  }

  @Test
  void refusesTooBig() {
    YamlLimits limits = new YamlLimits(20, 64, 100);
    refused(() -> SafeYaml.read("a: 'more than twenty bytes'\n", "v.yaml", limits),
        ErrorCode.DOCUMENT_TOO_LARGE, "v.yaml", "limit of 20 bytes");
    // the byte count is of UTF-8, not of chars: 10 two-byte characters are 20 bytes
    assertThat(SafeYaml.read("\"" + "é".repeat(9) + "\"", "v", limits).textValue()).hasSize(9);
    refused(() -> SafeYaml.read("\"" + "é".repeat(10) + "\"", "v", limits),
        ErrorCode.DOCUMENT_TOO_LARGE);
  }

  @Test
  void refusesTooManyKeys() {
    YamlLimits limits = new YamlLimits(10_000, 64, 3);
    assertThat(SafeYaml.read("a: 1\nb: {c: 2}\n", "v", limits).size()).isEqualTo(2);
    refused(() -> SafeYaml.read("a: 1\nb: {c: 2, d: 3}\n", "v.yaml", limits),
        ErrorCode.DOCUMENT_TOO_LARGE, "more than 3 keys");
  }

  @Test
  void refusesMultipleDocuments() {
    refused(() -> SafeYaml.read("a: 1\n---\nb: 2\n", "v.yaml"), ErrorCode.MALFORMED_DOCUMENT,
        "line 2", "more than one");
  }

  @Test
  void reportsSyntaxErrorsWithLine() {
    refused(() -> SafeYaml.read("a: 1\nb: [1, 2\n", "v.yaml"), ErrorCode.MALFORMED_DOCUMENT,
        "v.yaml", "not valid YAML");
    refused(() -> SafeYaml.read("a: 1\n  b: 2\n", "v.yaml"), ErrorCode.MALFORMED_DOCUMENT,
        "line 2");
    refused(() -> SafeYaml.read("? [a, b]\n: c\n", "v.yaml"), ErrorCode.MALFORMED_DOCUMENT);
  }

  @Test
  void readsInfinityAndNaN() {
    JsonNode node = SafeYaml.read("a: .inf\nb: -.Inf\nc: .NaN\n", "v");
    assertThat(node.get("a").doubleValue()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(node.get("b").doubleValue()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(node.get("c").doubleValue()).isNaN();
    assertThat(SafeYaml.read(SafeYaml.write(node), "v")).isEqualTo(node);
  }

  @Test
  void writesReadableBlockYaml() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", "api");
    node.put("tag", "1.2.3");
    node.put("count", "3");
    node.put("flag", "yes");
    node.put("replicas", 3);
    node.putArray("items").add("a").addObject().put("k", "v");
    node.putObject("empty");
    String text = SafeYaml.write(node);
    assertThat(text).doesNotStartWith("---").endsWith("\n")
        .contains("name: api\n", "tag: 1.2.3\n", "replicas: 3\n", "  - a\n", "empty: {}\n")
        .contains("count: \"3\"", "flag: \"yes\"");
    assertThat(SafeYaml.read(text, "w")).isEqualTo(node);
  }

  @Test
  void writesFloatsThatReadBackAsFloats() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("a", new BigDecimal("1E+10"));
    node.put("b", new BigDecimal("1.5E-300"));
    node.put("c", 2.0d);
    node.put("d", new BigDecimal("123456789012345678901234567890123456789012345.25"));
    JsonNode back = SafeYaml.read(SafeYaml.write(node), "w");
    assertThat(back).isEqualTo(SafeYaml.canonical(node));
    assertThat(back.get("a").isFloatingPointNumber()).isTrue();
    assertThat(back.get("c").isFloatingPointNumber()).isTrue();
  }

  @Test
  void writeThenReadIsIdentityForRandomTrees() {
    long seed = Long.getLong("baton.seed", System.nanoTime());
    Random random = new Random(seed);
    for (int i = 0; i < 300; i++) {
      JsonNode tree = randomTree(random, 0);
      JsonNode expected = SafeYaml.canonical(tree);
      String text = SafeYaml.write(tree);
      assertThat(SafeYaml.read(text, "w"))
          .as("seed %d case %d, text:%n%s", seed, i, text).isEqualTo(expected);
      assertThat(SafeYaml.write(expected)).as("seed %d: stable output", seed).isEqualTo(text);
    }
  }

  @Test
  void yamlMapperBindsRecordsAndReadValueChecksFirst() {
    record Point(int x, String label) {}
    assertThat(SafeYaml.readValue("x: 3\nlabel: p\n", "p.yaml", Point.class))
        .isEqualTo(new Point(3, "p"));
    refused(() -> SafeYaml.readValue("x: 3\nother: 1\n", "p.yaml", Point.class),
        ErrorCode.MALFORMED_DOCUMENT, "p.yaml");
    refused(() -> SafeYaml.readValue("x: &a 3\n", "p.yaml", Point.class),
        ErrorCode.MALFORMED_DOCUMENT);
  }

  private static final String[] NASTY = {"", " ", "yes", "No", "off", "null", "~", "123", "0x1F",
      "1e10", "1.5", ".inf", "-", "- a", "a: b", "#x", "x #y", "'", "\"", "\\", "*x", "&x", "!x",
      "%x", "@x", "`x", "{a}", "[a]", ",", "?", ":", "a\nb", "a\n", "\n", "\n a", "trail ",
      " lead", "a\tb", "\u0085", "é\u2028x", "\uD83D\uDE00", "---", "...", "1:20", "2024-01-01",
      "${TAG}", "<<", "=", "a\r\nb", "\u0000", "\u001b[0m"};

  private static JsonNode randomTree(Random random, int depth) {
    int kind = depth >= 4 ? random.nextInt(5) : random.nextInt(7);
    switch (kind) {
      case 0:
        return JsonNodeFactory.instance.textNode(randomString(random));
      case 1:
        return JsonNodeFactory.instance.numberNode(random.nextInt(5) == 0
            ? random.nextLong() : random.nextInt(1000) - 500);
      case 2:
        return random.nextInt(4) == 0 ? DoubleNode.valueOf(random.nextDouble() * 1e6)
            : JsonNodeFactory.instance.numberNode(
                new BigDecimal(random.nextInt(100000)).movePointLeft(random.nextInt(8) - 3));
      case 3:
        return JsonNodeFactory.instance.booleanNode(random.nextBoolean());
      case 4:
        return NullNode.instance;
      case 5: {
        ObjectNode map = JsonNodeFactory.instance.objectNode();
        int size = random.nextInt(5);
        for (int i = 0; i < size; i++) {
          map.set(randomString(random), randomTree(random, depth + 1));
        }
        return map;
      }
      default: {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
          list.add(randomTree(random, depth + 1));
        }
        return list;
      }
    }
  }

  private static String randomString(Random random) {
    if (random.nextInt(3) == 0) {
      StringBuilder out = new StringBuilder();
      int parts = 1 + random.nextInt(3);
      for (int i = 0; i < parts; i++) {
        out.append(NASTY[random.nextInt(NASTY.length)]);
      }
      return out.toString();
    }
    return "k" + random.nextInt(50);
  }
}
