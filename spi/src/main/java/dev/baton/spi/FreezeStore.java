package dev.baton.spi;

import dev.baton.model.BreakGlass;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Freeze;
import dev.baton.model.ProjectId;
import java.util.List;
import java.util.Optional;

/**
 * Storage port for environment freezes and break-glass sessions. The engine decides what a freeze
 * holds; the store only keeps them. Thread-safe.
 */
public interface FreezeStore {

  /** The environment's freeze, active or scheduled, if any. */
  Optional<Freeze> freeze(ProjectId project, EnvironmentName environment);

  /** Sets (or replaces) the environment's freeze. */
  void putFreeze(Freeze freeze);

  /** Lifts the environment's freeze; a no-op if it has none. */
  void removeFreeze(ProjectId project, EnvironmentName environment);

  /** Records a break-glass session. */
  void addBreakGlass(BreakGlass session);

  /** Every break-glass session recorded for the environment, oldest first. */
  List<BreakGlass> breakGlassSessions(ProjectId project, EnvironmentName environment);
}
