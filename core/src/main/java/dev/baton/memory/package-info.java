/**
 * In-memory implementations of every port, so that a test or a first user needs no setup:
 * stores, an environment repository, and recording side-effect ports that tests inspect. Each
 * passes its contract suite from {@code baton-testkit}. All are thread-safe; none survives a
 * restart of the JVM.
 */
package dev.baton.memory;
