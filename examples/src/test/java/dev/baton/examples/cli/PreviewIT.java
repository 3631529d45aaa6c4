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
  void humanPreviewShowsTheChangedItemsAndTheDiffs() {
    String out = baton("preview", "--from", "dev", "--to", "staging").ok().out();

    assertThat(out).startsWith("Preview dev → staging");
    assertThat(out).contains("carries:  image_tags, values, bindings");
    assertThat(out).containsPattern("changes:  4 \\(2 workload, 1 values, 1 bindings, 0 vari");
    assertThat(out).containsPattern("image_tag\\s+1\\.4\\.0\\s+1\\.3\\.2\\s+1\\.4\\.0\\s+update");
    assertThat(out).containsPattern("values.yaml:checkout.newFlow\\s+true\\s+false\\s+true");
    assertThat(out).contains("service.yaml").contains("more item(s) differ");
    assertThat(out).contains("--- a/kustomization.yaml").contains("+++ b/kustomization.yaml")
        .contains("+    newTag: 1.4.0").contains("-      targetPort: 8080");
    assertThat(out).doesNotContainPattern("\\d\\s+not carried").doesNotContain("\u001b[");
  }

  @Test
  void allListsWhatStaysAsItIs() {
    String out = baton("preview", "--from", "dev", "--to", "staging", "--all").ok().out();

    assertThat(out).containsPattern("replicas\\s+1\\s+2\\s+2\\s+not carried");
    assertThat(out).containsPattern("DOMAIN\\s+dev.shop.example.com\\s+staging");
  }

  @Test
  void jsonPreviewParsesAndCarriesTheDiffs() {
    JsonNode json = baton("--json", "preview", "--from", "dev", "--to", "staging").ok().json();

    assertThat(json.get("source").asText()).isEqualTo("dev");
    assertThat(json.get("target").asText()).isEqualTo("staging");
    assertThat(json.get("summary").get("total").asInt()).isEqualTo(4);
    assertThat(json.get("files")).hasSize(3);
    assertThat(json.get("files").get(0).get("diff").asText()).contains("+    newTag: 1.4.0");
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
        .replace("newFlow: true", "newFlow: false"));
    java.nio.file.Path dev = repo.resolve("envs/dev/values.yaml");
    java.nio.file.Files.writeString(dev, java.nio.file.Files.readString(dev)
        .replace("${DOMAIN}/checkout", "${DOMAIN}/pay"));
    git("commit", "-qam", "hand edits in dev and staging").ok();

    String out = baton("preview", "--from", "dev", "--to", "staging").ok().out();

    assertThat(out)
        .containsPattern("checkout.newFlow\\s+true\\s+false\\s+true\\s+update CONFLICT");
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
