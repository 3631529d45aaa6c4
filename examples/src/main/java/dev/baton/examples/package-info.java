/**
 * Runnable examples of embedding Baton (the README quotes them; the build compiles and runs
 * them). Not a library: nothing here is API.
 */
package dev.baton.examples;
