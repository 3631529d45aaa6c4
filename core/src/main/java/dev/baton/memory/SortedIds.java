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
 * order, and runs are merged so that each is larger than the next two together (as Timsort keeps
 * them): there are at most about 1.44 log2(size / batch) runs, and each id is copied about as
 * often. A look-up searches each run for the prefix. Each id is kept with its first 18
 * characters packed into two {@code long}s in the order {@link String#compareTo} gives them (ids
 * are ASCII), so that sorting, merging and searching compare numbers in arrays, not strings all
 * over the heap; only ids whose first 18 characters are equal compare their text. A sorted tree
 * of the ids did the same work with a cache miss per level: a random id lands anywhere in it.
 */
final class SortedIds {
  /** How many new ids wait before they are sorted together. */
  static final int BATCH = 512;
  private static final int CHARS_PER_KEY = 9;

  private final PromotionId[] batch = new PromotionId[BATCH];
  private int batched;
  // runs, oldest (largest) first
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

  /** Sorts the waiting ids into a run and merges the runs that are now too small. */
  private void flush() {
    if (batched == 0) {
      return;
    }
    Run run = Run.sorted(Arrays.copyOf(batch, batched));
    Arrays.fill(batch, 0, batched, null);
    batched = 0;
    runs.add(run);
    // as Timsort keeps its runs: each run larger than the next, and than the next two together,
    // so that the sizes grow at least as Fibonacci numbers do from the newest to the oldest
    while (runs.size() > 1) {
      int n = runs.size();
      long newest = runs.get(n - 1).size();
      long before = runs.get(n - 2).size();
      if (n > 2 && runs.get(n - 3).size() <= before + newest) {
        runs.set(n - 3, Run.merge(runs.get(n - 3), runs.remove(n - 2)));
      } else if (before <= newest) {
        runs.set(n - 2, Run.merge(runs.get(n - 2), runs.remove(n - 1)));
      } else {
        break;
      }
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

  /** Ids in id order with their keys. */
  private static final class Run {
    final PromotionId[] ids;
    final long[] k0;
    final long[] k1;

    private Run(PromotionId[] ids, long[] k0, long[] k1) {
      this.ids = ids;
      this.k0 = k0;
      this.k1 = k1;
    }

    int size() {
      return ids.length;
    }

    static Run sorted(PromotionId[] unsorted) {
      Keyed[] keyed = new Keyed[unsorted.length];
      for (int i = 0; i < unsorted.length; i++) {
        String v = unsorted[i].value();
        keyed[i] = new Keyed(key(v, 0), key(v, CHARS_PER_KEY), unsorted[i]);
      }
      Arrays.sort(keyed, (a, b) -> compare(a.k0, a.k1, a.id, b.k0, b.k1, b.id));
      Run run = new Run(new PromotionId[keyed.length], new long[keyed.length],
          new long[keyed.length]);
      for (int i = 0; i < keyed.length; i++) {
        run.ids[i] = keyed[i].id;
        run.k0[i] = keyed[i].k0;
        run.k1[i] = keyed[i].k1;
      }
      return run;
    }

    static Run merge(Run a, Run b) {
      int n = a.size() + b.size();
      Run m = new Run(new PromotionId[n], new long[n], new long[n]);
      int i = 0;
      int j = 0;
      for (int o = 0; o < n; o++) {
        boolean fromA = j == b.size() || (i < a.size()
            && compare(a.k0[i], a.k1[i], a.ids[i], b.k0[j], b.k1[j], b.ids[j]) < 0);
        Run from = fromA ? a : b;
        int at = fromA ? i++ : j++;
        m.ids[o] = from.ids[at];
        m.k0[o] = from.k0[at];
        m.k1[o] = from.k1[at];
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
