package dev.baton.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.FileChange;
import dev.baton.model.PromotableProperty;
import dev.baton.model.PromotionRule;
import dev.baton.model.Revision;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Executable bits in plans: a copied file carries the source's, an edited one the target's. */
class PromotionPlannerModeTest {
  private final PromotionPlanner planner = PromotionPlanner.create();

  private static EnvironmentFiles env(String name, Map<String, String> files,
      String... executable) {
    return new EnvironmentFiles(EnvironmentName.of(name), Revision.of(name + "-1"),
        new TreeMap<>(files), new TreeSet<>(List.of(executable)));
  }

  @Test
  void aWholeFileCopyCarriesTheSourcesExecutableBit() {
    EnvironmentFiles source = env("dev", Map.of("hooks/migrate.sh", "#!/bin/sh\necho 2\n",
        "hooks/notes.txt", "two\n"), "hooks/migrate.sh");
    EnvironmentFiles target = env("staging", Map.of("values.yaml", "a: 1\n"));

    PromotionPlan plan = planner.plan(source, target, EnumSet.noneOf(PromotableProperty.class),
        List.of(PromotionRule.wholeFiles("hooks/")));

    assertThat(plan.changes()).containsExactly(
        FileChange.write("hooks/migrate.sh", "#!/bin/sh\necho 2\n", true),
        FileChange.write("hooks/notes.txt", "two\n", false));
    assertThat(PromotionPlanner.applyTo(target, plan.changes()).executable())
        .containsExactly("hooks/migrate.sh");
  }

  @Test
  void anEditedFileKeepsTheTargetsMode() {
    EnvironmentFiles source = env("dev", Map.of("run.yaml", "replicas: 2\nname: dev\n"));
    EnvironmentFiles target = env("staging", Map.of("run.yaml", "replicas: 1\nname: stg\n"),
        "run.yaml");

    PromotionPlan plan = planner.plan(source, target, EnumSet.noneOf(PromotableProperty.class),
        List.of(PromotionRule.values("run.yaml", "$.replicas")));

    assertThat(plan.changes()).singleElement()
        .isEqualTo(FileChange.write("run.yaml", "replicas: 2\nname: stg\n", true));
  }
}
