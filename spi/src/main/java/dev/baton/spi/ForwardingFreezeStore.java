package dev.baton.spi;

import dev.baton.model.BreakGlass;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Freeze;
import dev.baton.model.ProjectId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A freeze store that forwards every call to another one: the base of a decorator (a cache,
 * metrics, an audit log) or of a test that overrides a method to inject a fault into an
 * otherwise real store. Thread-safe when the delegate is and the overrides are.
 *
 * @since 0.2
 */
public abstract class ForwardingFreezeStore implements FreezeStore {
  private final FreezeStore delegate;

  /**
   * Forwards to {@code delegate}.
   *
   * @since 0.2
   */
  protected ForwardingFreezeStore(FreezeStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The store calls are forwarded to.
   *
   * @since 0.2
   */
  protected FreezeStore delegate() {
    return delegate;
  }

  @Override
  public Optional<Freeze> freeze(ProjectId project, EnvironmentName environment) {
    return delegate.freeze(project, environment);
  }

  @Override
  public void putFreeze(Freeze freeze) {
    delegate.putFreeze(freeze);
  }

  @Override
  public void removeFreeze(ProjectId project, EnvironmentName environment) {
    delegate.removeFreeze(project, environment);
  }

  @Override
  public void addBreakGlass(BreakGlass session) {
    delegate.addBreakGlass(session);
  }

  @Override
  public List<BreakGlass> breakGlassSessions(ProjectId project, EnvironmentName environment) {
    return delegate.breakGlassSessions(project, environment);
  }
}
