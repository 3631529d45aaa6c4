/**
 * The promotion state machine as data plus a pure function: {@link dev.baton.lifecycle.Lifecycle}
 * applies a {@link dev.baton.lifecycle.PromotionEvent} (approve, reject, withdraw, claim,
 * execution steps, release, deploy) to a promotion and returns its next version, or refuses it.
 * It reads no clock and writes nothing. Stateless and thread-safe.
 */
package dev.baton.lifecycle;
