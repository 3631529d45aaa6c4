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
 *
 * <p>The store keeps at most one freeze per project and environment, and every break-glass session
 * ever recorded; it never looks at a clock. Whether a freeze is in force, and whether a session
 * lets a write or a deploy through, is decided by the engine from the times the values carry. The
 * engine reads both before an execution writes, before it deploys, on a manual deploy and for
 * {@code Environments.status}; it writes through {@code Environments.freeze}, {@code unfreeze}
 * and {@code breakGlass} only. Each method is atomic on its own; no method needs to be atomic
 * with another. Failures are {@link dev.baton.error.BatonException}s ({@code BACKEND_FAILURE},
 * {@code STORE_CORRUPT}) that reach the caller; calls may block on I/O. {@code FreezeStoreContract}
 * in {@code baton-testkit} states the contract.
 *
 * @since 0.1
 */
public interface FreezeStore {

  /**
   * The environment's freeze, active or scheduled, if any.
   *
   * <p>A freeze whose end has passed may still be answered; the engine ignores it.
   *
   * @param project the project
   * @param environment the environment
   * @return the stored freeze, whole, or empty when the environment has none
   * @since 0.1
   */
  Optional<Freeze> freeze(ProjectId project, EnvironmentName environment);

  /**
   * Sets (or replaces) the environment's freeze.
   *
   * <p>The freeze names its project and environment; a second freeze of the same environment
   * replaces the first. Break-glass sessions are not touched.
   *
   * @param freeze the freeze to keep
   * @since 0.1
   */
  void putFreeze(Freeze freeze);

  /**
   * Lifts the environment's freeze; a no-op if it has none.
   *
   * <p>Only that project's environment is lifted; its break-glass sessions stay recorded.
   *
   * @param project the project
   * @param environment the environment
   * @since 0.1
   */
  void removeFreeze(ProjectId project, EnvironmentName environment);

  /**
   * Records a break-glass session.
   *
   * <p>Sessions are only ever added: they are the audit trail of who let what through a freeze,
   * and outlive the freeze they broke.
   *
   * @param session the session, naming its project and environment
   * @since 0.1
   */
  void addBreakGlass(BreakGlass session);

  /**
   * Every break-glass session recorded for the environment, oldest first.
   *
   * <p>Oldest means earliest {@link BreakGlass#startedAt()}, whatever order they were recorded
   * in; the in-memory store keeps sessions that start at the same instant in the order recorded.
   *
   * @param project the project
   * @param environment the environment
   * @return the sessions, possibly empty; an immutable list
   * @since 0.1
   */
  List<BreakGlass> breakGlassSessions(ProjectId project, EnvironmentName environment);
}
