package dev.baton.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.baton.internal.yaml.SafeYaml;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.FileChange;
import dev.baton.model.PromotableProperty;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Seeded random checks of the planner's contract. A failure names the seed; replay it with
 * {@code -Dbaton.seed=N}, and raise the case count with {@code -Dbaton.cases=N}.
 */
class PromotionPlannerProperties {
  private final PromotionPlanner planner = PromotionPlanner.create();
  private final GitOpsReader reader = GitOpsReader.create();

  @Test
  void promotionCarriesExactlyTheScopeAndIsIdempotent() {
    long seed = Long.getLong("baton.seed", new Random().nextLong());
    int cases = Integer.getInteger("baton.cases", 400);
    Random random = new Random(seed);
    RandomEnvironments environments = new RandomEnvironments(random);
    for (int i = 0; i < cases; i++) {
      EnvironmentFiles source = environments.next("staging");
      EnvironmentFiles target = random.nextInt(3) == 0 ? environments.next("prod")
          : environments.mutate(source, "prod");
      Set<PromotableProperty> scope = environments.scope();
      try {
        check(source, target, scope);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("failed with -Dbaton.seed=" + seed + " at case " + i
            + ", scope " + scope + "\nsource: " + source.files() + "\ntarget: "
            + target.files(), e);
      }
    }
  }

  @Test
  void promotingEverythingMakesTheTargetMatchTheSource() {
    long seed = Long.getLong("baton.seed", new Random().nextLong());
    int cases = Integer.getInteger("baton.cases", 400) / 2;
    Random random = new Random(seed);
    RandomEnvironments environments = new RandomEnvironments(random);
    Set<PromotableProperty> all = EnumSet.allOf(PromotableProperty.class);
    for (int i = 0; i < cases; i++) {
      EnvironmentFiles source = environments.next("staging");
      EnvironmentFiles target = random.nextBoolean() ? environments.next("prod")
          : environments.mutate(source, "prod");
      EnvironmentFiles after = PromotionPlanner.applyTo(target,
          planner.plan(source, target, all));
      String where = "-Dbaton.seed=" + seed + " case " + i + ": ";
      // the kustomization is one file whatever its spelling; the target keeps its own
      assertThat(tree(kustomization(after), "k")).as(where + "kustomization")
          .isEqualTo(tree(kustomization(source), "k"));
      TreeSet<String> paths = new TreeSet<>(source.files().keySet());
      paths.addAll(after.files().keySet());
      paths.removeAll(FileKind.KUSTOMIZATION_NAMES);
      for (String path : paths) {
        String expected = source.files().get(path);
        String actual = after.files().get(path);
        if (FileKind.of(path) == FileKind.VALUES) {
          // a values file may keep the target's text when it means the same; absent and
          // empty are the same
          assertThat(tree(actual, path)).as(where + path).isEqualTo(tree(expected, path));
        } else {
          assertThat(actual).as(where + path).isEqualTo(expected);
        }
      }
    }
  }

  private static String kustomization(EnvironmentFiles files) {
    return FileKind.KUSTOMIZATION_NAMES.stream().map(files.files()::get)
        .filter(Objects::nonNull).findFirst().orElse(null);
  }

  private static JsonNode tree(String text, String path) {
    JsonNode node = text == null ? NullNode.instance : SafeYaml.read(text, path);
    return node.isNull() ? JsonNodeFactory.instance.objectNode() : node;
  }

  private void check(EnvironmentFiles source, EnvironmentFiles target,
      Set<PromotableProperty> scope) {
    List<FileChange> changes = planner.plan(source, target, scope);
    for (FileChange change : changes) {
      assertThat(change.content()).as("a change must alter %s", change.path())
          .isNotEqualTo(target.file(change.path()));
    }
    EnvironmentFiles after = PromotionPlanner.applyTo(target, changes);
    Snapshot from = reader.readUnresolved(source);
    Snapshot before = reader.readUnresolved(target);
    Snapshot now = reader.readUnresolved(after);
    for (PromotableProperty kind : PromotableProperty.values()) {
      Snapshot expected = scope.contains(kind) ? from : before;
      assertThat(now.properties(kind)).as("%s (%s)", kind,
          scope.contains(kind) ? "in scope: the source's" : "out of scope: the target's")
          .isEqualTo(expected.properties(kind));
    }
    assertThat(planner.plan(source, after, scope)).as("planning again").isEmpty();
    // resolution never fails on what a plan wrote
    reader.read(after);
  }
}
