/**
 * Git plumbing shared by the environment repository ({@code dev.baton.git}) and the state store
 * ({@code dev.baton.git.state}): opening a repository, writing trees and commits straight into
 * the object database, compare-and-set of a ref, backing off between attempts, talking to a
 * remote, and turning I/O failures into Baton errors.
 *
 * <p>Not API: nothing here appears in a public signature, and it may change in any release.
 */
package dev.baton.git.internal;
