package dev.baton.internal.yaml;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.Construct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Turns node trees into plain Java values, typing scalars as SnakeYAML itself would. */
final class PlainJava {
  private static final Scalars SCALARS = new Scalars();

  private PlainJava() {}

  static Object of(Node node) {
    if (node == null) {
      return null;
    }
    if (node instanceof MappingNode) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (NodeTuple tuple : ((MappingNode) node).getValue()) {
        Node key = tuple.getKeyNode();
        String name = key instanceof ScalarNode ? ((ScalarNode) key).getValue()
            : String.valueOf(of(key));
        map.put(name, of(tuple.getValueNode()));
      }
      return map;
    }
    if (node instanceof SequenceNode) {
      List<Object> list = new ArrayList<>();
      for (Node item : ((SequenceNode) node).getValue()) {
        list.add(of(item));
      }
      return list;
    }
    return scalar((ScalarNode) node);
  }

  private static Object scalar(ScalarNode node) {
    Tag tag = node.getTag();
    if (Tag.NULL.equals(tag)) {
      return null;
    }
    if (Tag.BOOL.equals(tag) || Tag.FLOAT.equals(tag)) {
      Object value = SCALARS.construct(node);
      return value instanceof Number ? Double.valueOf(((Number) value).doubleValue()) : value;
    }
    if (Tag.INT.equals(tag)) {
      Object value = SCALARS.construct(node);
      if (value instanceof BigInteger && ((BigInteger) value).bitLength() >= 64) {
        return ((BigInteger) value).doubleValue();
      }
      return ((Number) value).longValue();
    }
    return node.getValue();
  }

  /**
   * SnakeYAML's own constructors for int, float and bool; they keep no state, so one shared
   * instance serves every thread (timestamps, whose constructor does keep state, never get here).
   */
  private static final class Scalars extends SafeConstructor {
    Scalars() {
      super(new LoaderOptions());
    }

    Object construct(ScalarNode node) {
      Construct construct = yamlConstructors.get(node.getTag());
      return construct.construct(node);
    }
  }
}
