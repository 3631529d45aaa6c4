/**
 * Environment files and what moves between them: reading an environment's folder as its team
 * laid it out (Kustomize, Helm values, plain Kubernetes manifests, variables), and planning the
 * Git write of a promotion (which values move, which stay, and the bytes that change).
 *
 * <p>API, for embedders and adapter authors who work with environment files directly:
 *
 * <ul>
 *   <li>Reading: {@link dev.baton.manifests.GitOpsReader} reads a folder into a
 *       {@link dev.baton.manifests.Snapshot} of {@link dev.baton.manifests.Workload}s, values,
 *       bindings and variables.
 *   <li>Moving: {@link dev.baton.manifests.PromotionPlanner} plans a promotion as a
 *       {@link dev.baton.manifests.PromotionPlan}, the file changes its commit carries and every
 *       {@link dev.baton.manifests.Difference} with whether it moves (a preview shows these).
 *   <li>Both: {@link dev.baton.manifests.DocumentLimits} bounds each parsed file, and
 *       {@link dev.baton.manifests.SensitiveNames} says whose values are never shown.
 * </ul>
 *
 * <p>Every other type is package-private. Reading and moving share the file kinds, the tree
 * difference and the text helpers, so they stay one package. Below this package is
 * {@code dev.baton.internal.yaml}, which parses and edits the YAML; above it are the preview and
 * the engine. The public types are immutable and thread-safe.
 */
package dev.baton.manifests;
