package dev.baton.git;

/**
 * How {@link GitEnvironmentRepository} delivers a promotion's commit.
 */
public enum WriteMode {
  /** The commit moves the configured branch itself (compare-and-set on its tip). */
  DIRECT,
  /**
   * The commit goes to its own branch {@code baton/promotion/<promotion-id>} made off the
   * configured branch's tip, which does not move; then a pull request is opened through the
   * configured {@link dev.baton.spi.PullRequestOpener}.
   */
  PULL_REQUEST
}
