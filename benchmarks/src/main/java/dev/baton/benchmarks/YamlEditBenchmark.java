package dev.baton.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.internal.yaml.ContentCache;
import dev.baton.internal.yaml.SafeYaml;
import dev.baton.internal.yaml.ScalarText;
import dev.baton.internal.yaml.YamlEditor;
import dev.baton.internal.yaml.YamlFile;
import dev.baton.internal.yaml.YamlLimits;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A byte-preserving promotion edit of one Helm-style {@code values.yaml} of 5,000 lines (500
 * commented sections of ten lines: an image with repository and tag, resources, flags): parse
 * the file with positions, replace the image tag of {@code edits} sections (spread evenly), and
 * apply, which splices the text and reads it back to check every edit. Setup checks that the
 * result differs from the input in exactly the edited tags. Thread-safe state; run with one
 * benchmark thread.
 *
 * <p>{@link #readTree} and {@link #writeTree} measure the other YAML path on the same file:
 * {@code SafeYaml.read} (the checking event pass, then a Jackson tree) and {@code SafeYaml.write}
 * (block YAML, read back to check it). Neither depends on {@code edits}; nor does
 * {@link #parseUncached}, the parse with positions alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class YamlEditBenchmark {
  static final int SECTIONS = 500;

  @Param({"50", "1"})
  public int edits;

  private String text;
  private JsonNode tree;

  /** Builds the file and checks one edit's output. */
  @Setup(Level.Trial)
  public void setUp() {
    text = values();
    if (text.lines().count() != SECTIONS * 10L) {
      throw new IllegalStateException("expected " + SECTIONS * 10 + " lines");
    }
    String edited = edit();
    long changed = 0;
    String[] before = text.split("\n", -1);
    String[] after = edited.split("\n", -1);
    for (int i = 0; i < before.length; i++) {
      if (!before[i].equals(after[i])) {
        changed++;
        if (!after[i].equals("    tag: \"1.10\"  # pinned by CI")) {
          throw new IllegalStateException("unexpected edit: " + after[i]);
        }
      }
    }
    if (changed != edits || before.length != after.length) {
      throw new IllegalStateException("expected " + edits + " changed lines, got " + changed);
    }
    tree = readTree();
    if (!SafeYaml.read(writeTree(), "written.yaml").equals(tree)) {
      throw new IllegalStateException("written YAML does not read back as the tree");
    }
  }

  /**
   * Parses the file with positions as a file never seen (the parse cache is emptied first): the
   * read that every plan and preview of a new file starts with.
   */
  @Benchmark
  public YamlFile parseUncached() {
    ContentCache.clearAll();
    return YamlFile.parse("values.yaml", text, YamlLimits.defaults());
  }

  /** Checks and reads the whole file into a tree. */
  @Benchmark
  public JsonNode readTree() {
    return SafeYaml.read(text, "values.yaml");
  }

  /** Writes the file's tree as YAML, including the check that it reads back. */
  @Benchmark
  public String writeTree() {
    return SafeYaml.write(tree);
  }

  /**
   * Parse, plan the edits, apply (splice and verify). The parse cache is emptied first, so both
   * parses (the file, the result read back) are measured, as for a file never seen before.
   */
  @Benchmark
  public String edit() {
    ContentCache.clearAll();
    YamlFile file = YamlFile.parse("values.yaml", text, YamlLimits.defaults());
    YamlEditor editor = YamlEditor.of(file);
    Node root = file.documents().get(0);
    int step = SECTIONS / edits;
    for (int i = 0; i < edits; i++) {
      Node section = YamlFile.get(root, "service" + (i * step)).orElseThrow();
      Node tag = YamlFile.get(YamlFile.get(section, "image").orElseThrow(), "tag").orElseThrow();
      editor.replaceScalar((ScalarNode) tag, new ScalarText("1.10", false));
    }
    return editor.apply();
  }

  static String values() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < SECTIONS; i++) {
      out.append("# service ").append(i).append(": owned by team ").append(i % 7).append('\n')
          .append("service").append(i).append(":\n")
          .append("  image:\n")
          .append("    repository: registry.example.com/shop/service-").append(i).append('\n')
          .append("    tag: \"1.9\"  # pinned by CI\n")
          .append("  resources: {requests: {cpu: 100m, memory: 128Mi}}\n")
          .append("  replicas: ").append(1 + i % 3).append('\n')
          .append("  enabled: true\n")
          .append("\n")
          .append("  env: [A, B]  # defaults\n");
    }
    return out.toString();
  }
}
