/**
 * Ready-made governance ports: {@link dev.baton.governance.GrantAuthorizer}, a table of grants
 * that can list who may approve, and {@link dev.baton.governance.PlanFeatureGate}, the seed
 * design's plans ({@link dev.baton.governance.Plan}) as a feature gate. A platform with its own
 * permissions or billing implements the ports of {@code dev.baton.spi} instead. Thread-safe.
 */
package dev.baton.governance;
