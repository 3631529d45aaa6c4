package dev.baton.preview;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.algorithm.myers.MyersDiffWithLinearSpace;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link UniqueLineDiff} against java-diff-utils' linear-space Myers, which the preview ran on
 * every file before: on random texts and random edit sets (changed, removed and added runs,
 * adjacent ones, ones a few lines apart so that their hunks merge or not, at either end, with
 * and without a last line break), whenever the linear pass answers, its unified diff (removals
 * first, as the preview shows it) and its counts are those of Myers.
 */
class UniqueLineDiffProperties {
  private static final int CONTEXT = 3;

  /** An old text and the new text its edits make. */
  record Case(String before, String after) {
    @Override
    public String toString() {
      return "before:\n" + before + "\nafter:\n" + after;
    }
  }

  private static final Gen<Case> CASES = Gen.of(UniqueLineDiffProperties::draw);

  private static Case draw(Randomness random) {
    // a small pool repeats lines (the pass must then give way to Myers), a large one rarely
    int pool = random.nextBoolean() ? random.nextInt(2, 6) : random.nextInt(20, 400);
    int size = random.nextInt(0, 40);
    List<String> before = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      before.add(line(random, pool));
    }
    List<String> after = new ArrayList<>();
    int at = 0;
    while (at < before.size() || random.nextInt(0, 3) == 0) {
      // keep a gap around the context size, so hunks sometimes merge and sometimes not
      int keep = random.nextInt(0, 3) == 0 ? 0 : random.nextInt(0, 2 * CONTEXT + 3);
      for (int k = 0; k < keep && at < before.size(); k++) {
        after.add(before.get(at++));
      }
      int removed = Math.min(random.nextInt(0, 3), before.size() - at);
      at += removed;
      int added = random.nextInt(removed == 0 ? 1 : 0, 3);
      for (int k = 0; k < added; k++) {
        // mostly a value never seen (an edited value), sometimes one of the pool
        after.add(random.nextInt(0, 4) == 0 ? line(random, pool)
            : "  key" + random.nextInt(0, 9) + ": new-" + random.nextInt(0, 1_000_000));
      }
      if (at >= before.size() && random.nextBoolean()) {
        break;
      }
    }
    return new Case(text(before, random.nextInt(0, 5) > 0), text(after, random.nextInt(0, 5) > 0));
  }

  private static String line(Randomness random, int pool) {
    return "  key" + random.nextInt(0, pool) % 10 + ": value-" + random.nextInt(0, pool);
  }

  private static String text(List<String> lines, boolean lastBreak) {
    String text = String.join("\n", lines);
    return lines.isEmpty() ? "" : lastBreak ? text + "\n" : text;
  }

  @Test
  void sameDiffAsMyersWheneverItAnswers() {
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger cases = new AtomicInteger();
    Property.forAll(CASES).runs(3_000).verify(c -> {
      cases.incrementAndGet();
      List<String> oldLines = FileDiffs.lines(c.before());
      List<String> newLines = FileDiffs.lines(c.after());
      Patch<String> fast = UniqueLineDiff.of(oldLines, newLines);
      if (fast == null) {
        return;
      }
      answered.incrementAndGet();
      Patch<String> myers = DiffUtils.diff(new ArrayList<>(oldLines), new ArrayList<>(newLines),
          new MyersDiffWithLinearSpace<String>());
      assertThat(shown(oldLines, fast)).isEqualTo(shown(oldLines, myers));
      assertThat(counts(fast)).isEqualTo(counts(myers));
    });
    // the property says something only if the pass answers often
    assertThat(answered.get()).as("cases answered by the linear pass of %s", cases.get())
        .isGreaterThan(cases.get() / 4);
  }

  @Test
  void identicalTextsHaveNoDeltas() {
    List<String> lines = FileDiffs.lines("a: 1\nb: 2\n");
    assertThat(UniqueLineDiff.of(lines, new ArrayList<>(lines)).getDeltas()).isEmpty();
  }

  @Test
  void aRemovedLineEqualToAKeptOneIsLeftToMyers() {
    // either 'a' could be the one removed: more than one shortest diff
    assertThat(UniqueLineDiff.of(List.of("a", "a", "b"), List.of("a", "b"))).isNull();
    assertThat(UniqueLineDiff.of(List.of("x", "a"), List.of("a", "y"))).isNotNull();
  }

  @Test
  void answersAsTheHashMapPassItReplaced() {
    AtomicInteger answered = new AtomicInteger();
    Property.forAll(CASES).runs(3_000).verify(c -> {
      List<String> oldLines = FileDiffs.lines(c.before());
      List<String> newLines = FileDiffs.lines(c.after());
      Patch<String> expected = Reference.of(oldLines, newLines);
      Patch<String> actual = UniqueLineDiff.of(oldLines, newLines);
      assertThat(actual == null).isEqualTo(expected == null);
      if (expected != null) {
        answered.incrementAndGet();
        assertThat(actual.getDeltas()).isEqualTo(expected.getDeltas());
      }
    });
    assertThat(answered.get()).isGreaterThan(3_000 / 4);
  }

  /** The pass as it was before its table of sides: a hash map of boxed sides. */
  private static final class Reference {
    private static final int IN_OLD = 1;
    private static final int IN_NEW = 2;

    static Patch<String> of(List<String> oldLines, List<String> newLines) {
      int oldEnd = oldLines.size();
      int newEnd = newLines.size();
      int prefix = 0;
      while (prefix < oldEnd && prefix < newEnd
          && oldLines.get(prefix).equals(newLines.get(prefix))) {
        prefix++;
      }
      while (oldEnd > prefix && newEnd > prefix
          && oldLines.get(oldEnd - 1).equals(newLines.get(newEnd - 1))) {
        oldEnd--;
        newEnd--;
      }
      Patch<String> patch = new Patch<>();
      if (prefix == oldEnd && prefix == newEnd) {
        return patch;
      }
      // which side each text occurs on, over all lines (a kept line's text counts too: a removed
      // line equal to it could have been the one kept)
      Map<String, Integer> sides = new HashMap<>(2 * (oldLines.size() + newLines.size()));
      for (String line : oldLines) {
        sides.put(line, IN_OLD);
      }
      for (String line : newLines) {
        sides.merge(line, IN_NEW, (a, b) -> a | b);
      }
      int i = prefix;
      int j = prefix;
      int runOld = -1;
      int runNew = -1;
      while (i < oldEnd || j < newEnd) {
        if (i < oldEnd && j < newEnd && oldLines.get(i).equals(newLines.get(j))) {
          if (runOld >= 0) {
            patch.addDelta(UniqueLineDiff.delta(oldLines, runOld, i, newLines, runNew, j));
            runOld = -1;
          }
          i++;
          j++;
          continue;
        }
        if (runOld < 0) {
          runOld = i;
          runNew = j;
        }
        if (i < oldEnd && (sides.get(oldLines.get(i)) & IN_NEW) == 0) {
          i++;
        } else if (j < newEnd && (sides.get(newLines.get(j)) & IN_OLD) == 0) {
          j++;
        } else {
          return null;
        }
      }
      if (runOld >= 0) {
        patch.addDelta(UniqueLineDiff.delta(oldLines, runOld, oldEnd, newLines, runNew, newEnd));
      }
      return patch;
    }
  }

  private static List<String> shown(List<String> oldLines, Patch<String> patch) {
    return FileDiffs.removalsFirst(UnifiedDiffUtils.generateUnifiedDiff("a/values.yaml",
        "b/values.yaml", oldLines, patch, CONTEXT));
  }

  private static List<Integer> counts(Patch<String> patch) {
    int added = 0;
    int removed = 0;
    for (AbstractDelta<String> delta : patch.getDeltas()) {
      added += delta.getTarget().size();
      removed += delta.getSource().size();
    }
    return List.of(added, removed);
  }
}
