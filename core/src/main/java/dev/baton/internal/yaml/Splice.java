package dev.baton.internal.yaml;

import java.util.function.Predicate;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One planned change to a file's text: replace [start, end) with {@code text}, or refuse.
 * {@code located} is the node of the file being edited whose place (its {@link NodePath}, taken
 * only when the result is read back) leads to the edited node in the edited file, so that the
 * result can be checked; {@code check} is that test. {@code scalar} is the value a scalar
 * replacement writes, null for any other change. Immutable.
 */
record Splice(int start, int end, String text, int line, String what, String refusal,
    Node located, String scalar, Predicate<Node> check) {

  static Splice refused(int line, String what, String refusal) {
    return new Splice(0, 0, "", line, what, refusal, null, null, null);
  }
}
