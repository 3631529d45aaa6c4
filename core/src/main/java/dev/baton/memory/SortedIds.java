package dev.baton.memory;

import dev.baton.model.PromotionId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Every id the in-memory store holds, in id order, for {@code findIdsByPrefix}. Ids are only
 * added, never removed. Not thread-safe: the store calls it with its lock held.
 *
 * <p>New ids wait in a batch; a full batch (or a look-up) sorts it into a run, an array in id
 * order, of level 0. When {@value #FAN_IN} runs of one level are there, they are merged in one
 * pass into a run of the next level (as a tiered log-structured merge keeps its runs), so each
 * id is copied once per level, about log8(size / batch) times, and there are at most
 * {@value #FAN_IN} - 1 runs per level. Runs merged two at a time whenever the newest grew as
 * large as the one before it (as Timsort keeps them) copied each id about 1.44 log2(size /
 * batch) times, four times as often at 100,000 ids (where the merges were half of what the set
 * cost a lifecycle, in a profile). A merge compares the heads of all its runs for each id it
 * takes (more comparisons than pairwise, fewer copies; the copies were the cost). A look-up
 * searches each run for the prefix, up to {@value #FAN_IN} - 1 per level (short-id look-ups
 * are rare next to adds). Each id is kept
 * with its first 18 characters packed into two {@code long}s in the order {@link
 * String#compareTo} gives them (ids are ASCII), so that sorting, merging and searching compare
 * numbers in arrays, not strings all over the heap; only ids whose first 18 characters are equal
 * compare their text. A sorted tree of the ids did the same work with a cache miss per level: a
 * random id lands anywhere in it.
 */
final class SortedIds {
  /** How many new ids wait before they are sorted together. */
  static final int BATCH = 512;
  /** How many runs of one level are merged into one of the next. */
  static final int FAN_IN = 8;
  private static final int CHARS_PER_KEY = 9;

  private final PromotionId[] batch = new PromotionId[BATCH];
  private int batched;
  // runs, oldest (highest level) first: the levels never rise from one run to the next
  private final List<Run> runs = new ArrayList<>();

  /** Adds an id that is not here yet. */
  void add(PromotionId id) {
    batch[batched++] = id;
    if (batched == BATCH) {
      flush();
    }
  }

  /**
   * The first ids in id order that start with {@code prefix}, at most {@code limit}: an
   * unmodifiable list.
   */
  List<PromotionId> firstByPrefix(String prefix, int limit) {
    flush();
    long k0 = key(prefix, 0);
    long k1 = key(prefix, CHARS_PER_KEY);
    List<PromotionId> found = new ArrayList<>();
    for (Run run : runs) {
      int taken = 0;
      for (int i = run.lowerBound(k0, k1, prefix); i < run.size() && taken < limit; i++) {
        PromotionId id = run.ids[i];
        if (!id.value().startsWith(prefix)) {
          break;
        }
        found.add(id);
        taken++;
      }
    }
    if (runs.size() > 1) {
      found.sort(null);
    }
    return Collections.unmodifiableList(
        found.size() > limit ? new ArrayList<>(found.subList(0, limit)) : found);
  }

  /** Sorts the waiting ids into a run and merges the runs of a level that is now full. */
  private void flush() {
    if (batched == 0) {
      return;
    }
    Run run = Run.sorted(Arrays.copyOf(batch, batched));
    Arrays.fill(batch, 0, batched, null);
    batched = 0;
    runs.add(run);
    // the newest FAN_IN runs of one level are the last ones, since levels never rise towards
    // the newest; a merge may fill the level above in turn
    while (runs.size() >= FAN_IN) {
      int first = runs.size() - FAN_IN;
      int level = runs.get(runs.size() - 1).level;
      if (runs.get(first).level != level) {
        break;
      }
      List<Run> full = runs.subList(first, runs.size());
      Run merged = Run.merge(full.toArray(new Run[0]), level + 1);
      full.clear();
      runs.add(merged);
    }
  }

  /**
   * The nine characters of {@code s} from index {@code from} on, 7 bits each, the first highest,
   * 0 past the end: for ASCII text without NUL, comparing the keys from 0 (and on equal keys
   * those from 9) orders as {@link String#compareTo} does, up to equal keys.
   */
  static long key(String s, int from) {
    long key = 0;
    int end = Math.min(s.length(), from + CHARS_PER_KEY);
    for (int i = from; i < from + CHARS_PER_KEY; i++) {
      key = (key << 7) | (i < end ? s.charAt(i) & 0x7f : 0);
    }
    return key;
  }

  /**
   * Ids in id order with their keys, and the merge depth: 0 for a sorted batch, one more than
   * its parts for a merge.
   */
  private static final class Run {
    final PromotionId[] ids;
    final long[] k0;
    final long[] k1;
    final int level;

    private Run(int size, int level) {
      this.ids = new PromotionId[size];
      this.k0 = new long[size];
      this.k1 = new long[size];
      this.level = level;
    }

    int size() {
      return ids.length;
    }

    /** The ids in a run of level 0. */
    static Run sorted(PromotionId[] unsorted) {
      Keyed[] keyed = new Keyed[unsorted.length];
      for (int i = 0; i < unsorted.length; i++) {
        String v = unsorted[i].value();
        keyed[i] = new Keyed(key(v, 0), key(v, CHARS_PER_KEY), unsorted[i]);
      }
      Arrays.sort(keyed, (a, b) -> compare(a.k0, a.k1, a.id, b.k0, b.k1, b.id));
      Run run = new Run(keyed.length, 0);
      for (int i = 0; i < keyed.length; i++) {
        run.ids[i] = keyed[i].id;
        run.k0[i] = keyed[i].k0;
        run.k1[i] = keyed[i].k1;
      }
      return run;
    }

    /**
     * The runs' ids in one run, in one pass: the smallest of the runs' next ids is taken each
     * time, found by looking at each (there are {@value SortedIds#FAN_IN}). No id is in two runs.
     */
    static Run merge(Run[] parts, int level) {
      int n = 0;
      for (Run part : parts) {
        n += part.size();
      }
      Run m = new Run(n, level);
      int[] next = new int[parts.length];
      for (int o = 0; o < n; o++) {
        int from = -1;
        for (int r = 0; r < parts.length; r++) {
          Run part = parts[r];
          int at = next[r];
          if (at < part.size() && (from < 0 || compare(part.k0[at], part.k1[at], part.ids[at],
              parts[from].k0[next[from]], parts[from].k1[next[from]],
              parts[from].ids[next[from]]) < 0)) {
            from = r;
          }
        }
        Run part = parts[from];
        int at = next[from]++;
        m.ids[o] = part.ids[at];
        m.k0[o] = part.k0[at];
        m.k1[o] = part.k1[at];
      }
      return m;
    }

    /** The index of the first id not before the text whose keys are given. */
    int lowerBound(long k0, long k1, String text) {
      int low = 0;
      int high = size();
      while (low < high) {
        int middle = (low + high) >>> 1;
        int c = this.k0[middle] != k0 ? Long.compare(this.k0[middle], k0)
            : this.k1[middle] != k1 ? Long.compare(this.k1[middle], k1)
            : ids[middle].value().compareTo(text);
        if (c < 0) {
          low = middle + 1;
        } else {
          high = middle;
        }
      }
      return low;
    }

    // keys hold 63 bits, so a signed comparison orders them; the ids' text only on equal keys
    private static int compare(long a0, long a1, PromotionId a, long b0, long b1,
        PromotionId b) {
      if (a0 != b0) {
        return a0 < b0 ? -1 : 1;
      }
      if (a1 != b1) {
        return a1 < b1 ? -1 : 1;
      }
      return a.value().compareTo(b.value());
    }
  }

  private record Keyed(long k0, long k1, PromotionId id) {}
}
