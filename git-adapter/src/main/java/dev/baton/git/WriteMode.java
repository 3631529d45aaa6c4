package dev.baton.git;

/**
 * How {@link GitEnvironmentRepository} delivers a promotion's commit.
 *
 * @since 0.1
 */
public enum WriteMode {
  /**
   * The commit moves the configured branch itself (compare-and-set on its tip).
   *
   * @since 0.1
   */
  DIRECT,
  /**
   * The commit goes to its own branch {@code baton/promotion/<promotion-id>} made off the
   * configured branch's tip, which does not move; then a pull request is opened through the
   * configured {@link dev.baton.spi.PullRequestOpener}.
   *
   * @since 0.1
   */
  PULL_REQUEST
}
