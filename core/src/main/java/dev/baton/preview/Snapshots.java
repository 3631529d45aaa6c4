package dev.baton.preview;

import dev.baton.manifests.Snapshot;
import java.util.List;
import java.util.Optional;

/** The four snapshots a preview compares: the source, the target now and after, the base. */
record Snapshots(Snapshot source, Snapshot target, Snapshot after, Optional<Snapshot> base) {
  List<Snapshot> all() {
    return List.of(after, target, source);
  }
}
