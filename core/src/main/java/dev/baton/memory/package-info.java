/**
 * In-memory implementations of the ports, so that a test or a first user needs no setup: stores
 * and an environment repository (the defaults of {@code Baton.builder()}), and side-effect ports
 * that only record what they were asked, for tests and demos to inspect (the builder's defaults
 * for those do nothing and keep nothing). Each passes its contract suite from
 * {@code baton-testkit}. All are thread-safe; none survives a restart of the JVM.
 */
package dev.baton.memory;
