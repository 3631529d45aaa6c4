package dev.baton.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.model.PromotionId;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link SortedIds} against a {@link TreeSet} of the same ids: engine-style ids, short ids that
 * are prefixes of each other, ids longer than the packed keys that differ only after them, with
 * look-ups between the additions (which sort partial batches into small runs).
 */
class SortedIdsTest {
  private static final String CHARS =
      "-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

  @Test
  void answersAsASortedSetDoes() {
    for (long seed = 1; seed <= 3; seed++) {
      answersAsASortedSetDoes(seed, 12_000, 700);
    }
  }

  /**
   * Enough ids for merges of merged runs: 8 batches make a run of level 1, 64 one of level 2,
   * 512 one of level 3 (262,144 ids), with few look-ups so that most runs are full batches.
   */
  @Test
  void answersAsASortedSetDoesAcrossSeveralLevels() {
    answersAsASortedSetDoes(4, 300_000, 40_000);
  }

  private static void answersAsASortedSetDoes(long seed, int steps, int lookUpEvery) {
    Random random = new Random(seed);
    SortedIds ids = new SortedIds();
    NavigableSet<PromotionId> expected = new TreeSet<>();
    List<String> added = new ArrayList<>();
    for (int step = 0; step < steps; step++) {
      String id = next(random, added);
      if (expected.add(PromotionId.of(id))) {
        ids.add(PromotionId.of(id));
        added.add(id);
      }
      if (random.nextInt(lookUpEvery) == 0 || step == steps - 1) {
        for (int q = 0; q < 20; q++) {
          String prefix = prefixOf(random, added);
          int limit = 1 + random.nextInt(random.nextBoolean() ? 5 : 1000);
          assertThat(ids.firstByPrefix(prefix, limit))
              .as("prefix %s, limit %d", prefix, limit)
              .isEqualTo(firstByPrefix(expected, prefix, limit));
        }
      }
    }
  }

  @Test
  void keysOrderAsTheTextDoes() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      String a = randomId(random, 1 + random.nextInt(30));
      String b = random.nextBoolean() ? randomId(random, 1 + random.nextInt(30))
          : a.substring(0, 1 + random.nextInt(a.length()));
      int byKeys = SortedIds.key(a, 0) != SortedIds.key(b, 0)
          ? Long.compare(SortedIds.key(a, 0), SortedIds.key(b, 0))
          : Long.compare(SortedIds.key(a, 9), SortedIds.key(b, 9));
      if (byKeys != 0) {
        assertThat(Integer.signum(byKeys)).as("%s vs %s", a, b)
            .isEqualTo(Integer.signum(a.compareTo(b)));
      } else {
        assertThat(a.substring(0, Math.min(18, a.length())))
            .isEqualTo(b.substring(0, Math.min(18, b.length())));
      }
    }
  }

  private static String next(Random random, List<String> added) {
    switch (random.nextInt(5)) {
      case 0:
        return randomId(random, 1 + random.nextInt(4));
      case 1:
        // same first 18 characters as another id, different after them
        if (!added.isEmpty()) {
          String base = added.get(random.nextInt(added.size()));
          if (base.length() >= 18) {
            StringBuilder tail = new StringBuilder(base.substring(0, 18));
            for (int i = random.nextInt(10); i >= 0; i--) {
              tail.append(CHARS.charAt(2 + random.nextInt(10)));
            }
            return tail.toString();
          }
        }
        return "p-" + UUID.randomUUID();
      default:
        return "p-" + UUID.randomUUID();
    }
  }

  private static String prefixOf(Random random, List<String> added) {
    if (added.isEmpty() || random.nextInt(4) == 0) {
      return randomId(random, 1 + random.nextInt(3));
    }
    String id = added.get(random.nextInt(added.size()));
    return id.substring(0, 1 + random.nextInt(id.length()));
  }

  private static String randomId(Random random, int length) {
    StringBuilder s = new StringBuilder();
    // a letter or digit first
    s.append(CHARS.charAt(2 + random.nextInt(CHARS.length() - 2)));
    while (s.length() < length) {
      char c = CHARS.charAt(random.nextInt(CHARS.length()));
      if (c == '.' && s.charAt(s.length() - 1) == '.') {
        continue;
      }
      s.append(c);
    }
    return s.charAt(0) == '_' ? "a" + s.substring(1) : s.toString();
  }

  private static List<PromotionId> firstByPrefix(NavigableSet<PromotionId> ids, String prefix,
      int limit) {
    List<PromotionId> first = new ArrayList<>();
    for (PromotionId id : ids.tailSet(PromotionId.of(prefix), true)) {
      if (first.size() == limit || !id.value().startsWith(prefix)) {
        break;
      }
      first.add(id);
    }
    return first;
  }
}
