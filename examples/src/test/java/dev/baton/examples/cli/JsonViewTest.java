package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.http.json.Json;
import dev.baton.http.json.JsonView;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Page;
import dev.baton.model.PromotableProperty;
import dev.baton.model.UserId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules every {@code --json} output follows, and the shape of usage errors. */
class JsonViewTest {

  private static JsonNode tree(Object value) throws Exception {
    return Json.mapper().readTree(Json.pretty(value));
  }

  @Test
  void setsPrintInEnumOrderOrByTheirTextWhateverTheirIterationOrder() throws Exception {
    List<PromotableProperty> all = new ArrayList<>(EnumSet.allOf(PromotableProperty.class));
    Collections.reverse(all);
    Set<PromotableProperty> scope = new LinkedHashSet<>(all);
    Set<UserId> users = new LinkedHashSet<>(List.of(UserId.of("carol"),
        UserId.of("alice"), UserId.of("bob")));

    JsonNode json = tree(JsonView.object("scope", scope, "users", users,
        "copy", Set.copyOf(all)));

    List<String> declared = EnumSet.allOf(PromotableProperty.class).stream().map(Enum::name)
        .toList();
    assertThat(json.get("scope")).extracting(JsonNode::asText)
        .containsExactlyElementsOf(declared);
    assertThat(json.get("copy")).extracting(JsonNode::asText)
        .containsExactlyElementsOf(declared);
    assertThat(json.get("users")).extracting(JsonNode::asText)
        .containsExactly("alice", "bob", "carol");
  }

  @Test
  void objectsKeepTheirKeyOrderAndListsAreEnveloped() throws Exception {
    String printed = Json.line(JsonView.object("b", 1, "a", EnvironmentName.of("dev")));
    assertThat(printed).isEqualTo("{\"b\":1,\"a\":\"dev\"}");
    assertThat(Json.line(JsonView.list(List.of()))).isEqualTo("{\"items\":[]}");
  }

  @Test
  void aPageSaysWhereTheNextOneStarts() throws Exception {
    JsonNode first = tree(JsonView.page(new Page<>(List.of("a", "b"), 0, 3)));
    JsonNode last = tree(JsonView.page(new Page<>(List.of("c"), 2, 3)));

    assertThat(first.get("items")).hasSize(2);
    assertThat(first.get("offset").asInt()).isZero();
    assertThat(first.get("total").asLong()).isEqualTo(3);
    assertThat(first.get("nextOffset").asInt()).isEqualTo(2);
    assertThat(last.get("nextOffset").isNull()).isTrue();
  }

  @Test
  void anErrorHasOneShapeWhateverItsKind() throws Exception {
    JsonNode json = tree(JsonView.error("USAGE", 400, "bad", List.of("bad")));

    assertThat(json.fieldNames()).toIterable().containsExactly("error");
    assertThat(json.get("error").fieldNames()).toIterable()
        .containsExactly("code", "http", "message", "problems");
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = BatonCli.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void usageErrorsAreShortAndNameTheHelp() {
    Run bad = run("history", "--limit", "x");

    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.err().lines()).containsExactly(
        "Invalid value for option '--limit': 'x' is not an int",
        "Try 'baton history --help' for more information.");
    Run unknown = run("promote");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unmatched argument").contains("Try 'baton --help'")
        .doesNotContain("Usage:");
  }

  @Test
  void underJsonAUsageErrorIsOneJsonObjectWithTheUsageCode() throws Exception {
    for (String[] args : List.of(new String[] {"--json", "history", "--limit", "x"},
        new String[] {"history", "--limit", "x", "--json"},
        new String[] {"--json", "request", "--from", "dev"},
        new String[] {"promote", "--json"})) {
      Run bad = run(args);

      assertThat(bad.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(bad.err().lines()).as(String.join(" ", args)).hasSize(1);
      JsonNode error = Json.mapper().readTree(bad.err()).get("error");
      assertThat(error.get("code").asText()).isEqualTo(JsonView.USAGE);
      assertThat(error.get("http").asInt()).isEqualTo(400);
      assertThat(error.get("message").asText()).isNotBlank();
      assertThat(error.get("problems")).hasSize(1);
    }
  }

  @Test
  void aSetOfMixedTypesStillPrints() throws Exception {
    Set<Object> mixed = new HashSet<>(List.of("b", 1, "a"));
    assertThat(tree(JsonView.object("m", mixed)).get("m")).extracting(JsonNode::asText)
        .containsExactly("1", "a", "b");
  }
}
