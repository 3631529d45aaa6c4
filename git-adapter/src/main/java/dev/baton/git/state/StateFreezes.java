package dev.baton.git.state;

import dev.baton.error.Arguments;
import dev.baton.git.state.internal.StateLayout;
import dev.baton.model.BreakGlass;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Freeze;
import dev.baton.model.ProjectId;
import dev.baton.spi.FreezeStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@link FreezeStore} port of {@link GitStateStore}: freezes and break-glass sessions per
 * environment. Thread-safe (the state ref serialises calls).
 */
final class StateFreezes implements FreezeStore {
  private final StateRef stateRef;

  StateFreezes(StateRef stateRef) {
    this.stateRef = stateRef;
  }

  @Override
  public Optional<Freeze> freeze(ProjectId project, EnvironmentName environment) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    return stateRef.read(state -> state.freeze(project, environment));
  }

  @Override
  public void putFreeze(Freeze freeze) {
    Arguments.notNull(freeze, "freeze");
    byte[] json = StateChange.document(freeze);
    stateRef.mutate(state -> StateChange.commit(null, "freeze " + freeze.project() + "/"
        + freeze.environment() + " by " + freeze.by() + ": " + freeze.reason())
        .put(StateLayout.freezePath(freeze.project(), freeze.environment()), json, freeze));
  }

  @Override
  public void removeFreeze(ProjectId project, EnvironmentName environment) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    stateRef.mutate(state -> state.freeze(project, environment).isEmpty()
        ? StateChange.answer(null)
        : StateChange.commit(null, "unfreeze " + project + "/" + environment)
            .delete(StateLayout.freezePath(project, environment)));
  }

  @Override
  public void addBreakGlass(BreakGlass session) {
    Arguments.notNull(session, "break-glass session");
    byte[] json = StateChange.document(session);
    stateRef.mutate(state -> {
      int seq = state.nextSessionSequence(session.project(), session.environment());
      String path = StateLayout.breakGlassDir(session.project(), session.environment()) + "/"
          + StateLayout.sessionName(seq, session.startedAt()) + ".json";
      return StateChange.commit(null, "break-glass " + session.project() + "/"
          + session.environment() + " by " + session.by() + " until " + session.until() + ": "
          + session.reason())
          .put(path, json, session);
    });
  }

  @Override
  public List<BreakGlass> breakGlassSessions(ProjectId project, EnvironmentName environment) {
    Arguments.notNull(project, "project");
    Arguments.notNull(environment, "environment");
    return stateRef.read(state -> state.sessions(project, environment).values().stream()
        .sorted(Comparator.comparing(BreakGlass::startedAt)) // stable: ties keep file order
        .toList());
  }
}
