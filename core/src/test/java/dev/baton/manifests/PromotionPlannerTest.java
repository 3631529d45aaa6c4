package dev.baton.manifests;

import static dev.baton.manifests.Envs.env;
import static dev.baton.model.PromotableProperty.BINDINGS;
import static dev.baton.model.PromotableProperty.IMAGE_TAGS;
import static dev.baton.model.PromotableProperty.REPLICAS;
import static dev.baton.model.PromotableProperty.VALUES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.FileChange;
import dev.baton.model.PromotableProperty;
import dev.baton.model.PromotionRule;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner on the shapes real repositories have: what moves, what stays, which bytes. */
class PromotionPlannerTest {
  private static final Set<PromotableProperty> VERSIONS = EnumSet.of(IMAGE_TAGS);

  private final PromotionPlanner planner = PromotionPlanner.create();

  private PromotionPlan plan(EnvironmentFiles source, EnvironmentFiles target) {
    return planner.plan(source, target, VERSIONS, List.of());
  }

  private static String written(PromotionPlan plan, String path) {
    return plan.changes().stream().filter(c -> c.path().equals(path)).findFirst()
        .flatMap(FileChange::content).orElseThrow(() -> new AssertionError(path + " not written"));
  }

  @Test
  void kustomizeOverlayMovesTheTagAndKeepsNamespacePrefixAndLabels() {
    EnvironmentFiles staging = env("staging", "kustomization.yaml", String.join("\n",
        "apiVersion: kustomize.config.k8s.io/v1beta1",
        "kind: Kustomization",
        "namespace: shop-staging   # one namespace per environment",
        "namePrefix: staging-",
        "resources:",
        "  - ../../base",
        "labels:",
        "  - pairs: {env: staging}",
        "images:",
        "  - name: ghcr.io/acme/shop",
        "    newTag: \"1.5.0\"",
        "replicas:",
        "  - name: shop",
        "    count: 2",
        ""));
    String prod = String.join("\n",
        "apiVersion: kustomize.config.k8s.io/v1beta1",
        "kind: Kustomization",
        "namespace: shop-production   # one namespace per environment",
        "namePrefix: prod-",
        "resources:",
        "  - ../../base",
        "labels:",
        "  - pairs: {env: production}",
        "images:",
        "  - name: ghcr.io/acme/shop",
        "    newTag: \"1.4.0\"   # bumped by Baton",
        "replicas:",
        "  - name: shop",
        "    count: 6",
        "");
    PromotionPlan plan = plan(staging, env("production", "kustomization.yaml", prod));

    assertThat(written(plan, "kustomization.yaml"))
        .isEqualTo(prod.replace("\"1.4.0\"", "\"1.5.0\""));
    assertThat(plan.moves()).extracting(Difference::where)
        .containsExactly("kustomization.yaml: images[ghcr.io/acme/shop].newTag");
    assertThat(plan.differences()).filteredOn(d -> !d.moves()).extracting(Difference::path)
        .contains("namespace", "namePrefix", "replicas[shop].count");
    assertThat(plan.differences()).filteredOn(d -> d.path().equals("namespace"))
        .extracting(Difference::reason).allMatch(r -> r.startsWith("stays"));
  }

  @Test
  void kustomizeDigestReplacesTheTagByImageNameNotPosition() {
    EnvironmentFiles dev = env("dev", "kustomization.yaml", String.join("\n",
        "images:",
        "- name: worker",
        "  newTag: 2.0.1",
        "- name: api",
        "  newTag: 1.5.0",
        "  digest: sha256:abc",
        ""));
    EnvironmentFiles staging = env("staging", "kustomization.yaml", String.join("\n",
        "images:",
        "- name: api",
        "  newTag: 1.4.0",
        "- name: worker",
        "  newTag: 2.0.0",
        ""));
    String after = written(plan(dev, staging), "kustomization.yaml");
    assertThat(after).isEqualTo(String.join("\n",
        "images:",
        "- name: api",
        "  newTag: 1.5.0",
        "  digest: sha256:abc",
        "- name: worker",
        "  newTag: 2.0.1",
        ""));
  }

  @Test
  void patchImageMovesOnlyItsVersionAndTheRegistryStays() {
    String devPatch = String.join("\n",
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  name: shop",
        "spec:",
        "  template:",
        "    spec:",
        "      initContainers:",
        "        - name: migrate",
        "          image: registry.dev:5000/acme/shop-migrate:1.5.0",
        "      containers:",
        "        - name: shop",
        "          image: registry.dev:5000/acme/shop:1.5.0",
        "");
    String prodPatch = devPatch.replace("registry.dev:5000", "registry.prod")
        .replace("1.5.0", "1.4.0");
    EnvironmentFiles dev = env("dev", "version.yml", devPatch, "replicas.yml", "replicas: 1\n");
    EnvironmentFiles prod = env("production", "version.yml", prodPatch,
        "hotfix.yml", "kind: ConfigMap\n");
    PromotionPlan plan = plan(dev, prod);

    assertThat(plan.changes()).extracting(FileChange::path).containsExactly("version.yml");
    assertThat(written(plan, "version.yml")).isEqualTo(prodPatch.replace("1.4.0", "1.5.0"));
    assertThat(plan.differences()).filteredOn(d -> d.file().equals("hotfix.yml"))
        .singleElement().satisfies(d -> assertThat(d.reason()).contains("only the target"));
    assertThat(plan.differences()).filteredOn(d -> d.file().equals("replicas.yml"))
        .singleElement().satisfies(d -> assertThat(d.reason()).contains("only the source"));
  }

  @Test
  void commentedHelmValuesKeepEveryByteButTheTag() {
    String staging = String.join("\n",
        "# Default values for shop.",
        "",
        "image:",
        "  repository: ghcr.io/acme/shop   # the registry mirror",
        "  # the version, bumped on every release",
        "  tag: \"1.5.0\"",
        "  pullPolicy: IfNotPresent",
        "",
        "ingress:",
        "  hosts:",
        "    - host: staging.shop.example.com",
        "");
    String prod = staging.replace("staging.shop", "shop").replace("1.5.0", "1.4.2");
    PromotionPlan plan = plan(env("staging", "values.yaml", staging),
        env("production", "values.yaml", prod, "values-production.yaml", "replicaCount: 6\n"));
    assertThat(plan.changes()).extracting(FileChange::path).containsExactly("values.yaml");
    assertThat(written(plan, "values.yaml")).isEqualTo(prod.replace("1.4.2", "1.5.0"));
  }

  @Test
  void aFileWhoseEveryDifferenceMovesIsWrittenAsTheSourcesOwnText() {
    String staging = "# shop\nimage:\n  tag: \"1.5.0\"\nreplicaCount: 3\n";
    PromotionPlan plan = plan(env("staging", "values.yaml", staging),
        env("production", "values.yaml", staging.replace("1.5.0", "1.4.2")));
    // the instance itself: its hash, taken once, serves every later look-up by it
    assertThat(written(plan, "values.yaml")).isSameAs(staging);
    PromotionPlan partly = plan(env("staging", "values.yaml", staging),
        env("production", "values.yaml", staging.replace("1.5.0", "1.4.2").replace("3", "4")));
    assertThat(written(partly, "values.yaml")).isEqualTo(staging.replace("3", "4"));
  }

  @Test
  void versionsKeepTheirTypeAndTheTargetsQuoting() {
    EnvironmentFiles source = env("staging", "values.yaml",
        "image:\n  tag: 1.10\nworker:\n  image:\n    tag: \"2024-01-01\"\n"
            + "cron:\n  image:\n    tag: '0o10'\n");
    EnvironmentFiles target = env("production", "values.yaml",
        "image:\n  tag: 1.9\nworker:\n  image:\n    tag: 2023-12-01x\n"
            + "cron:\n  image:\n    tag: \"1:19\"\n");
    assertThat(written(plan(source, target), "values.yaml")).isEqualTo(
        "image:\n  tag: 1.10\nworker:\n  image:\n    tag: \"2024-01-01\"\n"
            + "cron:\n  image:\n    tag: \"0o10\"\n");
  }

  @Test
  void multiDocumentManifestsPairByKindAndName() {
    String dev = String.join("\n",
        "apiVersion: v1",
        "kind: Service",
        "metadata: {name: shop}",
        "---",
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  name: shop",
        "spec:",
        "  replicas: 1",
        "  template:",
        "    spec:",
        "      containers:",
        "        - name: shop",
        "          image: acme/shop:1.5.0",
        "");
    String prod = String.join("\n",
        "# production manifests",
        "---",
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  name: shop",
        "spec:",
        "  replicas: 5",
        "  template:",
        "    spec:",
        "      containers:",
        "        - name: shop",
        "          image: acme/shop:1.4.0",
        "---",
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata: {name: shop-config}",
        "data: {LOG: warn}",
        "...",
        "");
    PromotionPlan plan = plan(env("dev", "app.yaml", dev), env("production", "app.yaml", prod));
    assertThat(written(plan, "app.yaml")).isEqualTo(prod.replace("1.4.0", "1.5.0"));
    assertThat(plan.moves()).extracting(Difference::path)
        .containsExactly("Deployment/shop: spec.template.spec.containers[shop].image");
  }

  @Test
  void argoApplicationStaysAndNestedHelmTagsMove() {
    String app = String.join("\n",
        "apiVersion: argoproj.io/v1alpha1",
        "kind: Application",
        "metadata:",
        "  name: shop-%s",
        "spec:",
        "  destination:",
        "    namespace: shop-%s",
        "  source:",
        "    targetRevision: %s",
        "  syncPolicy:",
        "    automated:",
        "      prune: %s",
        "");
    EnvironmentFiles staging = env("staging",
        "application.yaml", app.formatted("staging", "staging", "HEAD", "true"),
        "values.yaml", "api:\n  image:\n    tag: 3.1.0\nworker:\n  image:\n    tag: 3.1.0\n");
    EnvironmentFiles prod = env("production",
        "application.yaml", app.formatted("production", "production", "v3", "false"),
        "values.yaml", "api:\n  image:\n    tag: 3.0.0\nworker:\n  image:\n    tag: 3.0.0\n");
    PromotionPlan plan = plan(staging, prod);
    assertThat(plan.changes()).extracting(FileChange::path).containsExactly("values.yaml");
    assertThat(written(plan, "values.yaml"))
        .isEqualTo("api:\n  image:\n    tag: 3.1.0\nworker:\n  image:\n    tag: 3.1.0\n");

    PromotionPlan withRule = planner.plan(staging, prod, VERSIONS,
        List.of(PromotionRule.values("application.yaml", "$.spec.source.targetRevision")));
    assertThat(written(withRule, "application.yaml"))
        .isEqualTo(app.formatted("production", "production", "HEAD", "false"));
  }

  @Test
  void filesNamedAfterTheirEnvironmentPair() {
    PromotionPlan plan = plan(env("staging", "values-staging.yaml", "image:\n  tag: b\n"),
        env("production", "values-production.yaml", "image:\n  tag: a # prod\n"));
    assertThat(written(plan, "values-production.yaml")).isEqualTo("image:\n  tag: b # prod\n");
  }

  @Test
  void jsonPathRulesMoveAndAddWhatTheySelectButNeverFiles() {
    EnvironmentFiles staging = env("staging", "values.yaml",
        "image:\n  tag: 2\nfeatures:\n  search: true\n  chat: true\nlog: debug\n");
    EnvironmentFiles prod = env("production", "values.yaml",
        "image:\n  tag: 1\nfeatures:\n  search: false\nlog: warn\n");
    PromotionPlan plan = planner.plan(staging, prod, VERSIONS,
        List.of(PromotionRule.values("values*.yaml", "$.features")));
    assertThat(written(plan, "values.yaml"))
        .isEqualTo("image:\n  tag: 2\nfeatures:\n  search: true\n  chat: true\nlog: warn\n");
    assertThat(plan.differences()).filteredOn(d -> d.path().equals("log"))
        .extracting(Difference::moves).containsExactly(false);
  }

  @Test
  void wholeFileRulesAddUpdateAndDeleteOnlyWhatTheyMatch() {
    EnvironmentFiles staging = env("staging", "dashboards/a.json", "{}", "dashboards/b.json",
        "[]", "dashboards/local-x.json", "1", "values.yaml", "image:\n  tag: 1\n");
    EnvironmentFiles prod = env("production", "dashboards/old.json", "0",
        "dashboards/local-y.json", "2", "values.yaml", "image:\n  tag: 1\n");
    PromotionPlan plan = planner.plan(staging, prod, VERSIONS,
        List.of(PromotionRule.wholeFiles("dashboards/", "dashboards/local-*")));
    assertThat(plan.changes()).containsExactly(FileChange.write("dashboards/a.json", "{}"),
        FileChange.write("dashboards/b.json", "[]"), FileChange.delete("dashboards/old.json"));
  }

  @Test
  void categoriesAreOptIns() {
    EnvironmentFiles staging = env("staging",
        "values.yaml", "replicaCount: 2\nimage:\n  tag: 1\n",
        "kustomization.yaml", "replicas:\n- name: a\n  count: 2\nnamespace: s\n");
    EnvironmentFiles prod = env("production",
        "values.yaml", "replicaCount: 6\nimage:\n  tag: 1\n",
        "kustomization.yaml", "replicas:\n- name: a\n  count: 6\nnamespace: p\n");
    assertThat(plan(staging, prod).changes()).isEmpty();
    PromotionPlan replicas = planner.plan(staging, prod, EnumSet.of(REPLICAS), List.of());
    assertThat(written(replicas, "values.yaml")).isEqualTo("replicaCount: 2\nimage:\n  tag: 1\n");
    assertThat(written(replicas, "kustomization.yaml"))
        .isEqualTo("replicas:\n- name: a\n  count: 2\nnamespace: p\n");
    PromotionPlan bindings = planner.plan(staging, prod, EnumSet.of(BINDINGS), List.of());
    assertThat(written(bindings, "kustomization.yaml"))
        .isEqualTo(staging.files().get("kustomization.yaml"));
    assertThat(planner.plan(staging, prod, EnumSet.of(VALUES), List.of()).changes()).isEmpty();
  }

  @Test
  void anAliasedVersionIsRefusedNamingTheLineAndOtherAnchorsSurvive() {
    EnvironmentFiles staging = env("staging", "values.yaml",
        "defaults: &d\n  tag: 2\napi:\n  image: *d\nweb:\n  image:\n    tag: 2\n");
    EnvironmentFiles prod = env("production", "values.yaml",
        "defaults: &d\n  tag: 1\napi:\n  image: *d\nweb:\n  image:\n    tag: 1\n");
    assertThatThrownBy(() -> plan(staging, prod)).isInstanceOf(BatonException.class)
        .satisfies(e -> assertThat(((BatonException) e).code())
            .isEqualTo(ErrorCode.MALFORMED_DOCUMENT))
        .hasMessageContaining("values.yaml").hasMessageContaining("2");

    EnvironmentFiles prodAnchored = env("production", "values.yaml",
        "defaults: &d\n  pull: Always\napi:\n  policy: *d\nimage:\n  tag: 1\n");
    EnvironmentFiles stagingAnchored = env("staging", "values.yaml",
        "defaults: &d\n  pull: Always\napi:\n  policy: *d\nimage:\n  tag: 2\n");
    assertThat(written(plan(stagingAnchored, prodAnchored), "values.yaml"))
        .isEqualTo("defaults: &d\n  pull: Always\napi:\n  policy: *d\nimage:\n  tag: 2\n");
  }

  @Test
  void crlfFilesStayCrlf() {
    PromotionPlan plan = plan(env("a", "values.yaml", "image:\r\n  tag: 2\r\n"),
        env("b", "values.yaml", "# b\r\nimage:\r\n  tag: 1\r\n"));
    assertThat(written(plan, "values.yaml")).isEqualTo("# b\r\nimage:\r\n  tag: 2\r\n");
  }

  @Test
  void olderVersionsAreListedAsBackwards() {
    PromotionPlan plan = plan(env("a", "values.yaml", "image:\n  tag: 1.4.0\n",
            "d.yaml", "kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                + "  - name: c\n    image: x/y:v2.0.0\n"),
        env("b", "values.yaml", "image:\n  tag: 1.10.0\n",
            "d.yaml", "kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                + "  - name: c\n    image: x/y:v1.9.9\n"));
    assertThat(plan.backwards()).extracting(Difference::file).containsExactly("values.yaml");
    assertThat(plan.moves()).hasSize(2);
  }

  @Test
  void planningAgainOnTheResultMovesNothing() {
    EnvironmentFiles staging = env("staging", "values.yaml", "image:\n  tag: 2\n  x: 1\n");
    EnvironmentFiles prod = env("production", "values.yaml", "image:\n  tag: 1\n  x: 9\n");
    PromotionPlan plan = plan(staging, prod);
    EnvironmentFiles after = PromotionPlanner.applyTo(prod, plan.changes());
    assertThat(plan(staging, after).moves()).isEmpty();
    assertThat(plan(staging, after).changes()).isEmpty();
  }

  @Test
  void invalidJsonPathsAreProblems() {
    assertThat(PromotionPlanner.ruleProblems(List.of(PromotionRule.values("a.yaml", "$.[["))))
        .singleElement().asString().contains("$.[[");
    assertThat(PromotionPlanner.ruleProblems(List.of(PromotionRule.values("a.yaml", "$.a.b"))))
        .isEmpty();
  }

  @Test
  void aBrokenYamlFileThatDiffersIsRefusedButAHelmTemplateIsNot() {
    assertThatThrownBy(() -> plan(env("a", "x.yaml", "a: [\n"), env("b", "x.yaml", "a: 1\n")))
        .isInstanceOf(BatonException.class)
        .satisfies(e -> assertThat(((BatonException) e).code())
            .isEqualTo(ErrorCode.MALFORMED_DOCUMENT));
    assertThat(plan(env("a", "templates/x.yaml", "a: {{ .V }}\n"),
        env("b", "templates/x.yaml", "b: {{ .V }}\n")).changes()).isEmpty();
  }
}
