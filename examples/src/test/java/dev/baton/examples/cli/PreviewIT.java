package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PreviewIT extends CliTestBase {

  @BeforeEach
  void sample() {
    init();
  }

  @Test
  void humanPreviewShowsEveryDifferenceWithWhetherItMovesAndTheDiffs() {
    String out = baton("preview", "--from", "dev", "--to", "staging").ok().out();

    assertThat(out).startsWith("Preview dev → staging");
    assertThat(out).contains("carries:  image_tags");
    assertThat(out).containsPattern("changes:  2 \\(2 workload, 0 values, 0 bindings, 0 vari");
    assertThat(out).containsPattern("image_tag\\s+1\\.4\\.0\\s+1\\.3\\.2\\s+1\\.4\\.0\\s+update");
    assertThat(out).contains("Differences   (2 move, 5 stay)");
    assertThat(out).containsPattern("values.yaml: image.tag\\s+1\\.4\\.0\\s+1\\.3\\.2\\s+moves"
        + "\\s+workload version \\(category image_tags\\)");
    assertThat(out).containsPattern("values.yaml: checkout.newFlow\\s+true\\s+false\\s+stays"
        + "\\s+values \\(category values is not in scope\\)");
    assertThat(out).containsPattern("service.yaml: Service/shop-api: spec.ports\\[0\\].targetPort"
        + "\\s+8081\\s+8080\\s+stays");
    assertThat(out).contains("--- a/kustomization.yaml").contains("+++ b/kustomization.yaml")
        .contains("-    newTag: \"1.3.2\"").contains("+    newTag: \"1.4.0\"")
        .doesNotContain("--- a/service.yaml");
    assertThat(out).doesNotContain("\u001b[");
  }

  @Test
  void allListsWhatStaysAsItIs() {
    String out = baton("preview", "--from", "dev", "--to", "staging", "--all").ok().out();

    assertThat(out).containsPattern("replicas\\s+1\\s+2\\s+2\\s+not carried");
    assertThat(out).containsPattern("DOMAIN\\s+dev.shop.example.com\\s+staging");
  }

  @Test
  void jsonPreviewParsesAndListsTheDifferencesAndTheDiffs() {
    JsonNode json = baton("--json", "preview", "--from", "dev", "--to", "staging").ok().json();

    assertThat(json.get("source").asText()).isEqualTo("dev");
    assertThat(json.get("target").asText()).isEqualTo("staging");
    assertThat(json.get("summary").get("total").asInt()).isEqualTo(2);
    // camelCase keys and enum constant names, as every other --json output
    assertThat(json.get("sourceRevision").asText()).hasSize(40);
    assertThat(json.has("source_revision")).isFalse();
    assertThat(json.get("scope")).extracting(JsonNode::asText).containsExactly("IMAGE_TAGS");
    assertThat(json.get("files").get(0).get("action").asText()).isEqualTo("UPDATE");
    assertThat(json.get("workloads").get(0).has("imageTag")).isTrue();
    assertThat(json.get("files")).hasSize(2);
    assertThat(json.get("files").get(0).get("diff").asText())
        .contains("+    newTag: \"1.4.0\"");
    assertThat(json.get("differences")).hasSize(7);
    assertThat(json.get("differences")).filteredOn(d -> d.get("moves").asBoolean())
        .extracting(d -> d.get("file").asText() + ": " + d.get("path").asText())
        .containsExactly("kustomization.yaml: images[ghcr.io/acme/shop-api].newTag",
            "values.yaml: image.tag");
  }

  @Test
  void yamlPreviewIsPrinted() {
    assertThat(baton("preview", "--from", "staging", "--to", "production", "--yaml").ok().out())
        .contains("source: staging").contains("target: production").contains("diff: |");
  }

  @Test
  void driftInTheTargetSinceTheLastPromotionIsFlaggedAsConflict() throws Exception {
    as("alice@example.com", "request", "--from", "dev", "--to", "staging").ok();
    java.nio.file.Path staging = repo.resolve("envs/staging/values.yaml");
    java.nio.file.Files.writeString(staging, java.nio.file.Files.readString(staging)
        .replace("tag: \"1.4.0\"", "tag: \"1.4.1\""));
    java.nio.file.Path dev = repo.resolve("envs/dev/values.yaml");
    java.nio.file.Files.writeString(dev, java.nio.file.Files.readString(dev)
        .replace("tag: \"1.4.0\"", "tag: \"1.5.0\""));
    git("commit", "-qam", "a hotfix in staging, a new build in dev").ok();

    String out = baton("preview", "--from", "dev", "--to", "staging").ok().out();

    assertThat(out)
        .containsPattern("image_tag\\s+1\\.5\\.0\\s+1\\.4\\.1\\s+1\\.5\\.0\\s+update CONFLICT");
    assertThat(out).contains("1 conflicting");
  }

  @Test
  void aPreviewOutsideThePipelineIsRefused() {
    assertThat(baton("preview", "--from", "production", "--to", "dev").exits(3).err())
        .startsWith("refused: INVALID_STAGE_TRANSITION");
  }

  @Test
  void previewChangesNothing() {
    String state = git("rev-parse", "refs/baton/state").ok().out();
    String main = git("rev-parse", "main").ok().out();

    baton("preview", "--from", "dev", "--to", "staging").ok();

    assertThat(git("rev-parse", "refs/baton/state").ok().out()).isEqualTo(state);
    assertThat(git("rev-parse", "main").ok().out()).isEqualTo(main);
  }
}
