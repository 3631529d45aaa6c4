/**
 * Not API: the promotion engine behind the facades of {@code dev.baton}. It reads, decides with
 * the lifecycle, compare-and-sets, then acts: access checks, target claims with fencing tokens
 * and their heartbeat, the execution steps (write, release, deploy decision, deploy) and their
 * recovery after a crash, the freeze checks, the pull-request merge wait, and the notification
 * outbox's delivery. Public types here are public only for the facades; they may change without
 * notice and are left out of the Javadoc.
 */
package dev.baton.internal.engine;
