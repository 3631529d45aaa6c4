package dev.baton.internal.yaml;

import java.util.List;
import java.util.function.Predicate;

/**
 * One planned change to a file's text: replace [start, end) with {@code text}, or refuse.
 * {@code path} locates the edited node in the edited file (document index, then keys and
 * indices) so that the result can be checked; {@code check} is that test. Immutable.
 */
record Splice(int start, int end, String text, int line, String what, String refusal,
    List<Object> path, Predicate<org.yaml.snakeyaml.nodes.Node> check) {

  static Splice refused(int line, String what, String refusal) {
    return new Splice(0, 0, "", line, what, refusal, null, null);
  }
}
