package dev.baton.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.error.BatonException;
import dev.baton.internal.yaml.ContentCache;
import dev.baton.internal.yaml.YamlFile;
import dev.baton.internal.yaml.YamlLimits;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.FileChange;
import dev.baton.model.PromotableProperty;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * What is shared instead of computed again gives what computing it gives: the sensitive nodes
 * kept with a parse (for several sets of names in turn), plans and snapshots looked up by
 * their keys (each key hashed once), and plans of a source derived from the target's parse
 * against the same computed with every cache emptied.
 */
class SharedDerivationsProperties {
  private static final String[] KEYS = {"image", "tag", "name", "password", "apiToken", "data",
      "stringData", "literals", "host", "dbPassword", "level", "secretGenerator"};
  private static final List<SensitiveNames> NAMES = List.of(SensitiveNames.defaults(),
      SensitiveNames.with(List.of("*HOST*")), SensitiveNames.with(List.of("*NAME*", "LEVEL")));

  /** A small YAML text of random keys, some sensitive, maybe a Secret. */
  private static String text(Randomness randomness) {
    Random random = new Random(randomness.nextLong());
    StringBuilder out = new StringBuilder();
    if (random.nextInt(3) == 0) {
      out.append("kind: Secret\n");
    }
    mapping(random, out, 0, 0);
    return out.toString();
  }

  private static void mapping(Random random, StringBuilder out, int indent, int depth) {
    int entries = 1 + random.nextInt(4);
    for (int i = 0; i < entries; i++) {
      out.append(" ".repeat(indent)).append(KEYS[random.nextInt(KEYS.length)]).append(i)
          .append(':');
      int kind = depth >= 3 ? 0 : random.nextInt(4);
      if (kind == 0) {
        out.append(" v").append(random.nextInt(9)).append('\n');
      } else if (kind == 1) {
        out.append('\n');
        for (int j = 0; j <= random.nextInt(3); j++) {
          out.append(" ".repeat(indent + 2)).append("- ")
              .append(random.nextBoolean() ? "A=b" + j : "name: x" + j).append('\n');
        }
      } else {
        out.append('\n');
        mapping(random, out, indent + 2, depth + 1);
      }
    }
  }

  @Test
  void sensitiveNodesKeptWithTheParseAreTheWalksOwn() {
    AtomicInteger masked = new AtomicInteger();
    Property.forAll(Gen.of(SharedDerivationsProperties::text)).runs(2000).verify(text -> {
      YamlFile file = YamlFile.parse("values.yaml", text, YamlLimits.defaults());
      // every set of names in turn, twice: the slot is replaced and hit
      for (int round = 0; round < 2; round++) {
        for (SensitiveNames names : NAMES) {
          SensitiveNodes kept = SensitiveNodes.of(file, names);
          SensitiveNodes walked = SensitiveNodes.walked(file, names);
          assertThat(kept.mask()).isEqualTo(walked.mask());
          for (Node node : nodes(file)) {
            assertThat(kept.touches(node)).isEqualTo(walked.touches(node));
          }
          // the same parse read again from the cache, as the planner reads a target
          YamlFile again = YamlFile.parse("values.yaml", new String(text), YamlLimits.defaults());
          assertThat(SensitiveNodes.of(again, names).mask()).isEqualTo(walked.mask());
          if (!walked.mask().equals(text)) {
            masked.incrementAndGet();
          }
        }
      }
    });
    // the property says something only if masking is common
    assertThat(masked.get()).isGreaterThan(2000);
  }

  private static List<Node> nodes(YamlFile file) {
    List<Node> out = new ArrayList<>();
    for (Node document : file.documents()) {
      collect(document, out);
    }
    return out;
  }

  private static void collect(Node node, List<Node> out) {
    if (node == null) {
      return;
    }
    out.add(node);
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        collect(tuple.getKeyNode(), out);
        collect(tuple.getValueNode(), out);
      }
    } else if (node instanceof SequenceNode sequence) {
      sequence.getValue().forEach(item -> collect(item, out));
    }
  }

  /** A promotion's inputs. */
  record Case(EnvironmentFiles source, EnvironmentFiles target, Set<PromotableProperty> scope) {}

  private static Case draw(Randomness randomness) {
    Random random = new Random(randomness.nextLong());
    RandomEnvironments environments = new RandomEnvironments(random);
    EnvironmentFiles source = environments.next("staging");
    EnvironmentFiles target = random.nextInt(4) == 0 ? environments.next("prod")
        : environments.mutate(source, "prod");
    return new Case(source, target, environments.scope());
  }

  @Test
  void plansAndSnapshotsLookedUpAreThoseComputed() {
    PromotionPlanner planner = PromotionPlanner.create();
    GitOpsReader reader = GitOpsReader.create();
    AtomicInteger planned = new AtomicInteger();
    // one run's cases share the caches: an entry given to the wrong inputs would show
    Property.forAll(Gen.of(SharedDerivationsProperties::draw)).runs(300).verify(c -> {
      EnvironmentFiles source = c.source();
      EnvironmentFiles target = c.target();
      Object cachedPlan = planOrRefusal(planner, source, target, c.scope());
      Object cachedSource = reader.read(source);
      Object cachedTarget = reader.read(target);
      Object cachedMasked = reader.readMasked(target, SensitiveNames.defaults());
      Object cachedUnresolved = reader.readUnresolved(source);
      ContentCache.clearAll();
      assertThat(planOrRefusal(planner, source, target, c.scope())).isEqualTo(cachedPlan);
      assertThat(reader.read(source)).isEqualTo(cachedSource);
      assertThat(reader.read(target)).isEqualTo(cachedTarget);
      assertThat(reader.readMasked(target, SensitiveNames.defaults())).isEqualTo(cachedMasked);
      assertThat(reader.readUnresolved(source)).isEqualTo(cachedUnresolved);
      if (cachedPlan instanceof PromotionPlan) {
        planned.incrementAndGet();
      }
    });
    assertThat(planned.get()).isGreaterThan(150);
  }

  // a plain single-line value after "key: " or "- key: ", which a derivation may take
  private static final Pattern PLAIN_VALUE =
      Pattern.compile("(?m)^( *(?:- )?[A-Za-z0-9_.-]+: )([A-Za-z0-9_.-]+)( *)$");
  private static final String[] NEW_VALUES = {"1.0.7", "2.0.0", "v9", "true", "null", "42",
      "x-y", "3.5", "0.0.1", "latest"};

  /** The target with some plain values of its YAML files replaced, as a new version has. */
  private static EnvironmentFiles newVersion(EnvironmentFiles target, Random random) {
    TreeMap<String, String> files = new TreeMap<>();
    target.files().forEach((path, text) -> {
      if (!FileKind.yaml(path) || random.nextInt(4) == 0) {
        files.put(path, text);
        return;
      }
      Matcher values = PLAIN_VALUE.matcher(text);
      StringBuilder out = new StringBuilder();
      while (values.find()) {
        String value = random.nextInt(3) == 0 ? NEW_VALUES[random.nextInt(NEW_VALUES.length)]
            : values.group(2);
        values.appendReplacement(out,
            Matcher.quoteReplacement(values.group(1) + value + values.group(3)));
      }
      values.appendTail(out);
      files.put(path, out.toString());
    });
    return new EnvironmentFiles(EnvironmentName.of("staging"), target.revision(), files,
        target.executable());
  }

  @Test
  void plansOfASourceDerivedFromTheTargetAreThoseComputedAfresh() {
    PromotionPlanner planner = PromotionPlanner.create();
    AtomicInteger copied = new AtomicInteger();
    Property.forAll(Gen.of(SharedDerivationsProperties::draw)).runs(400).verify(c -> {
      Random random = new Random(c.source().files().hashCode());
      EnvironmentFiles target = c.target();
      EnvironmentFiles source = newVersion(target, random);
      // as a lifecycle has it: the target's texts parsed first (the last promotion's source),
      // so that the new version's are derived from them
      ContentCache.clearAll();
      target.files().forEach((path, text) -> {
        if (FileKind.yaml(path)) {
          try {
            YamlFile.parse(path, text, YamlLimits.defaults());
          } catch (BatonException e) {
            // refused here, refused in the plan too
          }
        }
      });
      Object derived = planOrRefusal(planner, source, target, c.scope());
      // afresh: nothing parsed before, so no source is derived from its target
      ContentCache.clearAll();
      assertThat(planOrRefusal(planner, source, target, c.scope())).isEqualTo(derived);
      if (derived instanceof PromotionPlan plan) {
        for (FileChange change : plan.changes()) {
          if (change.content().equals(Optional.ofNullable(source.files().get(change.path())))
              && FileKind.yaml(change.path())) {
            copied.incrementAndGet();
          }
        }
      }
    });
    // files edited into the source's text, the case a derived source is for, came up often
    assertThat(copied.get()).isGreaterThan(40);
  }

  private static Object planOrRefusal(PromotionPlanner planner, EnvironmentFiles source,
      EnvironmentFiles target, Set<PromotableProperty> scope) {
    try {
      return planner.plan(source, target, scope, List.of(), SensitiveNames.defaults());
    } catch (BatonException e) {
      return e.code() + ": " + e.getMessage();
    }
  }
}
