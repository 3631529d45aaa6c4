package dev.baton.preview;

import dev.baton.manifests.Snapshot;
import dev.baton.manifests.Workload;
import dev.baton.model.ChangeSummary;
import dev.baton.model.PromotableProperty;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The items of a preview: each workload's image tag, replicas and resources, and each value,
 * binding and variable, decided on the real values and shown with the masked ones. Stateless.
 */
final class PreviewItems {
  private PreviewItems() {}

  static ChangeSummary summary(List<WorkloadPreview> workloads, List<PreviewItem> values,
      List<PreviewItem> bindings, List<PreviewItem> variables) {
    int conflicts = 0;
    int changedWorkloadItems = 0;
    for (WorkloadPreview workload : workloads) {
      for (PreviewItem item : workload.items()) {
        changedWorkloadItems += item.changed() ? 1 : 0;
        conflicts += item.conflict() ? 1 : 0;
      }
    }
    for (List<PreviewItem> list : List.of(values, bindings, variables)) {
      for (PreviewItem item : list) {
        conflicts += item.conflict() ? 1 : 0;
      }
    }
    return new ChangeSummary(changedWorkloadItems, changed(values), changed(bindings),
        changed(variables), conflicts);
  }

  // shown null: the items as decided, with the real values (for counting only)
  static List<WorkloadPreview> workloads(Snapshots snapshots, Snapshots shown,
      Set<PromotableProperty> scope) {
    TreeSet<String> keys = new TreeSet<>(snapshots.source().workloads().keySet());
    keys.addAll(snapshots.target().workloads().keySet());
    keys.addAll(snapshots.after().workloads().keySet());
    List<WorkloadPreview> out = new ArrayList<>();
    for (String key : keys) {
      Decided tag = workloadItem(snapshots, shown, key, "image_tag",
          PromotableProperty.IMAGE_TAGS, Workload::imageTag, scope);
      Decided replicas = workloadItem(snapshots, shown, key, "replicas",
          PromotableProperty.REPLICAS, Workload::replicas, scope);
      Decided resources = workloadItem(snapshots, shown, key, "resources",
          PromotableProperty.RESOURCES, Workload::resources, scope);
      if (interesting(tag.real()) || interesting(replicas.real())
          || interesting(resources.real())) {
        String name = (shown == null ? snapshots : shown).all().stream()
            .map(s -> s.workloads().get(key)).filter(Objects::nonNull).map(Workload::name)
            .findFirst().orElse(key);
        out.add(new WorkloadPreview(key, name, tag.shown(), replicas.shown(),
            resources.shown()));
      }
    }
    return out;
  }

  /** An item decided on the real values, and as people see it. */
  private record Decided(PreviewItem real, PreviewItem shown) {}

  private static Decided workloadItem(Snapshots snapshots, Snapshots shown, String key,
      String itemKey, PromotableProperty kind, Function<Workload, Optional<String>> property,
      Set<PromotableProperty> scope) {
    Function<Snapshot, String> value = snapshot -> Optional.ofNullable(
        snapshot.workloads().get(key)).flatMap(property).orElse(null);
    PreviewItem real = item(itemKey, value.apply(snapshots.source()),
        value.apply(snapshots.target()), value.apply(snapshots.after()),
        snapshots.base().isPresent(), snapshots.base().map(value).orElse(null),
        scope.contains(kind));
    return new Decided(real, shown == null ? real : shownAs(real, value.apply(shown.source()),
        value.apply(shown.target()), value.apply(shown.after())));
  }

  /** The item decided on real values, with the values people may see. */
  private static PreviewItem shownAs(PreviewItem real, String source, String target,
      String after) {
    return new PreviewItem(real.key(), real.source().map(v -> source),
        real.target().map(v -> target), real.after().map(v -> after), real.action(),
        real.carried(), real.conflict());
  }

  static List<PreviewItem> items(Snapshots snapshots, Snapshots masked,
      PromotableProperty kind, Set<PromotableProperty> scope, Function<String, String> shown) {
    SortedMap<String, String> source = snapshots.source().properties(kind);
    SortedMap<String, String> target = snapshots.target().properties(kind);
    SortedMap<String, String> after = snapshots.after().properties(kind);
    Optional<SortedMap<String, String>> base = snapshots.base().map(s -> s.properties(kind));
    boolean natural = source.comparator() == null && target.comparator() == null
        && after.comparator() == null && base.map(m -> m.comparator() == null).orElse(true);
    if (!natural) {
      return itemsByLookup(source, target, after, base, masked, kind, scope, shown);
    }
    // The maps are sorted alike: one walk over all of them in key order visits the keys in the
    // order of their union, each value at hand, with no look-up per key.
    Cursor sources = new Cursor(source);
    Cursor targets = new Cursor(target);
    // the after files' map is often the source's or the target's own (a snapshot read from the
    // same files is shared): its values are then theirs, with no walk of its own
    boolean afterIsSource = after == source;
    boolean afterIsTarget = !afterIsSource && after == target;
    Cursor afters = afterIsSource || afterIsTarget ? null : new Cursor(after);
    Cursor bases = new Cursor(base.orElse(Collections.emptySortedMap()));
    // a masked map that is the real one (nothing masked) shows the real values: no look-up
    SortedMap<String, String> maskedSource = masked == null ? null
        : masked.source().properties(kind);
    SortedMap<String, String> maskedTarget = masked == null ? null
        : masked.target().properties(kind);
    SortedMap<String, String> maskedAfter = masked == null ? null
        : masked.after().properties(kind);
    List<PreviewItem> out = new ArrayList<>();
    while (true) {
      String key = Cursor.least(sources.key(),
          afters == null ? targets.key() : Cursor.least(targets.key(), afters.key()));
      if (key == null) {
        return out;
      }
      String sourceValue = sources.take(key);
      String targetValue = targets.take(key);
      String afterValue = afterIsSource ? sourceValue : afterIsTarget ? targetValue
          : afters.take(key);
      if (Objects.equals(sourceValue, targetValue) && Objects.equals(targetValue, afterValue)) {
        // equal values show alike: the promotion leaves the item as it is and the source has
        // it as the target does, so it is not listed (most items of a values file); the base
        // cursor only ever moves forward, so it need not stop at this key
        continue;
      }
      String baseValue = bases.seek(key);
      PreviewItem item = item(key, shown(sourceValue, shown), shown(targetValue, shown),
          shown(afterValue, shown), base.isPresent(), shown(baseValue, shown),
          scope.contains(kind));
      if (interesting(item)) {
        out.add(masked == null ? item : shownAs(item,
            maskedSource == source ? item.source().orElse(null)
                : shown(maskedSource, key, shown),
            maskedTarget == target ? item.target().orElse(null)
                : shown(maskedTarget, key, shown),
            maskedAfter == after ? item.after().orElse(null) : shown(maskedAfter, key, shown)));
      }
    }
  }

  private static List<PreviewItem> itemsByLookup(SortedMap<String, String> source,
      SortedMap<String, String> target, SortedMap<String, String> after,
      Optional<SortedMap<String, String>> base, Snapshots masked, PromotableProperty kind,
      Set<PromotableProperty> scope, Function<String, String> shown) {
    TreeSet<String> keys = new TreeSet<>(source.keySet());
    keys.addAll(target.keySet());
    keys.addAll(after.keySet());
    List<PreviewItem> out = new ArrayList<>();
    for (String key : keys) {
      PreviewItem item = item(key, shown(source, key, shown), shown(target, key, shown),
          shown(after, key, shown), base.isPresent(),
          base.map(map -> shown(map, key, shown)).orElse(null), scope.contains(kind));
      if (interesting(item)) {
        out.add(masked == null ? item : shownAs(item,
            shown(masked.source().properties(kind), key, shown),
            shown(masked.target().properties(kind), key, shown),
            shown(masked.after().properties(kind), key, shown)));
      }
    }
    return out;
  }

  // null values mean "absent"; hasBase says whether a base was given at all
  private static PreviewItem item(String key, String source, String target, String after,
      boolean hasBase, String base, boolean carried) {
    PreviewAction action = PreviewAction.between(target, after);
    boolean conflict = hasBase && action != PreviewAction.NO_CHANGE
        && !Objects.equals(base, target);
    return new PreviewItem(key, Optional.ofNullable(source), Optional.ofNullable(target),
        Optional.ofNullable(after), action, carried, conflict);
  }

  private static String shown(Map<String, String> map, String key,
      Function<String, String> shown) {
    return shown(map.get(key), shown);
  }

  private static String shown(String value, Function<String, String> shown) {
    return value == null ? null : shown.apply(value);
  }

  private static boolean interesting(PreviewItem item) {
    return item.changed() || !item.source().equals(item.target());
  }

  private static int changed(List<PreviewItem> items) {
    int changed = 0;
    for (PreviewItem item : items) {
      changed += item.changed() ? 1 : 0;
    }
    return changed;
  }

  static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(hash, 0, 6) + " (" + FileDiffs.lineCount(text)
          + " lines)";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
