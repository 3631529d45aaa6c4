package dev.baton.manifests;

import dev.baton.internal.yaml.ScalarText;
import dev.baton.internal.yaml.YamlEditor;
import dev.baton.internal.yaml.YamlFile;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The in-place edits one promotion makes to one target YAML file. An edit inside a node that
 * another edit replaces whole is dropped, and a node is replaced once, so that several
 * differences in one list become one edit of the list.
 */
final class TargetEdits {
  private final YamlFile target;
  private final List<Op> ops = new ArrayList<>();
  // the nodes replaced whole; made at the first (an identity map starts at 64 slots, and most
  // promotions only set scalars)
  private Map<Node, Boolean> replaced;

  TargetEdits(YamlFile target) {
    this.target = target;
  }

  void setScalar(ScalarNode node, ScalarText value) {
    ops.add(new Op(node, editor -> editor.replaceScalar(node, value), false));
  }

  void replace(Node node, YamlFile from, Node source) {
    if (replaced == null) {
      replaced = new IdentityHashMap<>();
    }
    if (replaced.put(node, Boolean.TRUE) == null) {
      ops.add(new Op(node, editor -> editor.replaceValue(node, from, source), true));
    }
  }

  void insert(MappingNode parent, String key, YamlFile from, Node source) {
    ops.add(new Op(parent, editor -> editor.insertEntry(parent, key, from, source), false));
  }

  void remove(MappingNode parent, String key) {
    ops.add(new Op(parent, editor -> editor.removeEntry(parent, key), false));
  }

  boolean isEmpty() {
    return ops.isEmpty();
  }

  /**
   * The edited text of the target file; {@code likely} itself when the text equals it (see
   * {@link YamlEditor#apply(String)}).
   */
  String apply(String likely) {
    YamlEditor editor = YamlEditor.of(target);
    // only whole replacements cover other edits: a file of many scalar edits has none
    List<Op> wholes = new ArrayList<>();
    for (Op op : ops) {
      if (op.whole) {
        wholes.add(op);
      }
    }
    for (Op op : ops) {
      if (!covered(op, wholes)) {
        op.edit.accept(editor);
      }
    }
    return editor.apply(likely);
  }

  private static boolean covered(Op op, List<Op> wholes) {
    for (Op other : wholes) {
      if (other != op && inside(op.anchor, other.anchor)) {
        return true;
      }
    }
    return false;
  }

  private static boolean inside(Node inner, Node outer) {
    if (inner == outer) {
      return true;
    }
    return inner.getStartMark().getIndex() >= outer.getStartMark().getIndex()
        && inner.getEndMark().getIndex() <= outer.getEndMark().getIndex();
  }

  private record Op(Node anchor, java.util.function.Consumer<YamlEditor> edit, boolean whole) {}
}
