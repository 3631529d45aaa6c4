package dev.baton.internal.engine;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.Feature;
import dev.baton.model.Permission;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.UserId;

/** The checks every operation starts with: feature gate, permission, and loading what it names. */
public final class Access {
  private final Wiring wiring;

  /** Creates the checks over the engine's ports. */
  public Access(Wiring wiring) {
    this.wiring = wiring;
  }

  /** Refuses with FEATURE_NOT_AVAILABLE unless the feature is enabled for the project. */
  public void feature(ProjectId project, Feature feature) {
    if (!wiring.features().enabled(project, feature)) {
      throw new BatonException(ErrorCode.FEATURE_NOT_AVAILABLE, "feature "
          + feature.name().toLowerCase(java.util.Locale.ROOT) + " is not available for project "
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

  /** The project's pipeline, or PIPELINE_NOT_FOUND. */
  public Pipeline pipeline(ProjectId project) {
    return wiring.pipelines().find(project).orElseThrow(() -> new BatonException(
        ErrorCode.PIPELINE_NOT_FOUND, "project " + project + " has no pipeline"));
  }

  /** The promotion, or PROMOTION_NOT_FOUND. */
  public Promotion promotion(PromotionId id) {
    return wiring.promotions().find(id).orElseThrow(() -> new BatonException(
        ErrorCode.PROMOTION_NOT_FOUND, "no promotion " + id));
  }
}
