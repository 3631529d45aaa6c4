package dev.baton;

import dev.baton.model.BreakGlass;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Freeze;
import java.util.Optional;

/**
 * Whether deployments into an environment are held right now. Immutable.
 *
 * <p>A snapshot taken by {@link Environments#status} at the engine's clock; it does not follow
 * later changes. Whether the freeze also holds the write is {@link Freeze#holdsWrite()}.
 *
 * @param environment the environment
 * @param freeze the freeze in force, if any
 * @param breakGlass the open break-glass session, if any
 * @since 0.1
 */
public record EnvironmentStatus(
    EnvironmentName environment, Optional<Freeze> freeze, Optional<BreakGlass> breakGlass) {

  /**
   * Whether a deployment into the environment would be held.
   *
   * @return {@code true} when a freeze is in force and no break-glass session is open
   * @since 0.1
   */
  public boolean deploymentsHeld() {
    return freeze.isPresent() && breakGlass.isEmpty();
  }
}
