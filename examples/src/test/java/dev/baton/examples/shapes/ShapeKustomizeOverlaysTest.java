package dev.baton.examples.shapes;

import static dev.baton.examples.shapes.DiffAssert.assertThatCommitAfter;
import static dev.baton.examples.shapes.DiffAssert.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.model.PromotionRule;
import dev.baton.model.PromotionStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kustomize overlays ({@code env/<env>/kustomization.yaml} on {@code base/}): the default
 * promotion moves the {@code images[]} tag or digest and nothing of the environment's identity
 * (namespace, name prefix, labels, replicas).
 */
class ShapeKustomizeOverlaysTest {
  private static final String PROJECT = KustomizeOverlaysRepo.PROJECT;

  @TempDir Path dir;

  @Test
  void devToStagingMovesOnlyTheNewTag() {
    GitRepo repo = new KustomizeOverlaysRepo().create(dir.resolve("repo"));
    try (ShapeBaton baton = ShapeBaton.open(repo, KustomizeOverlaysRepo.LAYOUT)
        .pipeline(PROJECT)) {
      List<String> previewed = baton.previewedFiles(PROJECT, "dev", "staging");
      String before = repo.head();

      assertThat(baton.promote(PROJECT, "dev", "staging").status())
          .isEqualTo(PromotionStatus.COMPLETED);

      assertThatCommitAfter(repo, before).isOneNewCommit().movesExactly(
          line("env/staging/kustomization.yaml", "    newTag: 1.4.2", "    newTag: 1.5.0"));
      TargetReading.assertSameApartFromVersions(repo, before, repo.head(), "env/staging",
          dir.resolve("render"));
      assertThat(previewed).as("files the preview writes").containsExactly("kustomization.yaml");
    }
  }

  @Test
  void stagingToProductionMovesOnlyTheNewTag() {
    GitRepo repo = new KustomizeOverlaysRepo().create(dir.resolve("repo"));
    try (ShapeBaton baton = ShapeBaton.open(repo, KustomizeOverlaysRepo.LAYOUT)
        .pipeline(PROJECT)) {
      List<String> previewed = baton.previewedFiles(PROJECT, "staging", "production");
      String before = repo.head();

      assertThat(baton.promote(PROJECT, "staging", "production").status())
          .isEqualTo(PromotionStatus.COMPLETED);

      assertThatCommitAfter(repo, before).isOneNewCommit().movesExactly(
          line("env/production/kustomization.yaml", "    newTag: 1.4.1", "    newTag: 1.4.2"))
          .leavesUntouched("base", "env/dev", "env/staging");
      TargetReading.assertSameApartFromVersions(repo, before, repo.head(), "env/production",
          dir.resolve("render"));
      assertThat(previewed).as("files the preview writes").containsExactly("kustomization.yaml");
    }
  }

  @Test
  void aPinnedDigestMovesAsADigest() {
    GitRepo repo = new KustomizeOverlaysRepo().withDigests().create(dir.resolve("repo"));
    try (ShapeBaton baton = ShapeBaton.open(repo, KustomizeOverlaysRepo.LAYOUT)
        .pipeline(PROJECT)) {
      List<String> previewed = baton.previewedFiles(PROJECT, "staging", "production");
      String before = repo.head();

      baton.promote(PROJECT, "staging", "production");

      assertThatCommitAfter(repo, before).isOneNewCommit().movesExactly(
          line("env/production/kustomization.yaml",
              "    digest: " + KustomizeOverlaysRepo.digest('a'),
              "    digest: " + KustomizeOverlaysRepo.digest('b')));
      TargetReading.assertSameApartFromVersions(repo, before, repo.head(), "env/production",
          dir.resolve("render"));
      assertThat(previewed).as("files the preview writes").containsExactly("kustomization.yaml");
    }
  }

  @Test
  void aReplicasRuleMovesTheCountToo() {
    GitRepo repo = new KustomizeOverlaysRepo().create(dir.resolve("repo"));
    try (ShapeBaton baton = ShapeBaton.open(repo, KustomizeOverlaysRepo.LAYOUT)
        .pipeline(PROJECT, PromotionRule.values("kustomization.yaml", "$.replicas[*].count"))) {
      String before = repo.head();

      baton.promote(PROJECT, "dev", "staging");

      assertThatCommitAfter(repo, before).isOneNewCommit().movesExactly(
          line("env/staging/kustomization.yaml", "    count: 2", "    count: 1"),
          line("env/staging/kustomization.yaml", "    newTag: 1.4.2", "    newTag: 1.5.0"));
    }
  }

  @Test
  void theFixtureRendersAsItsTeamWroteIt() {
    assumeTrue(TargetReading.kubectlAvailable(), "kubectl is not on the PATH");
    GitRepo repo = new KustomizeOverlaysRepo().create(dir.resolve("repo"));
    assertThat(TargetReading.render(repo, repo.head(), "env/production", dir.resolve("render")))
        .contains("namespace: storefront-prod", "name: production-storefront", "replicas: 6",
            "image: ghcr.io/acme/storefront:1.4.1", "environment: production");
  }
}
