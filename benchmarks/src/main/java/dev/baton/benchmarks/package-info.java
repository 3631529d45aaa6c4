/**
 * JMH benchmarks of the promotion commit, the state store's opening, previews and YAML edits,
 * packaged as {@code benchmarks/target/benchmarks.jar}; the build runs none of them. Not API.
 */
package dev.baton.benchmarks;
