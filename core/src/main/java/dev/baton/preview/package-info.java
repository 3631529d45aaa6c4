/**
 * What a promotion will change, before it changes anything: {@link dev.baton.preview.Previewer}
 * compares the source, the target now and the target after the promotion item by item and file by
 * file into a {@link dev.baton.preview.Preview} (actions, unified diffs, conflict indicators,
 * counts); {@link dev.baton.preview.PreviewFormat} renders it as JSON or YAML. The values are
 * immutable and every class here is thread-safe.
 */
package dev.baton.preview;
