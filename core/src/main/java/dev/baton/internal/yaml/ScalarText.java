package dev.baton.internal.yaml;

import java.util.Objects;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A scalar's value as written: its text and whether it was written plain (unquoted, so its type
 * comes from the resolver: the same plain text means the same typed value wherever it is
 * written). The input to {@link YamlEditor#replaceScalar}. Immutable and thread-safe.
 *
 * @param value the scalar's value, after unescaping and line folding
 * @param plain whether it was written without quotes or block indicator
 */
public record ScalarText(String value, boolean plain) {
  private static final Resolver RESOLVER = new Resolver();

  /** Checks the value is not null. */
  public ScalarText {
    Objects.requireNonNull(value, "value");
  }

  /** The value and style of a parsed scalar. */
  public static ScalarText of(ScalarNode node) {
    // '!!str 123' is written plain but is not the plain '123'
    boolean plain = node.isPlain()
        && RESOLVER.resolve(NodeId.scalar, node.getValue(), true).equals(node.getTag());
    return new ScalarText(node.getValue(), plain);
  }
}
