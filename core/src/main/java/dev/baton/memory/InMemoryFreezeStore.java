package dev.baton.memory;

import dev.baton.error.Arguments;
import dev.baton.model.BreakGlass;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Freeze;
import dev.baton.model.ProjectId;
import dev.baton.spi.FreezeStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The in-memory {@link FreezeStore}: at most one freeze per environment, and every break-glass
 * session ever recorded. Passes {@code FreezeStoreContract}.
 *
 * <p>Thread-safe: every operation holds one lock. Sessions are listed oldest first by start time,
 * sessions starting at the same instant in the order recorded.
 *
 * @since 0.1
 */
public final class InMemoryFreezeStore implements FreezeStore {
  private final Object lock = new Object();
  private final Map<EnvironmentOf, Freeze> freezes = new HashMap<>();
  private final Map<EnvironmentOf, List<BreakGlass>> sessions = new HashMap<>();

  /**
   * An empty store.
   *
   * @since 0.1
   */
  public InMemoryFreezeStore() {}

  @Override
  public Optional<Freeze> freeze(ProjectId project, EnvironmentName environment) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    synchronized (lock) {
      // asked at every write and deploy, and mostly with nothing frozen: no key made then
      return freezes.isEmpty() ? Optional.empty()
          : Optional.ofNullable(freezes.get(new EnvironmentOf(project, environment)));
    }
  }

  @Override
  public void putFreeze(Freeze freeze) {
    Arguments.notNull(freeze, "freeze");
    EnvironmentOf key = EnvironmentOf.of(freeze.project(), freeze.environment());
    synchronized (lock) {
      freezes.put(key, freeze);
    }
  }

  @Override
  public void removeFreeze(ProjectId project, EnvironmentName environment) {
    EnvironmentOf key = EnvironmentOf.of(project, environment);
    synchronized (lock) {
      freezes.remove(key);
    }
  }

  @Override
  public void addBreakGlass(BreakGlass session) {
    Arguments.notNull(session, "break-glass session");
    EnvironmentOf key = EnvironmentOf.of(session.project(), session.environment());
    synchronized (lock) {
      sessions.computeIfAbsent(key, k -> new ArrayList<>()).add(session);
    }
  }

  @Override
  public List<BreakGlass> breakGlassSessions(ProjectId project, EnvironmentName environment) {
    EnvironmentOf key = EnvironmentOf.of(project, environment);
    List<BreakGlass> copy;
    synchronized (lock) {
      copy = new ArrayList<>(sessions.getOrDefault(key, List.of()));
    }
    // List.sort is stable, so sessions starting together keep the order they were recorded in.
    copy.sort(Comparator.comparing(BreakGlass::startedAt));
    return List.copyOf(copy);
  }

  private record EnvironmentOf(ProjectId project, EnvironmentName environment) {
    static EnvironmentOf of(ProjectId project, EnvironmentName environment) {
      return new EnvironmentOf(Arguments.notNull(project, "project"),
          Arguments.notNull(environment, "environment"));
    }
  }
}
