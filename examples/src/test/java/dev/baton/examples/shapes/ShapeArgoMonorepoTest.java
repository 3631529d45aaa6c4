package dev.baton.examples.shapes;

import static dev.baton.examples.shapes.ArgoMonorepoRepo.BILLING;
import static dev.baton.examples.shapes.ArgoMonorepoRepo.ORDERS;
import static dev.baton.examples.shapes.ArgoMonorepoRepo.folder;
import static dev.baton.examples.shapes.DiffAssert.assertThatCommitAfter;
import static dev.baton.examples.shapes.DiffAssert.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.PromotionRule;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A monorepo of apps per environment ({@code env/apps/<app>/<env>/} with an Argo CD Application
 * and Helm values): promoting one app moves its two component tags and nothing else, leaving the
 * Application's name, destination and sync policy, and the other app, as they are.
 */
class ShapeArgoMonorepoTest {
  @TempDir Path dir;

  @Test
  void promotingOneAppMovesItsTwoTagsAndNothingElse() {
    GitRepo repo = new ArgoMonorepoRepo().create(dir.resolve("repo"));
    try (ShapeBaton baton = ShapeBaton.open(repo, ArgoMonorepoRepo.LAYOUT).pipeline(ORDERS)
        .pipeline(BILLING)) {
      List<String> previewed = baton.previewedFiles(ORDERS, "staging", "production");
      String before = repo.head();

      baton.promote(ORDERS, "staging", "production");

      String values = folder(ORDERS, "production") + "/values.yaml";
      assertThatCommitAfter(repo, before).isOneNewCommit().movesExactly(
          line(values, "    tag: \"5.0.3\"", "    tag: \"5.1.0\""),
          line(values, "    tag: \"5.0.1\"", "    tag: \"5.1.0\""))
          .leavesUntouched("env/apps/" + BILLING, folder(ORDERS, "staging"),
              folder(ORDERS, "dev"));
      TargetReading.assertSameApartFromVersions(repo, before, repo.head(),
          folder(ORDERS, "production"), dir.resolve("render"));
      assertThat(previewed).as("files the preview writes").containsExactly("values.yaml");
    }
  }

  @Test
  void devToStagingOfTheOtherAppLeavesTheFirstAlone() {
    GitRepo repo = new ArgoMonorepoRepo().create(dir.resolve("repo"));
    try (ShapeBaton baton = ShapeBaton.open(repo, ArgoMonorepoRepo.LAYOUT).pipeline(ORDERS)
        .pipeline(BILLING)) {
      String before = repo.head();

      baton.promote(BILLING, "dev", "staging");

      String values = folder(BILLING, "staging") + "/values.yaml";
      assertThatCommitAfter(repo, before).isOneNewCommit().movesExactly(
          line(values, "    tag: \"0.8.4\"", "    tag: \"0.9.0\""),
          line(values, "    tag: \"0.8.4\"", "    tag: \"0.9.0\""))
          .leavesUntouched("env/apps/" + ORDERS);
      TargetReading.assertSameApartFromVersions(repo, before, repo.head(),
          folder(BILLING, "staging"), dir.resolve("render"));
    }
  }

  @Test
  void aChartVersionRuleMovesTheApplicationsTargetRevisionToo() {
    GitRepo repo = new ArgoMonorepoRepo().create(dir.resolve("repo"));
    try (ShapeBaton baton = ShapeBaton.open(repo, ArgoMonorepoRepo.LAYOUT).pipeline(ORDERS,
        PromotionRule.values("application.yaml", "$.spec.sources[?(@.chart)].targetRevision"))) {
      String before = repo.head();

      baton.promote(ORDERS, "staging", "production");

      String target = folder(ORDERS, "production");
      assertThatCommitAfter(repo, before).isOneNewCommit().movesExactly(
          line(target + "/application.yaml", "      targetRevision: 1.7.2",
              "      targetRevision: 1.8.0"),
          line(target + "/values.yaml", "    tag: \"5.0.3\"", "    tag: \"5.1.0\""),
          line(target + "/values.yaml", "    tag: \"5.0.1\"", "    tag: \"5.1.0\""));
    }
  }
}
