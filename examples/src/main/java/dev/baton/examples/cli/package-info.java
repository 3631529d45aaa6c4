/**
 * The {@code baton} command line on a plain Git repository (picocli): environments are folders
 * on a branch, and the promotions, pipeline and freezes live on {@code refs/baton/state}.
 * Packaged as the runnable {@code examples/target/baton.jar}. Not a library: nothing here is API.
 */
package dev.baton.examples.cli;
