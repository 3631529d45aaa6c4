package dev.baton.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionRule;
import dev.baton.model.StageTransition;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PipelineValidatorTest {
  private static final ProjectId SHOP = ProjectId.of("shop");

  private static Pipeline.Builder fourStages() {
    return Pipeline.builder(SHOP).stage("dev").stage("qa").stage("staging").stage("production");
  }

  @Test
  void seedPipelineWithParallelPathsIsValid() {
    Pipeline seed = fourStages()
        .transition("dev", "staging", 0).transition("dev", "qa", 0)
        .transition("staging", "production", 2).transition("qa", "production", 1).build();
    assertThat(PipelineValidator.problems(seed, Set.of())).isEmpty();
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Pipeline bad = Pipeline.builder(SHOP).stage("dev").stage("staging").stage("dev")
        .transition("dev", "staging", 0)
        .transition("dev", "staging", 1)
        .transition("staging", "staging", 0)
        .transition("staging", "prod", 1)
        .transition("staging", "dev", -1)
        .build();
    BatonException e = (BatonException) org.assertj.core.api.Assertions.catchThrowable(
        () -> PipelineValidator.validate(bad, Set.of()));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PIPELINE);
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.problems()).containsExactly(
        "stage 'dev' is declared more than once",
        "transition dev -> staging is declared more than once",
        "transition staging -> staging is a self-loop",
        "transition staging -> prod: unknown environment 'prod'",
        "transition staging -> dev: requiredApprovals must be >= 0, was -1",
        "the transitions form a cycle: dev -> staging -> dev");
  }

  @Test
  void requiredApprovalsAreBoundedAndEachTransitionOverTheLimitIsListed() {
    Pipeline huge = fourStages()
        .transition("dev", "staging", PipelineValidator.MAX_REQUIRED_APPROVALS)
        .transition("dev", "qa", PipelineValidator.MAX_REQUIRED_APPROVALS + 1)
        .transition("staging", "production", Integer.MAX_VALUE).build();
    BatonException e = (BatonException) org.assertj.core.api.Assertions.catchThrowable(
        () -> PipelineValidator.validate(huge, Set.of()));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PIPELINE);
    assertThat(e.problems()).containsExactly(
        "transition dev -> qa: requiredApprovals must be at most 100, was 101",
        "transition staging -> production: requiredApprovals must be at most 100, was "
            + Integer.MAX_VALUE);
  }

  @Test
  void invalidRuleJsonPathsAreProblemsOfThePipelineAndOfTheTransition() {
    Pipeline bad = Pipeline.builder(SHOP).stage("dev").stage("staging")
        .rule(PromotionRule.values("values.yaml", "$.a[?(@.b"))
        .transition(StageTransition.of("dev", "staging", 0)
            .withRules(List.of(PromotionRule.values("*.yaml", "$..[["))))
        .build();
    assertThat(PipelineValidator.problems(bad, Set.of())).hasSize(2)
        .anySatisfy(p -> assertThat(p).contains("$.a[?(@.b"))
        .anySatisfy(p -> assertThat(p).startsWith("transition dev -> staging: ")
            .contains("$..[["));
  }

  @Test
  void longCycleIsNamed() {
    Pipeline cyclic = fourStages().transition("dev", "qa", 0).transition("qa", "staging", 0)
        .transition("staging", "production", 1).transition("production", "qa", 1).build();
    assertThat(PipelineValidator.problems(cyclic, Set.of()))
        .containsExactly("the transitions form a cycle: qa -> staging -> production -> qa");
  }

  @Test
  void stagesMustNameKnownEnvironmentsWhenTheRepositoryKnowsThem() {
    Pipeline p = fourStages().transition("dev", "qa", 0).build();
    List<String> problems = PipelineValidator.problems(p,
        Set.of(EnvironmentName.of("dev"), EnvironmentName.of("qa")));
    assertThat(problems).hasSize(2).allMatch(s -> s.contains("unknown environment"));
    assertThatThrownBy(() -> PipelineValidator.validate(Pipeline.builder(SHOP).build(),
        Set.of())).hasMessageContaining("no stages");
  }

  @Test
  void diagramsShowEveryEdge() {
    Pipeline seed = fourStages().transition("dev", "staging", 0)
        .transition("staging", "production", 2).build();
    assertThat(PipelineDiagram.mermaid(seed))
        .contains("dev -->|auto| staging").contains("staging -->|2 approvals| production");
    assertThat(PipelineDiagram.dot(seed))
        .contains("\"dev\" -> \"staging\" [label=\"auto\"]")
        .contains("\"staging\" -> \"production\" [label=\"2 approvals\"]");
  }

  @Test
  void mermaidIdsAreUniqueAndNeverMermaidSyntax() {
    Pipeline p = Pipeline.builder(SHOP).stage("prod-eu").stage("prod_eu").stage("end")
        .stage("Prod_EU").transition("prod-eu", "end", 0).transition("prod_eu", "end", 1)
        .transition("end", "Prod_EU", 2).build();

    String chart = PipelineDiagram.mermaid(p);

    assertThat(chart).contains("  prod_eu[\"prod-eu (direct)\"]")
        .contains("  prod_eu_2[\"prod_eu (direct)\"]")
        .contains("  end_[\"end (direct)\"]")
        .contains("  Prod_EU_3[\"Prod_EU (direct)\"]")
        .contains("prod_eu -->|auto| end_").contains("prod_eu_2 -->|1 approval| end_")
        .contains("end_ -->|2 approvals| Prod_EU_3");
    assertThat(chart.lines().map(String::strip)).noneMatch(l -> l.startsWith("end ")
        || l.equals("end") || l.endsWith(" end"));
  }
}
