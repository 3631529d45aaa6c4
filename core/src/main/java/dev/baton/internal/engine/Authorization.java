package dev.baton.internal.engine;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.Feature;
import dev.baton.model.Permission;
import dev.baton.model.ProjectId;
import dev.baton.model.UserId;
import java.util.Locale;

/**
 * Whether an operation may go ahead: the project has the feature ({@code FeatureGate}) and the
 * person holds the permission ({@code Authorizer}). It loads nothing. Thread-safe.
 */
public final class Authorization {
  private final Wiring wiring;

  /** Creates the checks over the engine's ports. */
  public Authorization(Wiring wiring) {
    this.wiring = wiring;
  }

  /** Refuses with FEATURE_NOT_AVAILABLE unless the feature is enabled for the project. */
  public void feature(ProjectId project, Feature feature) {
    if (!wiring.features().enabled(project, feature)) {
      throw new BatonException(ErrorCode.FEATURE_NOT_AVAILABLE, "feature "
          + feature.name().toLowerCase(Locale.ROOT) + " is not available for project "
          + project);
    }
  }

  /** Refuses with PERMISSION_DENIED unless the person holds the permission. */
  public void require(UserId user, ProjectId project, Permission permission) {
    if (!wiring.authorizer().permits(user, project, permission)) {
      throw new BatonException(ErrorCode.PERMISSION_DENIED,
          user + " lacks " + permission.key() + " on project " + project);
    }
  }
}
