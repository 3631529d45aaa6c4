package dev.baton.gitops;

import static dev.baton.gitops.Envs.env;
import static dev.baton.model.PromotableProperty.BINDINGS;
import static dev.baton.model.PromotableProperty.IMAGE_TAGS;
import static dev.baton.model.PromotableProperty.REPLICAS;
import static dev.baton.model.PromotableProperty.RESOURCES;
import static dev.baton.model.PromotableProperty.VALUES;
import static dev.baton.model.PromotableProperty.VARIABLES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.internal.yaml.SafeYaml;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.FileChange;
import dev.baton.model.PromotableProperty;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromotionPlannerTest {
  private final PromotionPlanner planner = PromotionPlanner.create();

  private static final String STAGING_VALUES = String.join("\n",
      "# staging values",
      "image:",
      "  repository: acme/api",
      "  tag: 1.3.0",
      "replicaCount: 2",
      "resources:",
      "  limits: {cpu: 200m}",
      "logLevel: debug",
      "featureX: true",
      "");
  private static final String PROD_VALUES = String.join("\n",
      "# production values",
      "image:",
      "  repository: acme/api",
      "  tag: 1.2.0",
      "replicaCount: 6",
      "resources:",
      "  limits: {cpu: '2'}",
      "logLevel: warn",
      "");

  private JsonNode planned(EnvironmentFiles source, EnvironmentFiles target,
      Set<PromotableProperty> scope, String path) {
    EnvironmentFiles after = PromotionPlanner.applyTo(target,
        planner.plan(source, target, scope));
    return SafeYaml.read(after.file(path).orElseThrow(), path);
  }

  @Test
  void imageTagsOnlyLeavesReplicasResourcesAndValues() {
    EnvironmentFiles staging = env("staging", "values.yaml", STAGING_VALUES);
    EnvironmentFiles prod = env("prod", "values.yaml", PROD_VALUES);
    JsonNode values = planned(staging, prod, EnumSet.of(IMAGE_TAGS), "values.yaml");
    assertThat(values.at("/image/tag").asText()).isEqualTo("1.3.0");
    assertThat(values.at("/replicaCount").intValue()).isEqualTo(6);
    assertThat(values.at("/resources/limits/cpu").asText()).isEqualTo("2");
    assertThat(values.at("/logLevel").asText()).isEqualTo("warn");
    assertThat(values.has("featureX")).isFalse();
  }

  @Test
  void valuesReplaceTheTargetsButKeepItsWorkloadProperties() {
    EnvironmentFiles staging = env("staging", "values.yaml", STAGING_VALUES);
    EnvironmentFiles prod = env("prod", "values.yaml", PROD_VALUES + "onlyInProd: 1\n");
    JsonNode values = planned(staging, prod, EnumSet.of(VALUES), "values.yaml");
    assertThat(values.at("/logLevel").asText()).isEqualTo("debug");
    assertThat(values.at("/featureX").booleanValue()).isTrue();
    assertThat(values.has("onlyInProd")).isFalse();
    assertThat(values.at("/image/tag").asText()).isEqualTo("1.2.0");
    assertThat(values.at("/image/repository").asText()).isEqualTo("acme/api");
    assertThat(values.at("/replicaCount").intValue()).isEqualTo(6);
  }

  @Test
  void replicasAndResourcesAreSeparateProperties() {
    EnvironmentFiles staging = env("staging", "values.yaml", STAGING_VALUES);
    EnvironmentFiles prod = env("prod", "values.yaml", PROD_VALUES);
    JsonNode replicas = planned(staging, prod, EnumSet.of(REPLICAS), "values.yaml");
    assertThat(replicas.at("/replicaCount").intValue()).isEqualTo(2);
    assertThat(replicas.at("/resources/limits/cpu").asText()).isEqualTo("2");
    JsonNode resources = planned(staging, prod, EnumSet.of(RESOURCES), "values.yaml");
    assertThat(resources.at("/replicaCount").intValue()).isEqualTo(6);
    assertThat(resources.at("/resources/limits/cpu").asText()).isEqualTo("200m");
  }

  @Test
  void umbrellaEntriesMergePerProperty() {
    EnvironmentFiles staging = env("staging", "values.yaml",
        "api:\n  image: {tag: '2'}\n  replicaCount: 1\n  env: {A: s}\n"
            + "web:\n  image: {tag: '9'}\n");
    EnvironmentFiles prod = env("prod", "values.yaml",
        "api:\n  image: {tag: '1'}\n  replicaCount: 4\n  env: {A: p}\n");
    JsonNode values = planned(staging, prod, EnumSet.of(IMAGE_TAGS), "values.yaml");
    assertThat(values.at("/api/image/tag").asText()).isEqualTo("2");
    assertThat(values.at("/api/replicaCount").intValue()).isEqualTo(4);
    assertThat(values.at("/api/env/A").asText()).isEqualTo("p");
    assertThat(values.at("/web/image/tag").asText()).isEqualTo("9");
  }

  @Test
  void anInScopePropertyTheSourceLacksIsRemoved() {
    EnvironmentFiles staging = env("staging", "values.yaml", "image: {repository: a}\n");
    EnvironmentFiles prod = env("prod", "values.yaml",
        "image: {repository: a, tag: '1'}\nreplicaCount: 3\n");
    JsonNode values = planned(staging, prod, EnumSet.of(IMAGE_TAGS), "values.yaml");
    assertThat(values.at("/image").has("tag")).isFalse();
    assertThat(values.at("/replicaCount").intValue()).isEqualTo(3);
  }

  @Test
  void placeholdersAreCarriedRaw() {
    EnvironmentFiles staging = env("staging", "values.yaml", "image: {tag: '${TAG}'}\n",
        "variables.yaml", "TAG: 1.3.0\n");
    EnvironmentFiles prod = env("prod", "values.yaml", "image: {tag: 1.2.0}\n",
        "variables.yaml", "TAG: 1.2.5\n");
    EnvironmentFiles after = PromotionPlanner.applyTo(prod,
        planner.plan(staging, prod, EnumSet.of(IMAGE_TAGS)));
    assertThat(after.file("values.yaml")).contains("image: {tag: '${TAG}'}\n");
    assertThat(after.file("variables.yaml")).contains("TAG: 1.2.5\n");
    assertThat(GitOpsReader.create().read(after).workloads().get("values.yaml").imageTag())
        .contains("1.2.5");
  }

  @Test
  void kustomizeImagesAndReplicasFollowTheirProperties() {
    EnvironmentFiles staging = env("staging", "kustomization.yaml", String.join("\n",
        "resources: [deployment.yaml, hpa.yaml]",
        "images: [{name: api, newTag: '2.0'}]",
        "replicas: [{name: api, count: 1}]", ""));
    EnvironmentFiles prod = env("prod", "kustomization.yaml", String.join("\n",
        "# prod",
        "resources: [deployment.yaml]",
        "namespace: prod",
        "images: [{name: api, newTag: '1.0'}]",
        "replicas: [{name: api, count: 5}]", ""));
    JsonNode tags = planned(staging, prod, EnumSet.of(IMAGE_TAGS), "kustomization.yaml");
    assertThat(tags.at("/images/0/newTag").asText()).isEqualTo("2.0");
    assertThat(tags.at("/replicas/0/count").intValue()).isEqualTo(5);
    assertThat(tags.at("/namespace").asText()).isEqualTo("prod");
    assertThat(tags.at("/resources").size()).isEqualTo(1);

    JsonNode bindings = planned(staging, prod, EnumSet.of(BINDINGS), "kustomization.yaml");
    assertThat(bindings.at("/resources").size()).isEqualTo(2);
    assertThat(bindings.has("namespace")).isFalse();
    assertThat(bindings.at("/images/0/newTag").asText()).isEqualTo("1.0");
    assertThat(bindings.at("/replicas/0/count").intValue()).isEqualTo(5);

    JsonNode replicas = planned(staging, prod, EnumSet.of(REPLICAS), "kustomization.yaml");
    assertThat(replicas.at("/replicas/0/count").intValue()).isEqualTo(1);
    assertThat(replicas.at("/images/0/newTag").asText()).isEqualTo("1.0");
  }

  @Test
  void kustomizationKeepsTheTargetsSpelling() {
    EnvironmentFiles staging = env("staging", "kustomization.yaml",
        "images: [{name: api, newTag: '2'}]\n");
    EnvironmentFiles prod = env("prod", "Kustomization", "images: [{name: api, newTag: '1'}]\n");
    List<FileChange> changes = planner.plan(staging, prod, EnumSet.of(IMAGE_TAGS));
    assertThat(changes).extracting(FileChange::path).containsExactly("Kustomization");
  }

  @Test
  void variablesAreCopiedWholeOnlyWhenInScope() {
    String stagingVariables = "# staging\nTAG: 1.3.0  # pinned\n";
    EnvironmentFiles staging = env("staging", "variables.yaml", stagingVariables);
    EnvironmentFiles prod = env("prod", "variables.yml", "TAG: 1.2.0\n");
    assertThat(planner.plan(staging, prod, PromotableProperty.defaults())).isEmpty();
    assertThat(planner.plan(staging, prod, EnumSet.of(VARIABLES))).containsExactly(
        FileChange.write("variables.yaml", stagingVariables), FileChange.delete("variables.yml"));
    assertThat(planner.plan(env("staging"), prod, EnumSet.of(VARIABLES)))
        .containsExactly(FileChange.delete("variables.yml"));
  }

  @Test
  void bindingsAreMirroredByteForByte() {
    EnvironmentFiles staging = env("staging",
        "deployment.yaml", "kind: Deployment # v2\n",
        "new/service.yaml", "kind: Service\n",
        "same.yaml", "x\n");
    EnvironmentFiles prod = env("prod",
        "deployment.yaml", "kind: Deployment # v1\n",
        "old.yaml", "kind: ConfigMap\n",
        "same.yaml", "x\n");
    assertThat(planner.plan(staging, prod, EnumSet.of(IMAGE_TAGS))).isEmpty();
    assertThat(planner.plan(staging, prod, EnumSet.of(BINDINGS))).containsExactly(
        FileChange.write("deployment.yaml", "kind: Deployment # v2\n"),
        FileChange.write("new/service.yaml", "kind: Service\n"),
        FileChange.delete("old.yaml"));
  }

  @Test
  void unchangedMergeWritesNothingSoCommentsSurvive() {
    EnvironmentFiles staging = env("staging", "values.yaml", "image: {tag: '1'}\nlevel: a\n");
    EnvironmentFiles prod = env("prod", "values.yaml", "# keep me\nimage:\n  tag: '1'\nlevel: b\n");
    assertThat(planner.plan(staging, prod, EnumSet.of(IMAGE_TAGS))).isEmpty();
  }

  @Test
  void mergeEqualToTheSourceCopiesTheSourceText() {
    EnvironmentFiles staging = env("staging", "values.yaml", STAGING_VALUES);
    EnvironmentFiles prod = env("prod", "values.yaml", PROD_VALUES);
    assertThat(planner.plan(staging, prod, EnumSet.allOf(PromotableProperty.class)))
        .containsExactly(FileChange.write("values.yaml", STAGING_VALUES));
  }

  @Test
  void otherMergesAreRewrittenAsBlockYaml() {
    EnvironmentFiles staging = env("staging", "values.yaml", STAGING_VALUES);
    EnvironmentFiles prod = env("prod", "values.yaml", PROD_VALUES);
    List<FileChange> changes = planner.plan(staging, prod, EnumSet.of(IMAGE_TAGS));
    assertThat(changes).singleElement().satisfies(change ->
        assertThat(change.content()).contains(String.join("\n",
            "image:",
            "  repository: acme/api",
            "  tag: 1.3.0",
            "replicaCount: 6",
            "resources:",
            "  limits:",
            "    cpu: \"2\"",
            "logLevel: warn",
            "")));
  }

  @Test
  void aFileOnlyTheSourceHasIsCreatedWithInScopePartsOnly() {
    EnvironmentFiles staging = env("staging", "values-extra.yaml",
        "image: {tag: '3'}\nreplicaCount: 2\nlevel: x\n");
    EnvironmentFiles prod = env("prod");
    JsonNode created = planned(staging, prod, EnumSet.of(IMAGE_TAGS), "values-extra.yaml");
    assertThat(created.toString()).isEqualTo("{\"image\":{\"tag\":\"3\"}}");
    assertThat(planner.plan(staging, prod, EnumSet.of(BINDINGS))).isEmpty();
  }

  @Test
  void aMergedFileLeftEmptyIsDeleted() {
    EnvironmentFiles staging = env("staging");
    EnvironmentFiles prod = env("prod", "values-extra.yaml", "image: {tag: '3'}\n",
        "values.yaml", "{}\n");
    assertThat(planner.plan(staging, prod, EnumSet.of(IMAGE_TAGS)))
        .containsExactly(FileChange.delete("values-extra.yaml"));
  }

  @Test
  void emptyMapsFollowTheValuesProperty() {
    EnvironmentFiles staging = env("staging", "values.yaml",
        "podAnnotations: {}\napi: {image: {}}\n");
    EnvironmentFiles prod = env("prod", "values.yaml",
        "api:\n  image: {tag: '1'}\nweb: {}\nlevel: a\n");
    assertThat(planned(staging, prod, EnumSet.of(VALUES), "values.yaml").toString())
        .isEqualTo("{\"api\":{\"image\":{\"tag\":\"1\"}},\"podAnnotations\":{}}");
    // a map emptied by removing an in-scope property goes; one the target had empty stays
    assertThat(planned(staging, prod, EnumSet.of(IMAGE_TAGS), "values.yaml").toString())
        .isEqualTo("{\"web\":{},\"level\":\"a\"}");
  }

  @Test
  void emptyScopeChangesNothing() {
    EnvironmentFiles staging = env("staging", "values.yaml", STAGING_VALUES, "a.yaml", "a");
    EnvironmentFiles prod = env("prod", "values.yaml", PROD_VALUES);
    assertThat(planner.plan(staging, prod, Set.of())).isEmpty();
  }

  @Test
  void planningTheResultAgainChangesNothing() {
    EnvironmentFiles staging = env("staging", "values.yaml", STAGING_VALUES,
        "kustomization.yaml", "resources: [a.yaml]\nimages: [{name: x, newTag: '2'}]\n");
    EnvironmentFiles prod = env("prod", "values.yaml", PROD_VALUES,
        "kustomization.yml", "images: [{name: x, newTag: '1'}]\nnamespace: p\n");
    for (Set<PromotableProperty> scope : List.of(EnumSet.of(IMAGE_TAGS), EnumSet.of(VALUES),
        PromotableProperty.defaults(), EnumSet.allOf(PromotableProperty.class))) {
      EnvironmentFiles after = PromotionPlanner.applyTo(prod,
          planner.plan(staging, prod, scope));
      assertThat(planner.plan(staging, after, scope)).as("%s", scope).isEmpty();
    }
  }

  @Test
  void refusesWhenEitherSideIsMalformed() {
    EnvironmentFiles good = env("staging", "values.yaml", "a: 1\n");
    EnvironmentFiles bad = env("prod", "values.yaml", "a: *x\n");
    assertThatThrownBy(() -> planner.plan(good, bad, EnumSet.of(VALUES)))
        .isInstanceOfSatisfying(BatonException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_DOCUMENT);
          assertThat(e.getMessage()).contains("prod/values.yaml");
        });
    assertThatThrownBy(() -> planner.plan(bad, good, Set.of()))
        .isInstanceOf(BatonException.class);
    assertThatThrownBy(() -> planner.plan(good, good, null))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void applyToWritesAndDeletes() {
    EnvironmentFiles prod = env("prod", "a", "1", "b", "2");
    EnvironmentFiles after = PromotionPlanner.applyTo(prod,
        List.of(FileChange.write("a", "3"), FileChange.delete("b"), FileChange.write("c", "4")));
    assertThat(after.files()).containsOnlyKeys("a", "c").containsEntry("a", "3");
    assertThat(after.environment()).isEqualTo(prod.environment());
  }
}
