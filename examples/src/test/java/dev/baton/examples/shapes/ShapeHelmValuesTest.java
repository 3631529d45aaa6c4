package dev.baton.examples.shapes;

import static dev.baton.examples.shapes.DiffAssert.assertThatCommitAfter;
import static dev.baton.examples.shapes.DiffAssert.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.PromotionRule;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A commented Helm values file per environment ({@code envs/<env>/values.yaml}), production with
 * its own {@code values-production.yaml}: the default promotion changes the bytes of
 * {@code image.tag} and nothing else, keeps production's extra file, and keeps a tag's type.
 */
class ShapeHelmValuesTest {
  private static final String PROJECT = HelmValuesRepo.PROJECT;

  @TempDir Path dir;

  @Test
  void stagingToProductionChangesOneLineAndKeepsProductionsOwnFile() {
    GitRepo repo = new HelmValuesRepo().create(dir.resolve("repo"));
    try (ShapeBaton baton = ShapeBaton.open(repo, HelmValuesRepo.LAYOUT).pipeline(PROJECT)) {
      List<String> previewed = baton.previewedFiles(PROJECT, "staging", "production");
      String before = repo.head();

      baton.promote(PROJECT, "staging", "production");

      assertThatCommitAfter(repo, before).isOneNewCommit().movesExactly(
          line("envs/production/values.yaml", "  tag: \"1.4.1\"", "  tag: \"1.4.2\""));
      TargetReading.assertSameApartFromVersions(repo, before, repo.head(), "envs/production",
          dir.resolve("render"));
      assertThat(previewed).as("files the preview writes").containsExactly("values.yaml");
    }
  }

  @Test
  void appValuesAndEnvValuesFilesMoveTheirTagsByFileAndKeyPath() {
    HelmValuesRepo shape = new HelmValuesRepo().appValuesFile().envValuesInBoth();
    GitRepo repo = shape.create(dir.resolve("repo"));
    try (ShapeBaton baton = ShapeBaton.open(repo, HelmValuesRepo.LAYOUT).pipeline(PROJECT)) {
      List<String> previewed = baton.previewedFiles(PROJECT, "staging", "production");
      String before = repo.head();

      baton.promote(PROJECT, "staging", "production");

      assertThatCommitAfter(repo, before).isOneNewCommit().movesExactly(
          line("envs/production/shop-values.yaml", "  tag: \"1.4.1\"", "  tag: \"1.4.2\""),
          line("envs/production/values-production.yaml", "    tag: \"0.7.1\"",
              "    tag: \"0.7.3\""));
      TargetReading.assertSameApartFromVersions(repo, before, repo.head(), "envs/production",
          dir.resolve("render"));
      assertThat(previewed).as("files the preview writes")
          .containsExactly("shop-values.yaml", "values-production.yaml");
    }
  }

  /** Staging's tag literal, production's, and the line production must end with. */
  @ParameterizedTest(name = "{0} over {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "1.10           | \"1.9\"          | `  tag: \"1.10\"`",
      "\"1.10\"       | \"1.9\"          | `  tag: \"1.10\"`",
      "\"2024-01-01\" | \"2023-12-01\"   | `  tag: \"2024-01-01\"`",
      "\"0o10\"       | \"0o7\"          | `  tag: \"0o10\"`",
      "'1:20'         | '1:19'           | `  tag: '1:20'`"})
  void aTagKeepsItsTypeAndTheTargetsQuoting(String staging, String production, String expected) {
    GitRepo repo = new HelmValuesRepo().tags(staging, production).create(dir.resolve("repo"));
    try (ShapeBaton baton = ShapeBaton.open(repo, HelmValuesRepo.LAYOUT).pipeline(PROJECT)) {
      String before = repo.head();

      baton.promote(PROJECT, "staging", "production");

      assertThatCommitAfter(repo, before).isOneNewCommit().movesExactly(
          line("envs/production/values.yaml", "  tag: " + production, expected));
    }
  }

  @Test
  void anIngressAnnotationsRuleMovesTheAnnotationsToo() {
    GitRepo repo = new HelmValuesRepo().create(dir.resolve("repo"));
    try (ShapeBaton baton = ShapeBaton.open(repo, HelmValuesRepo.LAYOUT)
        .pipeline(PROJECT, PromotionRule.values("values*.yaml", "$.ingress.annotations"))) {
      String before = repo.head();

      baton.promote(PROJECT, "staging", "production");

      assertThatCommitAfter(repo, before).isOneNewCommit().movesExactly(
          line("envs/production/values.yaml", "  tag: \"1.4.1\"", "  tag: \"1.4.2\""),
          line("envs/production/values.yaml",
              "    nginx.ingress.kubernetes.io/proxy-body-size: 8m",
              "    nginx.ingress.kubernetes.io/proxy-body-size: 16m"));
    }
  }
}
