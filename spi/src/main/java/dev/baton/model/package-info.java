/**
 * The immutable values that cross the ports: identifiers as tiny types
 * ({@link dev.baton.model.PromotionId}, {@link dev.baton.model.EnvironmentName}), pipelines and
 * their stages and transitions, promotions with their approvals, status changes, execution claim
 * and release, environment files and writes, notifications, freezes and queries.
 *
 * <p>Values are records validated in their compact constructors, copied defensively and never
 * null; they decide nothing. All are immutable and thread-safe.
 */
package dev.baton.model;
