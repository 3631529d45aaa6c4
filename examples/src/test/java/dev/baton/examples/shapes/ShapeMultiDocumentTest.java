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
 * A multi-document manifest ({@code envs/<env>/app.yaml}: ConfigMap, Deployment, Service): the
 * default promotion moves the versions of the initContainer and the container, and the other
 * documents, the document markers and the comments stay.
 */
class ShapeMultiDocumentTest {
  private static final String PROJECT = MultiDocumentRepo.PROJECT;
  private static final String MIGRATE = "          image: ghcr.io/acme/ledger-migrations:";
  private static final String LEDGER = "          image: ghcr.io/acme/ledger:";

  @TempDir Path dir;

  @Test
  void bothContainerVersionsMoveAndTheOtherDocumentsStay() {
    GitRepo repo = new MultiDocumentRepo().create(dir.resolve("repo"));
    try (ShapeBaton baton = ShapeBaton.open(repo, MultiDocumentRepo.LAYOUT).pipeline(PROJECT)) {
      List<String> previewed = baton.previewedFiles(PROJECT, "staging", "production");
      String before = repo.head();

      baton.promote(PROJECT, "staging", "production");

      assertThatCommitAfter(repo, before).isOneNewCommit().movesExactly(
          line("envs/production/app.yaml", MIGRATE + "3.0.4", MIGRATE + "3.1.0"),
          line("envs/production/app.yaml", LEDGER + "3.0.4", LEDGER + "3.1.0"));
      TargetReading.assertSameApartFromVersions(repo, before, repo.head(), "envs/production",
          dir.resolve("render"));
      assertThat(previewed).as("files the preview writes").containsExactly("app.yaml");
    }
  }

  @Test
  void aLogLevelRuleMovesTheConfigMapValueToo() {
    GitRepo repo = new MultiDocumentRepo().create(dir.resolve("repo"));
    try (ShapeBaton baton = ShapeBaton.open(repo, MultiDocumentRepo.LAYOUT)
        .pipeline(PROJECT, PromotionRule.values("app.yaml", "$.data.LOG_LEVEL"))) {
      String before = repo.head();

      baton.promote(PROJECT, "dev", "staging");

      assertThatCommitAfter(repo, before).isOneNewCommit().movesExactly(
          line("envs/staging/app.yaml", "  LOG_LEVEL: info", "  LOG_LEVEL: debug"),
          line("envs/staging/app.yaml", MIGRATE + "3.1.0", MIGRATE + "3.2.0"),
          line("envs/staging/app.yaml", LEDGER + "3.1.0", LEDGER + "3.2.0"));
    }
  }

  @Test
  void theFixtureRendersAsItsTeamWroteIt() {
    assumeTrue(TargetReading.kubectlAvailable(), "kubectl is not on the PATH");
    GitRepo repo = new MultiDocumentRepo().create(dir.resolve("repo"));
    assertThat(TargetReading.render(repo, repo.head(), "envs/production", dir.resolve("render")))
        .contains("kind: ConfigMap", "kind: Service", "namespace: ledger-production",
            "image: ghcr.io/acme/ledger-migrations:3.0.4", "image: ghcr.io/acme/ledger:3.0.4");
  }
}
