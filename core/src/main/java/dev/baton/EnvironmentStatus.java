package dev.baton;

import dev.baton.model.BreakGlass;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Freeze;
import java.util.Optional;

/**
 * Whether deployments into an environment are held right now. Immutable.
 *
 * @param environment the environment
 * @param freeze the freeze in force, if any
 * @param breakGlass the open break-glass session, if any
 */
public record EnvironmentStatus(
    EnvironmentName environment, Optional<Freeze> freeze, Optional<BreakGlass> breakGlass) {

  /** Whether a deployment into the environment would be held. */
  public boolean deploymentsHeld() {
    return freeze.isPresent() && breakGlass.isEmpty();
  }
}
