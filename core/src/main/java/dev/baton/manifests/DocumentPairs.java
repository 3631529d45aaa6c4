package dev.baton.manifests;

import dev.baton.internal.yaml.YamlFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Pairs the documents of two YAML files: a single document with the other's single document,
 * otherwise by {@code kind} and {@code metadata.name} (so a reordered multi-document manifest
 * still pairs), and the rest by position among the unnamed ones.
 */
final class DocumentPairs {
  private DocumentPairs() {}

  /**
   * Two paired documents, either null when only one side has it.
   *
   * @param label how the document is named to people ({@code Deployment/web}), empty for the
   *     only document of a file
   */
  record Pair(String label, Node source, Node target) {}

  static List<Pair> of(YamlFile source, YamlFile target) {
    List<Node> from = present(source.documents());
    List<Node> to = present(target.documents());
    List<Pair> out = new ArrayList<>();
    if (from.size() <= 1 && to.size() <= 1) {
      Node s = from.isEmpty() ? null : from.get(0);
      Node t = to.isEmpty() ? null : to.get(0);
      if (s != null || t != null) {
        out.add(new Pair(identity(s != null ? s : t).orElse(""), s, t));
      }
      return out;
    }
    Map<String, Node> named = new HashMap<>();
    List<Node> unnamedSources = new ArrayList<>();
    for (Node s : from) {
      Optional<String> id = identity(s);
      if (id.isPresent() && named.putIfAbsent(id.get(), s) == null) {
        continue;
      }
      unnamedSources.add(s);
    }
    int unnamed = 0;
    for (Node t : to) {
      Optional<String> id = identity(t);
      Node s = id.map(named::remove).orElse(null);
      if (s == null && id.isEmpty() && unnamed < unnamedSources.size()) {
        s = unnamedSources.get(unnamed++);
      }
      out.add(new Pair(id.orElse("document " + (to.indexOf(t) + 1)), s, t));
    }
    for (Node s : from) {
      if (named.containsValue(s) || unnamedSources.indexOf(s) >= unnamed) {
        out.add(new Pair(identity(s).orElse("document " + (from.indexOf(s) + 1)), s, null));
      }
    }
    return out;
  }

  /** {@code Kind/name} of a Kubernetes object, if the document is one. */
  static Optional<String> identity(Node document) {
    Optional<String> kind = YamlFile.get(document, "kind").flatMap(YamlFile::scalar);
    Optional<String> name = YamlFile.get(document, "metadata")
        .flatMap(m -> YamlFile.get(m, "name")).flatMap(YamlFile::scalar);
    return kind.isPresent() && name.isPresent()
        ? Optional.of(kind.get() + "/" + name.get()) : Optional.empty();
  }

  private static List<Node> present(List<Node> documents) {
    List<Node> out = new ArrayList<>();
    for (Node document : documents) {
      if (document != null) {
        out.add(document);
      }
    }
    return out;
  }
}
