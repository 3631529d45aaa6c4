/**
 * Understanding an environment's files and deciding what a promotion writes: reading a folder of
 * Kustomize, Helm values and plain manifests into a {@link dev.baton.manifests.Snapshot}
 * ({@link dev.baton.manifests.GitOpsReader}), and planning the byte-preserving edits of what moves
 * into the target's folder ({@link dev.baton.manifests.PromotionPlanner}), with the limits,
 * sensitive-value masking and version comparison they need.
 *
 * <p>It works on text and revisions handed to it and touches no file or repository, so an
 * adapter that keeps environments anywhere gets all of it. Values are immutable; each class says
 * whether it is thread-safe.
 */
package dev.baton.manifests;
