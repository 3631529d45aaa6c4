package dev.baton.preview;

import dev.baton.manifests.Snapshot;
import dev.baton.manifests.Workload;
import dev.baton.model.ChangeSummary;
import dev.baton.model.PromotableProperty;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The counts of a {@link ChangeSummary} taken from the snapshots without making the preview's
 * items. Stateless.
 */
final class SummaryCounts {
  private SummaryCounts() {}

  /**
   * Counted as the preview counts its items, without making them: an item counts as changed
   * when the target's value differs from the after's, and as a conflict when, besides, a base
   * is given whose value differs from the target's. Whether the preview lists an item (its
   * source differing from its target) never matters to the counts: a changed item is always
   * listed. Carrying decides nothing here either (the plan already did).
   */
  static ChangeSummary summary(Snapshots snapshots) {
    Tally workloads = countWorkloads(snapshots, new Tally());
    Tally values = count(snapshots, PromotableProperty.VALUES, false, new Tally());
    Tally bindings = count(snapshots, PromotableProperty.BINDINGS, true, new Tally());
    Tally variables = count(snapshots, PromotableProperty.VARIABLES, false, new Tally());
    return new ChangeSummary(workloads.changed, values.changed, bindings.changed,
        variables.changed, workloads.conflicts + values.conflicts + bindings.conflicts
            + variables.conflicts);
  }

  /** Changed items and conflicts of one kind (or several, added up). */
  private static final class Tally {
    int changed;
    int conflicts;
  }

  /** The changed items and conflicts of every workload's image tag, replicas and resources. */
  private static Tally countWorkloads(Snapshots snapshots, Tally tally) {
    SortedMap<String, Workload> target = snapshots.target().workloads();
    SortedMap<String, Workload> after = snapshots.after().workloads();
    Optional<SortedMap<String, Workload>> base = snapshots.base().map(Snapshot::workloads);
    // every key of either, each once (a key only the source has never changes the target)
    TreeSet<String> keys = null;
    if (target.comparator() != null || after.comparator() != null
        || base.map(m -> m.comparator() != null).orElse(false)) {
      keys = new TreeSet<>(target.keySet());
      keys.addAll(after.keySet());
    }
    Iterable<String> walk = keys != null ? keys : target.keySet();
    for (String key : walk) {
      countWorkload(key, target.get(key), after.get(key), base, tally);
    }
    if (keys == null) {
      for (Map.Entry<String, Workload> entry : after.entrySet()) {
        if (!target.containsKey(entry.getKey())) {
          countWorkload(entry.getKey(), null, entry.getValue(), base, tally);
        }
      }
    }
    return tally;
  }

  private static void countWorkload(String key, Workload target, Workload after,
      Optional<SortedMap<String, Workload>> base, Tally tally) {
    Workload was = base.map(map -> map.get(key)).orElse(null);
    for (int i = 0; i < 3; i++) {
      Function<Workload, Optional<String>> property = i == 0 ? Workload::imageTag
          : i == 1 ? Workload::replicas : Workload::resources;
      String now = target == null ? null : property.apply(target).orElse(null);
      String then = after == null ? null : property.apply(after).orElse(null);
      if (!Objects.equals(now, then)) {
        tally.changed++;
        if (base.isPresent()
            && !Objects.equals(was == null ? null : property.apply(was).orElse(null), now)) {
          tally.conflicts++;
        }
      }
    }
  }

  /**
   * Adds one kind's changed items and conflicts to {@code tally}. Bindings compare as the
   * preview shows them, by {@link PreviewItems#digest}: equal texts have equal digests, so the
   * digests are only computed for texts that differ.
   */
  private static Tally count(Snapshots snapshots, PromotableProperty kind, boolean digested,
      Tally tally) {
    SortedMap<String, String> target = snapshots.target().properties(kind);
    SortedMap<String, String> after = snapshots.after().properties(kind);
    if (target.isEmpty() && after.isEmpty()) {
      // no key to count (most environments have no bindings or no variables)
      return tally;
    }
    Optional<SortedMap<String, String>> base = snapshots.base().map(s -> s.properties(kind));
    if (target.comparator() != null || after.comparator() != null) {
      TreeSet<String> keys = new TreeSet<>(target.keySet());
      keys.addAll(after.keySet());
      for (String key : keys) {
        tally(target.get(key), after.get(key), base, key, digested, tally);
      }
      return tally;
    }
    // only keys of the target or the after can change; one walk over both in key order
    Cursor targets = new Cursor(target);
    Cursor afters = new Cursor(after);
    while (true) {
      String key = Cursor.least(targets.key(), afters.key());
      if (key == null) {
        return tally;
      }
      tally(targets.take(key), afters.take(key), base, key, digested, tally);
    }
  }

  private static void tally(String target, String after,
      Optional<SortedMap<String, String>> base, String key, boolean digested, Tally tally) {
    if (same(target, after, digested)) {
      return;
    }
    tally.changed++;
    if (base.isPresent() && !same(base.get().get(key), target, digested)) {
      tally.conflicts++;
    }
  }

  // whether two values (null: absent) show alike
  private static boolean same(String a, String b, boolean digested) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.equals(b) || digested && PreviewItems.digest(a).equals(PreviewItems.digest(b));
  }
}
