/**
 * Not API: the YAML layer at the bottom of core. It reads YAML safely (no aliases, custom tags or
 * duplicate keys; size, depth and key-count limits), indexes the nodes of a file with their
 * positions, and edits scalars in place so that everything else in the file survives byte for
 * byte. It depends on no other Baton package but the values and errors of the SPI. Public types
 * here are public only for core's own packages; they may change without notice and are left
 * out of the Javadoc.
 */
package dev.baton.internal.yaml;
