package dev.baton.preview;

import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.ChangeDelta;
import com.github.difflib.patch.Chunk;
import com.github.difflib.patch.DeleteDelta;
import com.github.difflib.patch.InsertDelta;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;

/**
 * The line diff of two texts in one linear pass, when only one shortest diff exists: every
 * removed line's text is absent from the new lines and every added line's text is absent from
 * the old ones. Then a common subsequence can use only the lines both sides keep, so the kept
 * lines, matched in order, are the one longest common subsequence, and every shortest-diff
 * algorithm (Myers among them) removes and adds exactly these lines. A promotion's edits change
 * a few values in place, which almost always leaves such a diff; when it does not, the caller
 * runs Myers. Stateless and thread-safe.
 */
final class UniqueLineDiff {
  private static final int IN_OLD = 1;
  private static final int IN_NEW = 2;

  private UniqueLineDiff() {}

  /**
   * The patch from {@code oldLines} to {@code newLines}, one delta per run of changed lines
   * (a change, a deletion or an insertion), or null when this pass cannot show that the diff
   * is the only shortest one.
   */
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
    Sides sides = new Sides(oldLines.size() + newLines.size());
    // each line's slot, kept so that the walk asks the table without hashing or probing again
    int[] oldSlots = new int[oldLines.size()];
    int[] newSlots = new int[newLines.size()];
    for (int k = 0; k < oldSlots.length; k++) {
      oldSlots[k] = sides.add(oldLines.get(k), IN_OLD);
    }
    for (int k = 0; k < newSlots.length; k++) {
      newSlots[k] = sides.add(newLines.get(k), IN_NEW);
    }
    int i = prefix;
    int j = prefix;
    int runOld = -1;
    int runNew = -1;
    while (i < oldEnd || j < newEnd) {
      if (i < oldEnd && j < newEnd && oldLines.get(i).equals(newLines.get(j))) {
        if (runOld >= 0) {
          patch.addDelta(delta(oldLines, runOld, i, newLines, runNew, j));
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
      if (i < oldEnd && (sides.at(oldSlots[i]) & IN_NEW) == 0) {
        i++;
      } else if (j < newEnd && (sides.at(newSlots[j]) & IN_OLD) == 0) {
        j++;
      } else {
        return null;
      }
    }
    if (runOld >= 0) {
      patch.addDelta(delta(oldLines, runOld, oldEnd, newLines, runNew, newEnd));
    }
    return patch;
  }

  /**
   * The sides each text occurs on: an open-addressing table of the distinct texts (linear
   * probing, at most half full), which holds a file's lines without an entry object or a boxed
   * value per line. Each slot keeps its text's hash, so that a probe passing another text
   * compares two ints instead of reading that text.
   */
  private static final class Sides {
    private final String[] texts;
    private final int[] hashes;
    private final byte[] sides;
    private final int mask;

    Sides(int lines) {
      int capacity = Integer.highestOneBit(Math.max(2, lines) * 2 - 1) << 1;
      texts = new String[capacity];
      hashes = new int[capacity];
      sides = new byte[capacity];
      mask = capacity - 1;
    }

    /** Adds the side to the text's slot, and returns the slot. */
    int add(String text, int side) {
      int h = text.hashCode();
      int slot = (h ^ (h >>> 16)) & mask;
      String there;
      while ((there = texts[slot]) != null && (hashes[slot] != h || !there.equals(text))) {
        slot = (slot + 1) & mask;
      }
      if (there == null) {
        texts[slot] = text;
        hashes[slot] = h;
      }
      sides[slot] |= (byte) side;
      return slot;
    }

    // the sides of the text in a slot add returned
    int at(int slot) {
      return sides[slot];
    }
  }

  static AbstractDelta<String> delta(List<String> oldLines, int oldFrom, int oldTo,
      List<String> newLines, int newFrom, int newTo) {
    Chunk<String> source = new Chunk<>(oldFrom, new ArrayList<>(oldLines.subList(oldFrom, oldTo)));
    Chunk<String> target = new Chunk<>(newFrom, new ArrayList<>(newLines.subList(newFrom, newTo)));
    if (source.size() == 0) {
      return new InsertDelta<>(source, target);
    }
    return target.size() == 0 ? new DeleteDelta<>(source, target)
        : new ChangeDelta<>(source, target);
  }
}
