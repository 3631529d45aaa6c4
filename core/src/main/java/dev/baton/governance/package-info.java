/**
 * Ready-made governance ports: {@link dev.baton.governance.GrantAuthorizer}, a table of grants
 * that can list who may approve, and {@link dev.baton.governance.TierFeatureGate}, the seed
 * design's billing tiers ({@link dev.baton.governance.Tier}) as a feature gate. A platform with
 * its own permissions or billing implements the ports of {@code dev.baton.spi} instead.
 * Thread-safe.
 */
package dev.baton.governance;
