package dev.baton.internal.yaml;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * SnakeYAML's default implicit resolver, answering without a regular expression where none can
 * match. The default resolver tries, for every plain scalar of up to ten characters, the two
 * resolvers not keyed by a first character: null ({@code ~}, {@code null}, {@code Null},
 * {@code NULL} or one space) and the empty string. Neither matches a text that is not empty and
 * starts with neither a space nor a character that is itself a key ({@code ~}, {@code n} and
 * {@code N} are), so such a text with no resolver for its first character is a string. Every
 * other question goes to the default resolver, so the answers are the same (checked against it
 * in the tests). Thread-safe once built, as the default resolver is.
 */
final class PlainResolver extends Resolver {
  // what the resolvers without a first character are in the SnakeYAML this was written for
  private static final String UNKEYED = "[Tuple tag=tag:yaml.org,2002:null"
      + " regexp=^(?:~|null|Null|NULL| )$ limit=10, Tuple tag=tag:yaml.org,2002:null regexp=^$"
      + " limit=10]";

  // the shortcut holds only while those are the resolvers without a first character
  private final boolean shortcut;
  // which ASCII characters key a resolver (or are a space), read without boxing a Character;
  // the table is filled once here, and no resolver is ever added to this instance
  private final boolean[] asciiKeyed = new boolean[128];

  PlainResolver() {
    List<?> unkeyed = yamlImplicitResolvers.get(null);
    shortcut = unkeyed != null && UNKEYED.equals(unkeyed.toString())
        && yamlImplicitResolvers.containsKey('~') && yamlImplicitResolvers.containsKey('n')
        && yamlImplicitResolvers.containsKey('N');
    for (char c = 0; c < asciiKeyed.length; c++) {
      asciiKeyed[c] = c == ' ' || yamlImplicitResolvers.containsKey(c);
    }
  }

  @Override
  public Tag resolve(NodeId kind, String value, boolean implicit) {
    if (shortcut && implicit && kind == NodeId.scalar && !value.isEmpty()
        && !keyedOrSpace(value.charAt(0))) {
      return Tag.STR;
    }
    return super.resolve(kind, value, implicit);
  }

  /**
   * {@code resolve(NodeId.scalar, value, implicit)}, remembering in {@code memo} the answers
   * that take SnakeYAML's regular expressions. A file's keys and values repeat
   * ({@code timeoutSeconds} in every section of a values file), and each was matched against
   * the patterns again; the answer is a function of the value alone for an implicit scalar, since
   * no resolver is ever added to this instance. One memo per parse, used by one thread.
   */
  Tag scalar(String value, boolean implicit, Map<String, Tag> memo) {
    if (!implicit || (shortcut && !value.isEmpty() && !keyedOrSpace(value.charAt(0)))) {
      return resolve(NodeId.scalar, value, implicit);
    }
    Tag known = memo.get(value);
    if (known == null) {
      known = resolve(NodeId.scalar, value, true);
      memo.put(value, known);
    }
    return known;
  }

  private boolean keyedOrSpace(char first) {
    return first < asciiKeyed.length ? asciiKeyed[first]
        : yamlImplicitResolvers.containsKey(first);
  }
}
