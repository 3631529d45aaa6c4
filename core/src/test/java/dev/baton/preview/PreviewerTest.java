package dev.baton.preview;

import static dev.baton.manifests.Envs.env;
import static dev.baton.model.PromotableProperty.BINDINGS;
import static dev.baton.model.PromotableProperty.IMAGE_TAGS;
import static dev.baton.model.PromotableProperty.VALUES;
import static dev.baton.model.PromotableProperty.VARIABLES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.manifests.DocumentLimits;
import dev.baton.manifests.PromotionPlan;
import dev.baton.manifests.PromotionPlanner;
import dev.baton.manifests.SensitiveNames;
import dev.baton.model.ChangeSummary;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreviewerTest {
  private static final ProjectId SHOP = ProjectId.of("shop");
  private final Previewer previewer = Previewer.create();

  private static final EnvironmentFiles STAGING = env("staging",
      "values.yaml", String.join("\n",
          "image: {repository: acme/api, tag: 1.3.0}",
          "replicaCount: 2",
          "logLevel: debug",
          "newFlag: true",
          "host: api.${DOMAIN}",
          ""),
      "variables.yaml", "DOMAIN: staging.example.com\n",
      "service.yaml", "kind: Service\nport: 8080\n");
  private static final EnvironmentFiles PROD = env("prod",
      "values.yaml", String.join("\n",
          "image: {repository: acme/api, tag: 1.2.0}",
          "replicaCount: 6",
          "logLevel: warn",
          "oldFlag: true",
          "host: api.${DOMAIN}",
          ""),
      "variables.yaml", "DOMAIN: example.com\n",
      "service.yaml", "kind: Service\nport: 80\n");

  private Preview preview(Set<PromotableProperty> scope) {
    return previewer.preview(SHOP, STAGING, PROD, Optional.empty(), scope, java.util.List.of());
  }

  private static PreviewItem find(java.util.List<PreviewItem> items, String key) {
    return items.stream().filter(item -> item.key().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void workloadItemsSayWhatThePromotionDoes() {
    Preview preview = preview(EnumSet.of(IMAGE_TAGS));
    assertThat(preview.workloads()).singleElement().satisfies(workload -> {
      assertThat(workload.key()).isEqualTo("values.yaml");
      assertThat(workload.name()).isEqualTo("values");
      assertThat(workload.imageTag()).isEqualTo(new PreviewItem("image_tag",
          Optional.of("1.3.0"), Optional.of("1.2.0"), Optional.of("1.3.0"),
          PreviewAction.UPDATE, true, false));
      // staging's replica count is different but not carried
      assertThat(workload.replicas()).isEqualTo(new PreviewItem("replicas", Optional.of("2"),
          Optional.of("6"), Optional.of("6"), PreviewAction.NO_CHANGE, false, false));
      assertThat(workload.resources().action()).isEqualTo(PreviewAction.NO_CHANGE);
    });
    assertThat(preview.summary()).isEqualTo(new ChangeSummary(1, 0, 0, 0, 0));
    assertThat(preview.files()).extracting(FileDiff::path).containsExactly("values.yaml");
  }

  @Test
  void valueItemsAreResolvedAndCoverAddUpdateRemove() {
    Preview preview = preview(EnumSet.of(VALUES));
    assertThat(find(preview.values(), "values.yaml:logLevel").action())
        .isEqualTo(PreviewAction.UPDATE);
    assertThat(find(preview.values(), "values.yaml:newFlag").action())
        .isEqualTo(PreviewAction.ADD);
    PreviewItem removed = find(preview.values(), "values.yaml:oldFlag");
    assertThat(removed.action()).isEqualTo(PreviewAction.REMOVE);
    assertThat(removed.after()).isEmpty();
    // same raw value, resolved per environment: shown, but the promotion changes nothing
    PreviewItem host = find(preview.values(), "values.yaml:host");
    assertThat(host.source()).contains("api.staging.example.com");
    assertThat(host.target()).contains("api.example.com");
    assertThat(host.after()).contains("api.example.com");
    assertThat(host.action()).isEqualTo(PreviewAction.NO_CHANGE);
    assertThat(preview.values()).extracting(PreviewItem::key)
        .doesNotContain("values.yaml:image.repository");
    assertThat(preview.summary().values()).isEqualTo(3);
  }

  @Test
  void outOfScopeDifferencesAreShownAsNotCarried() {
    Preview preview = preview(EnumSet.of(IMAGE_TAGS));
    assertThat(preview.values()).allSatisfy(item -> {
      assertThat(item.carried()).isFalse();
      assertThat(item.action()).isEqualTo(PreviewAction.NO_CHANGE);
    });
    assertThat(find(preview.bindings(), "service.yaml").carried()).isFalse();
    assertThat(find(preview.variables(), "DOMAIN").action()).isEqualTo(PreviewAction.NO_CHANGE);
  }

  @Test
  void carryingVariablesChangesWhatTheTargetResolves() {
    Preview preview = preview(EnumSet.of(VARIABLES));
    PreviewItem host = find(preview.values(), "values.yaml:host");
    assertThat(host.carried()).isFalse();
    assertThat(host.after()).contains("api.staging.example.com");
    assertThat(host.action()).isEqualTo(PreviewAction.UPDATE);
    assertThat(find(preview.variables(), "DOMAIN").action()).isEqualTo(PreviewAction.UPDATE);
  }

  @Test
  void bindingsAreComparedByDigest() {
    Preview preview = preview(EnumSet.of(BINDINGS));
    PreviewItem service = find(preview.bindings(), "service.yaml");
    assertThat(service.action()).isEqualTo(PreviewAction.UPDATE);
    assertThat(service.source().orElseThrow()).startsWith("sha256:").endsWith("(2 lines)");
    assertThat(service.after()).isEqualTo(service.source());
    assertThat(preview.summary().bindings()).isEqualTo(1);
  }

  @Test
  void conflictsNeedABaseAndAChange() {
    EnvironmentFiles base = env("prod",
        "values.yaml", "image: {tag: 1.1.0}\nreplicaCount: 4\nlogLevel: warn\n");
    // prod's tag (1.2.0) and replicas (6) drifted from the base; the promotion changes only the tag
    Preview preview = previewer.preview(SHOP, STAGING, PROD, Optional.of(base),
        EnumSet.of(IMAGE_TAGS), java.util.List.of());
    WorkloadPreview workload = preview.workloads().get(0);
    assertThat(workload.imageTag().conflict()).isTrue();
    assertThat(workload.replicas().conflict()).isFalse();
    assertThat(preview.summary().conflicts()).isEqualTo(1);
    assertThat(preview.baseRevision()).contains(base.revision());

    Preview values = previewer.preview(SHOP, STAGING, PROD, Optional.of(base),
        EnumSet.of(VALUES), java.util.List.of());
    // oldFlag was added to prod after the base and the promotion removes it
    assertThat(find(values.values(), "values.yaml:oldFlag").conflict()).isTrue();
    assertThat(find(values.values(), "values.yaml:logLevel").conflict()).isFalse();

    assertThat(preview(EnumSet.of(IMAGE_TAGS)).summary().conflicts()).isZero();
  }

  @Test
  void warningsReportUnresolvedPlaceholders() {
    EnvironmentFiles source = env("staging", "values.yaml", "image: {tag: '${TAG}'}\n",
        "variables.yaml", "TAG: 2.0.0\n");
    EnvironmentFiles target = env("prod", "values.yaml", "image: {tag: 1.0.0}\n");
    Preview preview = previewer.preview(SHOP, source, target, Optional.empty(),
        EnumSet.of(IMAGE_TAGS), java.util.List.of());
    assertThat(preview.workloads().get(0).imageTag().after()).contains("${TAG}");
    assertThat(preview.warnings()).singleElement().asString()
        .startsWith("after the promotion, prod:").contains("${TAG}");
  }

  @Test
  void filesGetUnifiedDiffs() {
    Preview preview = preview(EnumSet.allOf(PromotableProperty.class));
    FileDiff values = preview.files().stream().filter(f -> f.path().equals("values.yaml"))
        .findFirst().orElseThrow();
    assertThat(values.action()).isEqualTo(PreviewAction.UPDATE);
    assertThat(values.truncated()).isFalse();
    assertThat(values.diff().orElseThrow()).startsWith("--- a/values.yaml\n+++ b/values.yaml\n@@")
        .contains("-image: {repository: acme/api, tag: 1.2.0}\n",
            "+image: {repository: acme/api, tag: 1.3.0}\n");
    assertThat(values.addedLines()).isEqualTo(OptionalInt.of(4));
    assertThat(values.removedLines()).isEqualTo(OptionalInt.of(4));
    assertThat(values.oldLines()).isEqualTo(5);

    Preview added = previewer.preview(SHOP, env("staging", "new.yaml", "a\nb"), env("prod",
        "old.yaml", "x\n"), Optional.empty(), EnumSet.of(BINDINGS), java.util.List.of());
    assertThat(added.files()).hasSize(2);
    FileDiff created = added.files().get(0);
    assertThat(created.action()).isEqualTo(PreviewAction.ADD);
    assertThat(created.diff().orElseThrow()).startsWith("--- /dev/null\n+++ b/new.yaml\n")
        .contains("+a\n+b\n+\\ No newline at end of file\n");
    assertThat(created.newLines()).isEqualTo(2);
    FileDiff deleted = added.files().get(1);
    assertThat(deleted.action()).isEqualTo(PreviewAction.REMOVE);
    assertThat(deleted.diff().orElseThrow()).contains("+++ /dev/null", "-x");
  }

  @Test
  void bigFilesAreSummarisedNotCut() {
    String big = "line\n".repeat(30_000);
    Preview preview = previewer.preview(SHOP, env("staging", "big.txt", big + "end\n"),
        env("prod", "big.txt", big), Optional.empty(), EnumSet.of(BINDINGS), java.util.List.of());
    assertThat(preview.files()).singleElement().satisfies(file -> {
      assertThat(file.truncated()).isTrue();
      assertThat(file.diff()).isEmpty();
      assertThat(file.oldLines()).isEqualTo(30_000);
      assertThat(file.newLines()).isEqualTo(30_001);
      assertThat(file.addedLines()).isEmpty();
    });

    Previewer small = Previewer.create(DocumentLimits.defaults(), new PreviewLimits(1 << 20,
        10_000, 10));
    StringBuilder before = new StringBuilder();
    StringBuilder after = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      before.append("a").append(i).append('\n');
      after.append("b").append(i).append('\n');
    }
    Preview longDiff = small.preview(SHOP, env("staging", "f.txt", after.toString()),
        env("prod", "f.txt", before.toString()), Optional.empty(), EnumSet.of(BINDINGS), java.util.List.of());
    assertThat(longDiff.files()).singleElement().satisfies(file -> {
      assertThat(file.truncated()).isTrue();
      assertThat(file.diff()).isEmpty();
      assertThat(file.addedLines()).hasValue(100);
      assertThat(file.removedLines()).hasValue(100);
    });
  }

  @Test
  void aDiffJustWithinTheLimitIsShownAndOneLineOverIsNot() {
    // changes spaced 1 to 9 lines apart (hunks merged or not): the diff that fits the limit
    // exactly is shown, one line less and it is summarised with the same counts
    for (int gap = 1; gap <= 9; gap++) {
      StringBuilder before = new StringBuilder();
      StringBuilder after = new StringBuilder();
      for (int i = 0; i < 60; i++) {
        before.append("line ").append(i).append('\n');
        after.append(i % (gap + 1) == 0 ? "changed " : "line ").append(i).append('\n');
      }
      EnvironmentFiles source = env("staging", "f.txt", after.toString());
      EnvironmentFiles target = env("prod", "f.txt", before.toString());
      FileDiff whole = Previewer.create(DocumentLimits.defaults(),
          new PreviewLimits(1 << 20, 5_000, 100_000)).preview(SHOP, source, target,
          Optional.empty(), EnumSet.of(BINDINGS), java.util.List.of()).files().get(0);
      int lines = whole.diff().orElseThrow().split("\n", -1).length - 1;
      FileDiff exact = Previewer.create(DocumentLimits.defaults(),
          new PreviewLimits(1 << 20, 5_000, lines)).preview(SHOP, source, target,
          Optional.empty(), EnumSet.of(BINDINGS), java.util.List.of()).files().get(0);
      assertThat(exact).as("gap %d", gap).isEqualTo(whole);
      FileDiff over = Previewer.create(DocumentLimits.defaults(),
          new PreviewLimits(1 << 20, 5_000, lines - 1)).preview(SHOP, source, target,
          Optional.empty(), EnumSet.of(BINDINGS), java.util.List.of()).files().get(0);
      assertThat(over.truncated()).as("gap %d", gap).isTrue();
      assertThat(over.diff()).isEmpty();
      assertThat(over.addedLines()).isEqualTo(whole.addedLines());
      assertThat(over.removedLines()).isEqualTo(whole.removedLines());
    }
  }

  @Test
  void completelyDifferentFilesAtTheLimitStillDiff() {
    StringBuilder before = new StringBuilder();
    StringBuilder after = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      before.append("old ").append(i).append('\n');
      after.append("new ").append(i).append('\n');
    }
    Preview preview = Previewer.create(DocumentLimits.defaults(),
        new PreviewLimits(1 << 20, 5_000, 20_000)).preview(SHOP,
        env("staging", "f.txt", after.toString()), env("prod", "f.txt", before.toString()),
        Optional.empty(), EnumSet.of(BINDINGS), java.util.List.of());
    assertThat(preview.files().get(0).addedLines()).hasValue(5_000);
    assertThat(preview.files().get(0).truncated()).isFalse();
  }

  @Test
  void unchangedPromotionHasNoChanges() {
    Preview preview = previewer.preview(SHOP, STAGING, STAGING, Optional.empty(),
        EnumSet.allOf(PromotableProperty.class), java.util.List.of());
    assertThat(preview.hasChanges()).isFalse();
    assertThat(preview.summary()).isEqualTo(ChangeSummary.NONE);
    assertThat(preview.workloads()).isEmpty();
    assertThat(preview.values()).isEmpty();
    assertThat(preview(Set.of()).hasChanges()).isFalse();
  }

  @Test
  void refusesMalformedInputsAndMissingArguments() {
    EnvironmentFiles bad = env("prod", "values.yaml", "a: !!binary aGk=\n");
    assertThatThrownBy(() -> previewer.preview(SHOP, STAGING, bad, Optional.empty(),
        Set.of(), java.util.List.of())).isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_DOCUMENT));
    assertThatThrownBy(() -> previewer.preview(SHOP, STAGING, PROD, Optional.of(bad),
        Set.of(), java.util.List.of())).isInstanceOf(BatonException.class);
    assertThatThrownBy(() -> previewer.preview(SHOP, STAGING, PROD, null, Set.of(), java.util.List.of()))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }
  @Test
  void theSummaryAloneCountsWhatThePreviewCounts() {
    PromotionPlanner planner = PromotionPlanner.create();
    EnvironmentFiles base = env("prod",
        "values.yaml", "image: {tag: 1.1.0}\nreplicaCount: 4\nlogLevel: warn\n",
        "service.yaml", "kind: Service\nport: 81\n");
    for (Set<PromotableProperty> scope : java.util.List.of(EnumSet.of(IMAGE_TAGS),
        EnumSet.of(VALUES), EnumSet.of(BINDINGS, VARIABLES),
        EnumSet.allOf(PromotableProperty.class), EnumSet.noneOf(PromotableProperty.class))) {
      for (Optional<EnvironmentFiles> withBase : java.util.List.of(Optional.<EnvironmentFiles>
          empty(), Optional.of(base), Optional.of(STAGING))) {
        PromotionPlan plan = planner.plan(STAGING, PROD, scope, java.util.List.of(),
            SensitiveNames.defaults());
        ChangeSummary whole = previewer.preview(SHOP, STAGING, PROD, withBase, plan).summary();
        assertThat(previewer.summary(STAGING, PROD, withBase, plan))
            .as("scope %s, base %s", scope, withBase.map(EnvironmentFiles::revision))
            .isEqualTo(whole);
      }
    }
    assertThat(previewer.summary(STAGING, PROD, Optional.of(base), planner.plan(STAGING, PROD,
        EnumSet.of(IMAGE_TAGS), java.util.List.of())).conflicts()).isEqualTo(1);
    assertThatThrownBy(() -> previewer.summary(STAGING, PROD, null, planner.plan(STAGING, PROD,
        EnumSet.of(IMAGE_TAGS), java.util.List.of()))).isInstanceOf(BatonException.class);
  }
}
