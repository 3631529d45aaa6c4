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
import java.util.EnumSet;
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
}
