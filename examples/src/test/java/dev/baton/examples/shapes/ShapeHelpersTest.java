package dev.baton.examples.shapes;

import static dev.baton.examples.shapes.DiffAssert.assertThatCommitAfter;
import static dev.baton.examples.shapes.DiffAssert.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks the shape tests rely on, run on commits written by hand: the commit a careful
 * engineer writes passes them, and the harms seen on real repositories fail them.
 */
class ShapeHelpersTest {
  private static final String OVERLAY = "env/production/kustomization.yaml";

  @TempDir Path dir;

  @Test
  void aOneLineTagBumpByHandPassesEveryCheck() {
    GitRepo repo = new KustomizeOverlaysRepo().create(dir.resolve("repo"));
    String before = repo.head();
    String text = repo.show(before, OVERLAY);
    repo.write(OVERLAY, text.replace("newTag: 1.4.1", "newTag: 1.4.2"));
    repo.commitAll("Bump storefront to 1.4.2 in production");

    assertThatCommitAfter(repo, before).isOneNewCommit()
        .movesExactly(line(OVERLAY, "    newTag: 1.4.1", "    newTag: 1.4.2"))
        .leavesUntouched("base", "env/dev", "env/staging");
    TargetReading.assertSameApartFromVersions(repo, before, repo.head(), "env/production",
        dir.resolve("render"));
  }

  @Test
  void aDroppedCommentFailsTheDiffCheck() {
    GitRepo repo = new KustomizeOverlaysRepo().create(dir.resolve("repo"));
    String before = repo.head();
    String text = repo.show(before, OVERLAY);
    repo.write(OVERLAY, text.replace("newTag: 1.4.1", "newTag: 1.4.2")
        .substring(text.indexOf('\n') + 1));
    repo.commitAll("Rewrite");

    assertThatThrownBy(() -> assertThatCommitAfter(repo, before)
        .movesExactly(line(OVERLAY, "    newTag: 1.4.1", "    newTag: 1.4.2")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("# Overlay for production");
  }

  @Test
  void aCopiedNamespaceFailsTheReadingCheck() {
    GitRepo repo = new KustomizeOverlaysRepo().create(dir.resolve("repo"));
    String before = repo.head();
    String text = repo.show(before, OVERLAY);
    repo.write(OVERLAY, text.replace("namespace: storefront-prod",
        "namespace: storefront-staging"));
    repo.commitAll("Copy staging's namespace");

    assertThatThrownBy(() -> TargetReading.assertSameApartFromVersions(repo, before,
        repo.head(), "env/production", dir.resolve("render")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("storefront-staging");
  }

  @Test
  void versionsAreMaskedButTheImageRepositoryIsNot() {
    assertThat(TargetReading.versionBlind("image: ghcr.io/acme/web:1.4.1\n"))
        .isEqualTo(TargetReading.versionBlind("image: ghcr.io/acme/web@sha256:abc\n"))
        .isNotEqualTo(TargetReading.versionBlind("image: ghcr.io/other/web:1.4.1\n"));
    assertThat(TargetReading.imageRepository("registry:5000/shop/web:1.10"))
        .isEqualTo("registry:5000/shop/web");
    assertThat(TargetReading.versionBlind("image:\n  tag: \"1.4.1\"\n  pullPolicy: Always\n"))
        .isNotEqualTo(TargetReading.versionBlind("image:\n  tag: 1.4.2\n  pullPolicy: Never\n"));
  }
}
