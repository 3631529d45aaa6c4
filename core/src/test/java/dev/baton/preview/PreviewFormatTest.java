package dev.baton.preview;

import static dev.baton.manifests.Envs.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.internal.yaml.SafeYaml;
import dev.baton.manifests.RandomEnvironments;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PreviewFormatTest {
  private static final ProjectId SHOP = ProjectId.of("shop");

  private static Preview sample() {
    EnvironmentFiles staging = env("staging",
        "values.yaml", "image: {tag: 1.3.0}\nreplicaCount: 2\nlevel: '${LEVEL}'\n",
        "svc.yaml", "kind: Service\n");
    EnvironmentFiles prod = env("prod",
        "values.yaml", "image: {tag: 1.2.0}\nreplicaCount: 6\nlevel: warn\n");
    // prod drifted from the base: the tag moved and level appeared; both are changed below
    EnvironmentFiles base = env("prod", "values.yaml", "image: {tag: 1.1.0}\n");
    return Previewer.create().preview(SHOP, staging, prod, Optional.of(base),
        EnumSet.of(PromotableProperty.IMAGE_TAGS, PromotableProperty.VALUES,
            PromotableProperty.BINDINGS), java.util.List.of());
  }

  @Test
  void jsonHasStableSnakeCaseFields() throws Exception {
    Preview preview = sample();
    JsonNode json = new ObjectMapper().readTree(PreviewFormat.toJson(preview));
    assertThat(json.fieldNames()).toIterable().containsExactly("project", "source", "target",
        "source_revision", "target_revision", "base_revision", "scope", "rules", "summary",
        "workloads", "values", "bindings", "variables", "differences", "files", "warnings");
    assertThat(json.get("scope").toString()).isEqualTo("[\"image_tags\",\"values\",\"bindings\"]");
    assertThat(json.get("base_revision").asText()).isEqualTo("prod-rev");
    assertThat(json.get("summary").toString()).isEqualTo("{\"workloads\":1,\"values\":1,"
        + "\"bindings\":1,\"variables\":0,\"conflicts\":2,\"total\":3}");
    JsonNode workload = json.get("workloads").get(0);
    assertThat(workload.fieldNames()).toIterable().containsExactly("key", "name", "image_tag",
        "replicas", "resources");
    assertThat(workload.get("image_tag").toString()).isEqualTo("{\"key\":\"image_tag\","
        + "\"source\":\"1.3.0\",\"target\":\"1.2.0\",\"after\":\"1.3.0\",\"action\":\"update\","
        + "\"carried\":true,\"conflict\":true}");
    assertThat(workload.get("replicas").get("action").asText()).isEqualTo("no_change");
    assertThat(workload.get("resources").get("source").isNull()).isTrue();
    JsonNode file = json.get("files").get(0);
    assertThat(file.fieldNames()).toIterable().containsExactly("path", "action", "truncated",
        "old_lines", "new_lines", "added_lines", "removed_lines", "diff");
    assertThat(json.get("warnings").get(0).asText()).contains("${LEVEL}");
  }

  @Test
  void jsonAndYamlRoundTrip() {
    Preview preview = sample();
    assertThat(PreviewFormat.fromJson(PreviewFormat.toJson(preview))).isEqualTo(preview);
    String yaml = PreviewFormat.toYaml(preview);
    assertThat(yaml).startsWith("project: shop\n").contains("action: update\n", "diff: |");
    assertThat(PreviewFormat.fromYaml(yaml)).isEqualTo(preview);
    assertThat(SafeYaml.read(yaml, "p").get("summary").get("total").intValue()).isEqualTo(3);
  }

  @Test
  void truncatedFilesRoundTrip() {
    String big = "x\n".repeat(6_000);
    Preview preview = Previewer.create().preview(SHOP, env("staging", "a.txt", big + "y\n"),
        env("prod", "a.txt", big), Optional.empty(), EnumSet.of(PromotableProperty.BINDINGS), java.util.List.of());
    String json = PreviewFormat.toJson(preview);
    assertThat(json).contains("\"truncated\" : true", "\"added_lines\" : null",
        "\"diff\" : null");
    assertThat(PreviewFormat.fromJson(json)).isEqualTo(preview);
    assertThat(PreviewFormat.fromYaml(PreviewFormat.toYaml(preview))).isEqualTo(preview);
  }

  @Test
  void randomPreviewsRoundTrip() {
    long seed = Long.getLong("baton.seed", new Random().nextLong());
    Random random = new Random(seed);
    RandomEnvironments environments = new RandomEnvironments(random);
    Previewer previewer = Previewer.create();
    for (int i = 0; i < 100; i++) {
      EnvironmentFiles source = environments.next("staging");
      EnvironmentFiles target = environments.mutate(source, "prod");
      Optional<EnvironmentFiles> base = random.nextBoolean() ? Optional.empty()
          : Optional.of(environments.mutate(target, "prod"));
      Preview preview;
      try {
        preview = previewer.preview(SHOP, source, target, base, environments.scope(),
            java.util.List.of());
      } catch (dev.baton.error.BatonException e) {
        // a random target may need an edit that cannot be made in place; that is refused
        assertThat(e.getMessage()).containsAnyOf("only entry of its mapping", "in place");
        continue;
      }
      assertThat(PreviewFormat.fromJson(PreviewFormat.toJson(preview)))
          .as("-Dbaton.seed=%d case %d", seed, i).isEqualTo(preview);
      assertThat(PreviewFormat.fromYaml(PreviewFormat.toYaml(preview)))
          .as("-Dbaton.seed=%d case %d", seed, i).isEqualTo(preview);
      assertThat(preview.summary().total()).as("-Dbaton.seed=%d case %d", seed, i).isEqualTo(
          (int) (preview.workloads().stream().flatMap(w -> w.items().stream())
              .filter(PreviewItem::changed).count()
              + preview.values().stream().filter(PreviewItem::changed).count()
              + preview.bindings().stream().filter(PreviewItem::changed).count()
              + preview.variables().stream().filter(PreviewItem::changed).count()));
    }
  }

  @Test
  void refusesWhatIsNotAPreview() {
    String json = PreviewFormat.toJson(sample());
    for (String bad : new String[] {"[]", "{}", "not json",
        json.replace("\"update\"", "\"sideways\""),
        json.replace("\"project\" : \"shop\"", "\"project\" : 3"),
        json.replace("\"truncated\" : false", "\"truncated\" : true")}) {
      assertThatThrownBy(() -> PreviewFormat.fromJson(bad)).as(bad)
          .isInstanceOfSatisfying(BatonException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_DOCUMENT));
    }
    assertThatThrownBy(() -> PreviewFormat.fromYaml("project: &a shop\n"))
        .isInstanceOf(BatonException.class);
  }
}
