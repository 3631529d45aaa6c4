package dev.baton.model;

/**
 * What a person may do on a project; the names are the stable strings platforms store.
 *
 * <p>Immutable and thread-safe, as every enum.
 *
 * @since 0.1
 */
public enum Permission {
  /**
   * Request promotions.
   *
   * @since 0.1
   */
  REQUEST("project.promotions.request"),
  /**
   * Approve or reject promotions.
   *
   * @since 0.1
   */
  APPROVE("project.promotions.approve"),
  /**
   * Deploy releases by hand.
   *
   * @since 0.1
   */
  DEPLOY("project.promotions.deploy"),
  /**
   * Replace the pipeline.
   *
   * @since 0.1
   */
  EDIT_PIPELINE("project.pipeline.edit"),
  /**
   * Freeze and unfreeze environments.
   *
   * @since 0.1
   */
  FREEZE("project.environments.freeze"),
  /**
   * Open a break-glass session on a frozen environment.
   *
   * @since 0.1
   */
  BREAK_GLASS("project.environments.break-glass"),
  /**
   * Request a promotion that moves versions backwards on purpose (a rollback).
   *
   * @since 0.1
   */
  ROLLBACK("project.promotions.rollback");

  private final String key;

  Permission(String key) {
    this.key = key;
  }

  /**
   * The stable permission string, such as {@code project.promotions.approve}.
   *
   * @return the permission string
   * @since 0.1
   */
  public String key() {
    return key;
  }
}
