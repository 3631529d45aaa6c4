package dev.baton.spi;

import dev.baton.model.Permission;
import dev.baton.model.ProjectId;
import dev.baton.model.UserId;
import java.util.Optional;
import java.util.Set;

/**
 * Port that answers who may do what on a project. Thread-safe.
 *
 * <p>Baton does not authenticate: the embedding platform does, and passes the person as a
 * {@link UserId}. Every verb asks this port before it changes anything: requesting
 * needs {@link Permission#REQUEST} (and {@link Permission#ROLLBACK} for a rollback),
 * approving, rejecting and resuming need {@link Permission#APPROVE}, a manual deploy
 * {@link Permission#DEPLOY}, replacing a pipeline {@link Permission#EDIT_PIPELINE}, freezing and
 * lifting a freeze {@link Permission#FREEZE}, breaking the glass {@link Permission#BREAK_GLASS};
 * a {@code false} answer refuses the verb with {@code PERMISSION_DENIED}. Rules that depend on
 * the promotion (the requester may not approve their own promotion unless the transition allows
 * it; only the requester may withdraw) are the engine's, not this port's. An exception is not
 * contained: it fails the verb, which has then changed nothing. Calls are made on the caller's
 * thread and should be fast; cache what you look up remotely.
 *
 * @since 0.1
 */
public interface Authorizer {

  /**
   * Whether the person holds the permission on the project.
   *
   * @param user the person acting, as the embedding platform authenticated them
   * @param project the project acted on
   * @param permission what the verb needs
   * @return {@code true} to allow the verb
   * @since 0.1
   */
  boolean permits(UserId user, ProjectId project, Permission permission);

  /**
   * Everyone who holds the permission on the project, when the authorizer can list them (used to
   * address notifications); empty when it cannot.
   *
   * <p>The engine asks for the holders of {@link Permission#APPROVE} when a promotion is
   * requested, and addresses the request's notification to them (without the requester when the
   * requester may not approve). When the answer is empty the notification goes out with no
   * recipients, which a notifier reads as "everyone who may approve". The default answers empty.
   *
   * @param project the project
   * @param permission the permission
   * @return the holders, or empty when this authorizer cannot list them
   * @since 0.1
   */
  default Optional<Set<UserId>> holders(ProjectId project, Permission permission) {
    return Optional.empty();
  }

  /**
   * Allows everyone everything: the zero-setup default.
   *
   * @return a stateless, thread-safe authorizer that permits every call
   * @since 0.1
   */
  static Authorizer allowAll() {
    return (user, project, permission) -> true;
  }
}
