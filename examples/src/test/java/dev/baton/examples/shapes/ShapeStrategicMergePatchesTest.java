package dev.baton.examples.shapes;

import static dev.baton.examples.shapes.DiffAssert.assertThatCommitAfter;
import static dev.baton.examples.shapes.DiffAssert.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.model.PromotionRule;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strategic-merge patches ({@code envs/<env>/version.yml} holds the image): the default
 * promotion moves the tag in the patch and leaves the name prefix, the region component, the
 * settings and the replica patch as the target has them.
 */
class ShapeStrategicMergePatchesTest {
  private static final String PROJECT = StrategicMergePatchesRepo.PROJECT;
  private static final String IMAGE = "          image: registry.example.com/shop/checkout:";

  @TempDir Path dir;

  @Test
  void devToStagingMovesOnlyTheTagInTheVersionPatch() {
    GitRepo repo = new StrategicMergePatchesRepo().create(dir.resolve("repo"));
    try (ShapeBaton baton = ShapeBaton.open(repo, StrategicMergePatchesRepo.LAYOUT)
        .pipeline(PROJECT)) {
      List<String> previewed = baton.previewedFiles(PROJECT, "dev", "staging");
      String before = repo.head();

      baton.promote(PROJECT, "dev", "staging");

      assertThatCommitAfter(repo, before).isOneNewCommit()
          .movesExactly(line("envs/staging/version.yml", IMAGE + "2.3.0", IMAGE + "2.4.0"));
      TargetReading.assertSameApartFromVersions(repo, before, repo.head(), "envs/staging",
          dir.resolve("render"));
      assertThat(previewed).as("files the preview writes").containsExactly("version.yml");
    }
  }

  @Test
  void productionKeepsTheReplicaPatchOnlyItHas() {
    GitRepo repo = new StrategicMergePatchesRepo().replicasOnlyInProduction()
        .create(dir.resolve("repo"));
    try (ShapeBaton baton = ShapeBaton.open(repo, StrategicMergePatchesRepo.LAYOUT)
        .pipeline(PROJECT)) {
      List<String> previewed = baton.previewedFiles(PROJECT, "staging", "production");
      String before = repo.head();

      baton.promote(PROJECT, "staging", "production");

      assertThatCommitAfter(repo, before).isOneNewCommit()
          .movesExactly(line("envs/production/version.yml", IMAGE + "2.2.1", IMAGE + "2.3.0"));
      assertThat(repo.files(repo.head(), "envs/production"))
          .contains("envs/production/replicas.yml");
      TargetReading.assertSameApartFromVersions(repo, before, repo.head(), "envs/production",
          dir.resolve("render"));
      assertThat(previewed).as("files the preview writes").containsExactly("version.yml");
    }
  }

  @Test
  void aFeatureFlagRuleMovesThatVariableToo() {
    GitRepo repo = new StrategicMergePatchesRepo().create(dir.resolve("repo"));
    try (ShapeBaton baton = ShapeBaton.open(repo, StrategicMergePatchesRepo.LAYOUT)
        .pipeline(PROJECT, PromotionRule.values("settings.yml",
            "$.spec.template.spec.containers[*].env[?(@.name == 'FEATURE_FLAGS')].value"))) {
      String before = repo.head();

      baton.promote(PROJECT, "dev", "staging");

      assertThatCommitAfter(repo, before).isOneNewCommit().movesExactly(
          line("envs/staging/settings.yml", "              value: \"one-click\"",
              "              value: \"one-click,wallets\""),
          line("envs/staging/version.yml", IMAGE + "2.3.0", IMAGE + "2.4.0"));
    }
  }

  @Test
  void theFixtureRendersAsItsTeamWroteIt() {
    assumeTrue(TargetReading.kubectlAvailable(), "kubectl is not on the PATH");
    GitRepo repo = new StrategicMergePatchesRepo().create(dir.resolve("repo"));
    assertThat(TargetReading.render(repo, repo.head(), "envs/production", dir.resolve("render")))
        .contains("name: production-checkout", "replicas: 8", "value: warn",
            "image: registry.example.com/shop/checkout:2.2.1",
            "topology.kubernetes.io/region: us-east-1");
  }
}
