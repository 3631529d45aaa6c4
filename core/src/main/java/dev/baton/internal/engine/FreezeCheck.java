package dev.baton.internal.engine;

import dev.baton.model.BreakGlass;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Freeze;
import dev.baton.model.ProjectId;
import dev.baton.spi.FreezeStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * Whether deployments (and, for a freeze that holds the write, writes) into an environment are
 * held right now: a freeze in force, unless a break-glass session is open.
 *
 * @param freeze the freeze in force, if any
 * @param breakGlass the open break-glass session that lets deployments through, if any
 */
public record FreezeCheck(Optional<Freeze> freeze, Optional<BreakGlass> breakGlass) {
  private static final FreezeCheck NOT_FROZEN = new FreezeCheck(Optional.empty(),
      Optional.empty());

  /** The check for an environment at an instant. */
  public static FreezeCheck of(FreezeStore store, ProjectId project, EnvironmentName env,
      Instant now) {
    Optional<Freeze> stored = store.freeze(project, env);
    // asked at every write and deploy, mostly of an environment not frozen: no filter's lambda
    // and no new check then
    if (stored.isEmpty() || !stored.get().activeAt(now)) {
      return NOT_FROZEN;
    }
    Optional<BreakGlass> session = store.breakGlassSessions(project, env).stream()
        .filter(b -> b.activeAt(now))
        .max(Comparator.comparing(BreakGlass::until));
    return new FreezeCheck(stored, session);
  }

  /** Deployments are held. */
  public boolean held() {
    return freeze.isPresent() && breakGlass.isEmpty();
  }

  /** Writes into the environment's folder are held (a freeze that holds the write). */
  public boolean writeHeld() {
    return held() && freeze.get().holdsWrite();
  }

  /** A break-glass session lets a write through that the freeze would hold. */
  public boolean writeUnderBreakGlass() {
    return freeze.isPresent() && freeze.get().holdsWrite() && breakGlass.isPresent();
  }
}
