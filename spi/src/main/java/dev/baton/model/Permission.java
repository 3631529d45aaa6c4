package dev.baton.model;

/** What a person may do on a project; the names are the stable strings platforms store. */
public enum Permission {
  /** Request promotions. */
  REQUEST("project.promotions.request"),
  /** Approve or reject promotions. */
  APPROVE("project.promotions.approve"),
  /** Deploy releases by hand. */
  DEPLOY("project.promotions.deploy"),
  /** Replace the pipeline. */
  EDIT_PIPELINE("project.pipeline.edit"),
  /** Freeze and unfreeze environments. */
  FREEZE("project.environments.freeze"),
  /** Open a break-glass session on a frozen environment. */
  BREAK_GLASS("project.environments.break-glass"),
  /** Request a promotion that moves versions backwards on purpose (a rollback). */
  ROLLBACK("project.promotions.rollback");

  private final String key;

  Permission(String key) {
    this.key = key;
  }

  /** The stable permission string, such as {@code project.promotions.approve}. */
  public String key() {
    return key;
  }
}
