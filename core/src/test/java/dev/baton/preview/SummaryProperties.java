package dev.baton.preview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.error.BatonException;
import dev.baton.internal.yaml.ContentCache;
import dev.baton.manifests.GitOpsReader;
import dev.baton.manifests.PromotionPlan;
import dev.baton.manifests.PromotionPlanner;
import dev.baton.manifests.RandomEnvironments;
import dev.baton.manifests.SensitiveNames;
import dev.baton.manifests.Snapshot;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.FileChange;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotableProperty;
import dev.baton.model.Revision;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link Previewer#summary} counts its items without making them (and compares bindings by
 * their digests only where their texts differ): on random environments, scopes and bases it is
 * the summary of the whole preview, which makes every item.
 */
class SummaryProperties {
  private static final ProjectId SHOP = ProjectId.of("shop");

  /** A promotion's inputs. */
  record Case(EnvironmentFiles source, EnvironmentFiles target,
      Optional<EnvironmentFiles> base, Set<PromotableProperty> scope) {}

  private static Case draw(Randomness randomness) {
    Random random = new Random(randomness.nextLong());
    RandomEnvironments environments = new RandomEnvironments(random);
    EnvironmentFiles source = environments.next("staging");
    EnvironmentFiles target = random.nextInt(4) == 0 ? environments.next("prod")
        : environments.mutate(source, "prod");
    Optional<EnvironmentFiles> base = switch (random.nextInt(4)) {
      case 0 -> Optional.empty();
      case 1 -> Optional.of(target);
      case 2 -> Optional.of(source);
      default -> Optional.of(environments.mutate(target, "prod"));
    };
    return new Case(source, target, base, environments.scope());
  }

  @Test
  void theSummaryIsThePreviewsSummary() {
    PromotionPlanner planner = PromotionPlanner.create();
    Previewer previewer = Previewer.create();
    AtomicInteger planned = new AtomicInteger();
    AtomicInteger changed = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    Property.forAll(Gen.of(SummaryProperties::draw)).runs(200).verify(c -> {
      PromotionPlan plan;
      try {
        plan = planner.plan(c.source(), c.target(), c.scope(), List.of(),
            SensitiveNames.defaults());
      } catch (BatonException e) {
        return; // an edit a random target cannot take in place is refused, as it should be
      }
      planned.incrementAndGet();
      Preview preview = previewer.preview(SHOP, c.source(), c.target(), c.base(), plan);
      assertThat(previewer.summary(c.source(), c.target(), c.base(), plan))
          .isEqualTo(preview.summary());
      changed.addAndGet(preview.summary().total() > 0 ? 1 : 0);
      conflicts.addAndGet(preview.summary().conflicts() > 0 ? 1 : 0);
    });
    // the property says something only if plans, changes and conflicts are common
    assertThat(planned.get()).isGreaterThan(150);
    assertThat(changed.get()).isGreaterThan(90);
    assertThat(conflicts.get()).isGreaterThan(20);
  }

  /**
   * A base holding the target's files (a copy at another revision, maybe read in another
   * environment, so that snapshots with warnings are keyed apart) is counted with the target's
   * snapshot instead of being read: the same counts as the whole preview, which reads the base.
   */
  @Test
  void aBaseHoldingTheTargetsFilesCountsAsTheBaseRead() {
    PromotionPlanner planner = PromotionPlanner.create();
    Previewer previewer = Previewer.create();
    AtomicInteger planned = new AtomicInteger();
    AtomicInteger warned = new AtomicInteger();
    Property.forAll(Gen.of(SummaryProperties::draw)).runs(300).verify(c -> {
      // from the files' texts (String hashes), not the case's: a scope's hash is its enums'
      // identity hashes, which change between runs and would make the property unreplayable
      Random random = new Random(31L * c.source().files().hashCode()
          + c.target().files().hashCode());
      EnvironmentFiles target = c.target();
      EnvironmentFiles base = new EnvironmentFiles(random.nextBoolean() ? target.environment()
          : EnvironmentName.of("elsewhere"), Revision.of("base-" + random.nextInt(1000)),
          new TreeMap<>(target.files()), target.executable());
      PromotionPlan plan;
      try {
        plan = planner.plan(c.source(), target, c.scope(), List.of(),
            SensitiveNames.defaults());
      } catch (BatonException e) {
        return;
      }
      planned.incrementAndGet();
      if (random.nextBoolean()) {
        ContentCache.clearAll();
      }
      Preview preview = previewer.preview(SHOP, c.source(), target, Optional.of(base), plan);
      assertThat(previewer.summary(c.source(), target, Optional.of(base), plan))
          .isEqualTo(preview.summary());
      warned.addAndGet(GitOpsReader.create().read(target).warnings().isEmpty() ? 0 : 1);
    });
    assertThat(planned.get()).isGreaterThan(200);
    assertThat(warned.get()).isGreaterThan(20);
  }

  /**
   * Whether the after files are the source's, decided without making them, is what comparing
   * the files {@code applyTo} makes says: on random environments and random changes (writes of
   * the source's text or another, deletions, paths changed twice, paths of neither side).
   */
  @Test
  void takingTheSourcesFilesIsDecidedAsApplyToSays() {
    AtomicInteger same = new AtomicInteger();
    Property.forAll(Gen.of(r -> r.nextLong())).runs(3000).verify(seed -> {
      Random random = new Random(seed);
      RandomEnvironments environments = new RandomEnvironments(random);
      EnvironmentFiles source = environments.next("staging");
      EnvironmentFiles target = random.nextBoolean() ? environments.mutate(source, "prod")
          : environments.next("prod");
      List<String> paths = new ArrayList<>(new TreeSet<>(source.files().keySet()));
      paths.addAll(target.files().keySet());
      paths.add("other.yaml");
      List<FileChange> changes = new ArrayList<>();
      boolean mostly = random.nextBoolean();
      for (String path : new TreeSet<>(paths)) {
        boolean differs = !Objects.equals(source.files().get(path), target.files().get(path));
        if (mostly ? differs && random.nextInt(8) > 0 : random.nextInt(3) == 0) {
          String text = source.files().get(path);
          changes.add(text == null || random.nextInt(10) == 0 ? FileChange.delete(path)
              : FileChange.write(path, random.nextInt(10) == 0 ? text + "x" : text));
        }
        if (random.nextInt(30) == 0) {
          changes.add(FileChange.write(path, "again"));
        }
      }
      boolean expected = PromotionPlanner.applyTo(target, changes).files()
          .equals(source.files());
      assertThat(AfterFiles.takesSourceFiles(target, changes, source)).isEqualTo(expected);
      same.addAndGet(expected ? 1 : 0);
    });
    assertThat(same.get()).isGreaterThan(300);
  }

  /**
   * Where the promotion leaves the target holding the source's files, the summary takes the
   * source's snapshot for the after files' (stamped again) instead of reading them: the same
   * counts as the preview (which takes them alike; see the next property for the snapshots
   * themselves).
   */
  @Test
  void theSummaryIsThePreviewsSummaryWhenTheTargetTakesTheSourcesFiles() {
    PromotionPlanner planner = PromotionPlanner.create();
    Previewer previewer = Previewer.create();
    AtomicInteger same = new AtomicInteger();
    Property.forAll(Gen.of(SummaryProperties::draw)).runs(300).verify(c -> {
      Set<PromotableProperty> all = EnumSet.allOf(PromotableProperty.class);
      PromotionPlan plan;
      try {
        plan = planner.plan(c.source(), c.target(), all, List.of(), SensitiveNames.defaults());
      } catch (BatonException e) {
        return;
      }
      if (!plan.changes().isEmpty() && PromotionPlanner.applyTo(c.target(), plan.changes())
          .files().equals(c.source().files())) {
        same.incrementAndGet();
      }
      Preview preview = previewer.preview(SHOP, c.source(), c.target(), c.base(), plan);
      assertThat(previewer.summary(c.source(), c.target(), c.base(), plan))
          .isEqualTo(preview.summary());
    });
    // the property says something only if such promotions are common (88 of 300 here)
    assertThat(same.get()).isGreaterThan(40);
  }

  /**
   * The after files' snapshots that the preview and the summary take without reading the after
   * files (the source's stamped again, or the target's) are what reading the files {@code
   * applyTo} makes returns, read afresh (caches emptied): plain and masked, with the defaults'
   * and more sensitive names, on random environments, scopes and plans.
   */
  @Test
  void theAfterSnapshotsAreWhatReadingTheAfterFilesGives() {
    PromotionPlanner planner = PromotionPlanner.create();
    GitOpsReader reader = GitOpsReader.create();
    AtomicInteger shortcuts = new AtomicInteger();
    AtomicInteger planned = new AtomicInteger();
    Property.forAll(Gen.of(SummaryProperties::draw)).runs(300).verify(c -> {
      for (Set<PromotableProperty> scope : List.of(c.scope(),
          EnumSet.allOf(PromotableProperty.class))) {
        SensitiveNames sensitive = c.scope().size() % 2 == 0 ? SensitiveNames.defaults()
            : SensitiveNames.with(List.of("tag", "replicas", "LEVEL", "url"));
        PromotionPlan plan;
        try {
          plan = planner.plan(c.source(), c.target(), scope, List.of(), sensitive);
        } catch (BatonException e) {
          continue;
        }
        planned.incrementAndGet();
        AfterFiles after = new AfterFiles(c.source(), c.target(),
            plan.changes());
        Snapshot plain = after.snapshot(reader.read(c.source()), reader.read(c.target()),
            reader::read);
        Snapshot masked = after.snapshot(reader.readMasked(c.source(), sensitive),
            reader.readMasked(c.target(), sensitive), f -> reader.readMasked(f, sensitive));
        EnvironmentFiles files = PromotionPlanner.applyTo(c.target(), plan.changes());
        shortcuts.addAndGet(plan.changes().isEmpty()
            || files.files().equals(c.source().files()) ? 1 : 0);
        ContentCache.clearAll();
        assertThat(plain).isEqualTo(reader.read(files));
        assertThat(masked).isEqualTo(reader.readMasked(files, sensitive));
      }
    });
    assertThat(planned.get()).isGreaterThan(300);
    assertThat(shortcuts.get()).isGreaterThan(100);
  }
}
