package dev.baton.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.DeployPolicy;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import dev.baton.model.PromotionRule;
import dev.baton.model.StageTransition;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineYamlTest {
  private static final ProjectId SHOP = ProjectId.of("shop");
  private static final String SEED = """
      project: shop
      stages:
        - environment: dev
        - environment: qa
        - environment: staging
        - environment: production
          deployPolicy: manual
      transitions:
        - {from: dev, to: staging, requiredApprovals: 0}
        - {from: dev, to: qa, requiredApprovals: 0}
        - {from: staging, to: production, requiredApprovals: 2, scope: [image_tags, values]}
        - {from: qa, to: production, requiredApprovals: 1, requesterMayApprove: true}
      """;

  @Test
  void readsTheSeedPipeline() {
    Pipeline p = PipelineValidator.validate(PipelineYaml.parse(SHOP, SEED, "pipeline.yaml"),
        java.util.Set.of());
    assertThat(p.stages()).hasSize(4);
    assertThat(p.stage(EnvironmentName.of("production")).get().deployPolicy())
        .isEqualTo(DeployPolicy.MANUAL);
    var toProd = p.transition(EnvironmentName.of("staging"), EnvironmentName.of("production"))
        .orElseThrow();
    assertThat(toProd.requiredApprovals()).isEqualTo(2);
    assertThat(p.scopeOf(toProd)).containsExactlyInAnyOrder(PromotableProperty.IMAGE_TAGS,
        PromotableProperty.VALUES);
    assertThat(p.transition(EnvironmentName.of("qa"), EnvironmentName.of("production")).get()
        .requesterMayApprove()).isTrue();
    assertThat(p.defaultScope()).isEqualTo(PromotableProperty.defaults());
  }

  @Test
  void writesWhatItReads() {
    Pipeline p = PipelineYaml.parse(SHOP, SEED, "pipeline.yaml");
    String text = PipelineYaml.write(p);
    assertThat(PipelineYaml.parse(SHOP, text, "again")).isEqualTo(p);
    Pipeline custom = Pipeline.builder(SHOP).stage("a").stage("b")
        .defaultScope(EnumSet.of(PromotableProperty.REPLICAS)).transition("a", "b", 3).build();
    assertThat(PipelineYaml.parse(SHOP, PipelineYaml.write(custom), "x")).isEqualTo(custom);
  }

  @Test
  void reportsEveryProblemOfTheDocument() {
    String bad = """
        project: other
        colour: blue
        stages:
          - environment: ../etc
          - deployPolicy: sometimes
        transitions:
          - {from: dev, requiredApprovals: two}
        """;
    BatonException e = catchThrowableOfType(BatonException.class,
        () -> PipelineYaml.parse(SHOP, bad, "pipeline.yaml"));
    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_DOCUMENT);
    assertThat(e.problems()).hasSize(7).anySatisfy(s -> assertThat(s).contains("colour"))
        .anySatisfy(s -> assertThat(s).contains("'other'"))
        .anySatisfy(s -> assertThat(s).contains("stages[0].environment"))
        .anySatisfy(s -> assertThat(s).contains("stages[1].environment is required"))
        .anySatisfy(s -> assertThat(s).contains("'sometimes' is not one of"))
        .anySatisfy(s -> assertThat(s).contains("transitions[0].to is required"))
        .anySatisfy(s -> assertThat(s).contains("requiredApprovals must be a whole number"));
  }

  @Test
  void refusesUnsafeYaml() {
    String aliases = """
        stages: &s
          - environment: dev
        transitions: *s
        """;
    assertThat(catchThrowableOfType(BatonException.class,
        () -> PipelineYaml.parse(SHOP, aliases, "p.yaml")).code())
        .isEqualTo(ErrorCode.MALFORMED_DOCUMENT);
    String duplicate = "stages: []\nstages: []\ntransitions: []\n";
    assertThat(catchThrowableOfType(BatonException.class,
        () -> PipelineYaml.parse(SHOP, duplicate, "p.yaml")).code())
        .isEqualTo(ErrorCode.MALFORMED_DOCUMENT);
    assertThat(catchThrowableOfType(BatonException.class,
        () -> PipelineYaml.parse(SHOP, "stages: [", "p.yaml")).code())
        .isEqualTo(ErrorCode.MALFORMED_DOCUMENT);
  }

  private static final String FULL = """
      layout: env/apps/{project}/{environment}
      defaultScope: [image_tags, replicas]
      rules:
        - files: "values*.yaml"
          jsonPaths: ["$.featureFlags", "$.ingress.annotations"]
        - files: "Chart.yaml"
          jsonPaths: ["$.version"]
        - files: "dashboards/"
          exclude: ["dashboards/local-*.json"]
      stages:
        - environment: staging
        - environment: production
          deployPolicy: manual
          path: overlays/prod-eu
      transitions:
        - from: staging
          to: production
          requiredApprovals: 1
          rules:
            - files: "values.yaml"
              jsonPaths: ["$.image.tag"]
      """;

  @Test
  void readsLayoutStagePathsAndRules() {
    Pipeline p = PipelineYaml.parse(SHOP, FULL, "pipeline.yaml");

    assertThat(p.layout()).contains("env/apps/{project}/{environment}");
    assertThat(p.defaultScope()).containsExactlyInAnyOrder(PromotableProperty.IMAGE_TAGS,
        PromotableProperty.REPLICAS);
    assertThat(p.rules()).containsExactly(
        PromotionRule.values("values*.yaml", "$.featureFlags", "$.ingress.annotations"),
        PromotionRule.values("Chart.yaml", "$.version"),
        PromotionRule.wholeFiles("dashboards/", "dashboards/local-*.json"));
    assertThat(p.folderOf(EnvironmentName.of("staging"))).isEqualTo("env/apps/shop/staging");
    assertThat(p.folderOf(EnvironmentName.of("production"))).isEqualTo("overlays/prod-eu");
    StageTransition t = p.transitions().get(0);
    assertThat(p.rulesOf(t)).containsExactly(PromotionRule.values("values.yaml", "$.image.tag"));
  }

  @Test
  void aFileWithoutProjectServesAnyProject() {
    Pipeline p = PipelineYaml.parse(ProjectId.of("billing"), FULL, "pipeline.yaml");
    assertThat(p.project()).isEqualTo(ProjectId.of("billing"));
    assertThat(p.folderOf(EnvironmentName.of("staging"))).isEqualTo("env/apps/billing/staging");
  }

  @Test
  void writesLayoutPathsAndRulesBack() {
    Pipeline p = PipelineYaml.parse(SHOP, FULL, "pipeline.yaml");
    String text = PipelineYaml.write(p);
    assertThat(text).contains("layout: \"env/apps/{project}/{environment}\"")
        .contains("path: overlays/prod-eu").contains("jsonPaths:").contains("exclude:");
    assertThat(PipelineYaml.parse(SHOP, text, "again")).isEqualTo(p);

    Pipeline noRules = Pipeline.builder(SHOP).stage("a").stage("b")
        .transition(StageTransition.of("a", "b", 0).withRules(List.of())).build();
    Pipeline back = PipelineYaml.parse(SHOP, PipelineYaml.write(noRules), "x");
    assertThat(back).isEqualTo(noRules);
    assertThat(back.transitions().get(0).rules()).contains(List.of());
  }

  @Test
  void reportsEveryProblemOfLayoutPathsAndRules() {
    String bad = """
        layout: env/{env}
        rules:
          - files: "../secrets/*"
          - jsonPaths: ["featureFlags"]
          - files: "a.yaml"
            jsonPaths: "$.x"
            colour: blue
          - just-a-string
        stages:
          - environment: dev
            path: /etc/dev
          - environment: prod
            path: [a]
        transitions:
          - from: dev
            to: prod
            requiredApprovals: 0
            rules: {files: x}
        """;
    BatonException e = catchThrowableOfType(BatonException.class,
        () -> PipelineYaml.parse(SHOP, bad, "pipeline.yaml"));

    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_DOCUMENT);
    assertThat(e.problems()).hasSize(9)
        .anySatisfy(s -> assertThat(s).startsWith("layout: ").contains("env/{env}"))
        .anySatisfy(s -> assertThat(s).startsWith("rules[0]: ").contains("../secrets/*"))
        .anySatisfy(s -> assertThat(s).isEqualTo(
            "rules[1].files is required (a glob relative to the environment folder)"))
        .anySatisfy(s -> assertThat(s).isEqualTo("rules[2].jsonPaths must be a list of strings"))
        .anySatisfy(s -> assertThat(s).startsWith("rules[2].colour is not a known key"))
        .anySatisfy(s -> assertThat(s).startsWith("rules[3] must be a mapping"))
        .anySatisfy(s -> assertThat(s).startsWith("stages[0].path: "))
        .anySatisfy(s -> assertThat(s).startsWith("stages[1].path must be a folder"))
        .anySatisfy(s -> assertThat(s).startsWith("transitions[0].rules must be a list"));
  }

  @Test
  void aRuleJsonPathMustStartWithTheRoot() {
    String bad = """
        rules:
          - files: "values.yaml"
            jsonPaths: ["featureFlags"]
        stages: [{environment: dev}]
        transitions: []
        """;
    BatonException e = catchThrowableOfType(BatonException.class,
        () -> PipelineYaml.parse(SHOP, bad, "pipeline.yaml"));
    assertThat(e.problems()).singleElement().asString().startsWith("rules[0]: ")
        .contains("must start with '$'");
  }

  @Test
  void sensitiveNamesAreReadWrittenBackAndBounded() {
    Pipeline p = PipelineYaml.parse(SHOP, "sensitive: [DB_URL, \"*_CREDENTIALS\", \"api.k?y\"]\n"
        + SEED.substring(SEED.indexOf("stages:")), "pipeline.yaml");
    assertThat(p.sensitive()).containsExactly("DB_URL", "*_CREDENTIALS", "api.k?y");
    assertThat(PipelineYaml.parse(SHOP, PipelineYaml.write(p), "again.yaml")).isEqualTo(p);
    assertThat(PipelineYaml.parse(SHOP, SEED, "pipeline.yaml").sensitive()).isEmpty();

    String body = SEED.substring(SEED.indexOf("stages:"));
    for (String bad : List.of("sensitive: DB_URL\n", "sensitive: [\"*\"]\n",
        "sensitive: [\"DB URL\"]\n", "sensitive: [\"" + "A".repeat(101) + "\"]\n",
        "sensitive: [1, [x]]\n", "sensitive: [" + "X,".repeat(101) + "X]\n")) {
      BatonException e = catchThrowableOfType(() -> PipelineYaml.parse(SHOP, bad + body,
          "pipeline.yaml"), BatonException.class);
      assertThat(e).as(bad).isNotNull();
      assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_DOCUMENT);
      assertThat(e.getMessage()).contains("sensitive").doesNotContain("A".repeat(101));
    }
    BatonException direct = catchThrowableOfType(() -> Pipeline.builder(SHOP).sensitive("?*")
        .build(), BatonException.class);
    assertThat(direct.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }
}
