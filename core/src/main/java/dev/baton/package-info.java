/**
 * The front door of Baton: {@link dev.baton.Baton} ({@code inMemory()} with zero setup,
 * {@code builder()} to wire real ports) and its facades, each a handful of verbs in domain words:
 * {@link dev.baton.Promotions} (request, approve, reject, deploy, recover),
 * {@link dev.baton.Pipelines}, {@link dev.baton.Previews}, {@link dev.baton.Environments}
 * (freeze, break-glass) and {@link dev.baton.Notifications}.
 *
 * <p>An engine and its facades are immutable and thread-safe; they hold no domain state, so
 * several engines may share one store.
 */
package dev.baton;
