package dev.baton.governance;

import dev.baton.model.Permission;
import dev.baton.model.ProjectId;
import dev.baton.model.UserId;
import dev.baton.spi.Authorizer;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * An authorizer backed by an explicit table of grants (person, project, permission), for tests,
 * demos and small installations; it can list the holders of a permission, so submit
 * notifications reach every approver. Thread-safe.
 *
 * @since 0.1
 */
public final class GrantAuthorizer implements Authorizer {
  private final Map<ProjectId, Map<UserId, Set<Permission>>> grants = new ConcurrentHashMap<>();

  private GrantAuthorizer() {}

  /**
   * An authorizer with no grants: everyone is refused until granted.
   *
   * @since 0.1
   */
  public static GrantAuthorizer empty() {
    return new GrantAuthorizer();
  }

  /**
   * Grants permissions on a project to a person.
   *
   * @since 0.1
   */
  public GrantAuthorizer grant(UserId user, ProjectId project, Permission... permissions) {
    grants.computeIfAbsent(project, p -> new ConcurrentHashMap<>())
        .computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet())
        .addAll(EnumSet.of(permissions[0], permissions));
    return this;
  }

  /**
   * Takes permissions on a project away from a person.
   *
   * @since 0.1
   */
  public GrantAuthorizer revoke(UserId user, ProjectId project, Permission... permissions) {
    Set<Permission> held = grants.getOrDefault(project, Map.of()).get(user);
    if (held != null) {
      held.removeAll(Set.of(permissions));
    }
    return this;
  }

  @Override
  public boolean permits(UserId user, ProjectId project, Permission permission) {
    return grants.getOrDefault(project, Map.of()).getOrDefault(user, Set.of())
        .contains(permission);
  }

  @Override
  public Optional<Set<UserId>> holders(ProjectId project, Permission permission) {
    return Optional.of(grants.getOrDefault(project, Map.of()).entrySet().stream()
        .filter(e -> e.getValue().contains(permission))
        .map(Map.Entry::getKey)
        .collect(Collectors.toUnmodifiableSet()));
  }
}
