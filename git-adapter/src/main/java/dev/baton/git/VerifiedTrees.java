package dev.baton.git;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The folder trees a writer has already checked against the folder rules (no symbolic link, no
 * submodule, every path inside): a tree id names its content, so a tree checked once never needs
 * listing again. Keeps the most recently used few. Thread-safe.
 */
final class VerifiedTrees {
  private final Map<ObjectId, Boolean> trees;

  VerifiedTrees(int capacity) {
    this.trees = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ObjectId, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized boolean contains(ObjectId tree) {
    return trees.containsKey(tree);
  }

  synchronized void add(ObjectId tree) {
    trees.put(tree.copy(), Boolean.TRUE);
  }
}
