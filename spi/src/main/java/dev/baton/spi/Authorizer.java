package dev.baton.spi;

import dev.baton.model.Permission;
import dev.baton.model.ProjectId;
import dev.baton.model.UserId;
import java.util.Optional;
import java.util.Set;

/**
 * Port that answers who may do what on a project. Thread-safe.
 */
public interface Authorizer {

  /** Whether the person holds the permission on the project. */
  boolean permits(UserId user, ProjectId project, Permission permission);

  /**
   * Everyone who holds the permission on the project, when the authorizer can list them (used to
   * address notifications); empty when it cannot.
   */
  default Optional<Set<UserId>> holders(ProjectId project, Permission permission) {
    return Optional.empty();
  }

  /** Allows everyone everything: the zero-setup default. */
  static Authorizer allowAll() {
    return (user, project, permission) -> true;
  }
}
