/**
 * Baton's durable embedded store kept in the GitOps repository itself: {@link
 * dev.baton.git.state.GitStateStore} implements the promotion, pipeline and freeze storage ports
 * on a dedicated ref ({@code refs/baton/state}) as readable JSON, one commit per change, with
 * compare-and-set on the ref so that several processes can share one repository.
 */
package dev.baton.git.state;
