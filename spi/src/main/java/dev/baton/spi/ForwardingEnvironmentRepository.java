package dev.baton.spi;

import dev.baton.model.Delivery;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;
import dev.baton.model.WriteResult;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An environment repository that forwards every call, default methods included, to another one:
 * the base of a decorator (a journal, metrics, tracing) or of a test that overrides a method to
 * inject a fault into an otherwise real repository. Thread-safe when the delegate is and the
 * overrides are.
 *
 * @since 0.1
 */
public abstract class ForwardingEnvironmentRepository implements EnvironmentRepository {
  private final EnvironmentRepository delegate;

  /**
   * Forwards to {@code delegate}.
   *
   * @since 0.1
   */
  protected ForwardingEnvironmentRepository(EnvironmentRepository delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The repository calls are forwarded to.
   *
   * @since 0.1
   */
  protected EnvironmentRepository delegate() {
    return delegate;
  }

  @Override
  public Set<EnvironmentName> environments(ProjectId project) {
    return delegate.environments(project);
  }

  @Override
  public EnvironmentFiles read(ProjectId project, EnvironmentName environment) {
    return delegate.read(project, environment);
  }

  @Override
  public Optional<EnvironmentFiles> readAt(ProjectId project, EnvironmentName environment,
      Revision revision) {
    return delegate.readAt(project, environment, revision);
  }

  @Override
  public WriteResult write(EnvironmentWrite write) {
    return delegate.write(write);
  }

  @Override
  public Optional<Revision> findWrite(ProjectId project, EnvironmentName environment,
      PromotionId promotion) {
    return delegate.findWrite(project, environment, promotion);
  }

  @Override
  public Optional<String> folder(ProjectId project, EnvironmentName environment) {
    return delegate.folder(project, environment);
  }

  @Override
  public Optional<Boolean> isAncestor(ProjectId project, EnvironmentName environment,
      Revision ancestor, Revision descendant) {
    return delegate.isAncestor(project, environment, ancestor, descendant);
  }

  @Override
  public Delivery delivery(ProjectId project, EnvironmentName environment,
      PromotionId promotion, Revision written) {
    return delegate.delivery(project, environment, promotion, written);
  }
}
