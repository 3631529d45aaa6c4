/**
 * The format of the state ref that {@code dev.baton.git.state.GitStateStore} keeps: where each
 * kind of document lives in the tree ({@link dev.baton.git.state.internal.StateLayout}), how it
 * is written as JSON ({@link dev.baton.git.state.internal.StateJson}), and a way to write many
 * promotions in one commit for tests and benchmarks
 * ({@link dev.baton.git.state.internal.StateRefSeeder}).
 *
 * <p>Not API: nothing here appears in a public signature, and it may change in any release.
 */
package dev.baton.git.state.internal;
