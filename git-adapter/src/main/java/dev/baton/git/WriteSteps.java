package dev.baton.git;

/**
 * Test seam: told as a direct write passes each of its durable steps, so that a test can stop
 * the write right there (by throwing), as a {@code kill -9} would, and check what a retry does.
 */
@FunctionalInterface
interface WriteSteps {
  /** Does nothing. */
  WriteSteps NONE = step -> { };

  /** The steps, in the order a write passes them. */
  enum Step {
    /** Blobs, trees and the commit are in the object database; no ref has moved. */
    COMMIT_BUILT,
    /** The branch holds the new commit; its marker is not recorded yet. */
    BRANCH_MOVED,
    /** The marker holds the new commit; the watermark has not moved. */
    MARKER_RECORDED,
    /** A missing marker of an earlier commit (another writer's crash) was just recorded. */
    MISSING_MARKER_RECORDED,
    /** Every commit below the new one has its marker; the watermark is about to move. */
    MARKERS_CHECKED,
    /** The watermark holds the new commit: the write is complete. */
    WATERMARK_MOVED
  }

  /** Called as a write passes {@code step}. */
  void reached(Step step);
}
