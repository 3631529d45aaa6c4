package dev.baton.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.internal.yaml.SafeYaml;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.PromotableProperty;
import dev.baton.model.Revision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Random environment folders from small pools of names, so that two of them overlap a lot: the
 * same files, workloads and keys with different values. Keys keep one shape everywhere (a key
 * that is a map in one environment is a map in all), which is what real folders do.
 */
public final class RandomEnvironments {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] VALUES_FILES = {"values.yaml", "values-extra.yaml", "values.yml"};
  private static final String[] KUSTOMIZATIONS = {"kustomization.yaml", "kustomization.yml",
      "Kustomization"};
  private static final String[] UMBRELLA = {"api", "web", "worker"};
  private static final String[] IMAGES = {"ghcr.io/acme/api", "ghcr.io/acme/web", "nginx"};
  private static final String[] MANIFESTS = {"deployment.yaml", "service.yaml",
      "base/values.yaml", "config/app.json", "README.md"};
  private static final String[] VARIABLES = {"TAG", "REPLICAS", "DOMAIN", "LEVEL"};

  private final Random random;

  public RandomEnvironments(Random random) {
    this.random = random;
  }

  /** A random folder. */
  public EnvironmentFiles next(String environment) {
    TreeMap<String, String> files = new TreeMap<>();
    for (String path : VALUES_FILES) {
      if (random.nextInt(3) > 0 || path.equals("values.yaml") && random.nextBoolean()) {
        files.put(path, text(values()));
      }
    }
    if (random.nextInt(3) > 0) {
      files.put(pick(KUSTOMIZATIONS), text(kustomization()));
    }
    if (random.nextBoolean()) {
      ObjectNode variables = NODES.objectNode();
      for (String name : VARIABLES) {
        if (random.nextInt(3) > 0) {
          variables.put(name, random.nextBoolean() ? "v" + random.nextInt(3)
              : String.valueOf(random.nextInt(3)));
        }
      }
      files.put(random.nextInt(4) == 0 ? "variables.yml" : "variables.yaml", text(variables));
    }
    for (String path : MANIFESTS) {
      if (random.nextBoolean()) {
        files.put(path, "kind: Thing\nversion: " + random.nextInt(3) + "\n");
      }
    }
    return EnvironmentFiles.of(EnvironmentName.of(environment),
        Revision.of(environment + "-" + random.nextInt(1000)), files);
  }

  /** A folder like {@code base} with a few random edits, so most of it is shared. */
  public EnvironmentFiles mutate(EnvironmentFiles base, String environment) {
    EnvironmentFiles other = next(environment);
    TreeMap<String, String> files = new TreeMap<>(base.files());
    List<String> paths = new ArrayList<>(other.files().keySet());
    Collections.shuffle(paths, random);
    for (String path : paths.subList(0, Math.min(2, paths.size()))) {
      files.put(path, other.files().get(path));
    }
    if (!files.isEmpty() && random.nextInt(3) == 0) {
      files.remove(new ArrayList<>(files.keySet()).get(random.nextInt(files.size())));
    }
    // keep one kustomization and one variables file per folder
    dropDuplicates(files, KUSTOMIZATIONS);
    dropDuplicates(files, new String[] {"variables.yaml", "variables.yml"});
    return EnvironmentFiles.of(EnvironmentName.of(environment), Revision.of(environment + "-m"),
        files);
  }

  /** A random subset of the promotable properties, sometimes empty or all of them. */
  public Set<PromotableProperty> scope() {
    Set<PromotableProperty> scope = EnumSet.noneOf(PromotableProperty.class);
    for (PromotableProperty property : PromotableProperty.values()) {
      if (random.nextBoolean()) {
        scope.add(property);
      }
    }
    return scope;
  }

  private ObjectNode values() {
    ObjectNode root = NODES.objectNode();
    List<Runnable> parts = new ArrayList<>();
    parts.add(() -> root.set("image", image(true)));
    parts.add(() -> root.set("replicaCount", replicas()));
    parts.add(() -> root.set("resources", resources()));
    parts.add(() -> root.put("nameOverride", "name" + random.nextInt(3)));
    parts.add(() -> root.put("logLevel", pick(new String[] {"debug", "info", "${LEVEL}"})));
    parts.add(() -> root.set("podAnnotations", random.nextBoolean() ? NODES.objectNode()
        : NODES.objectNode().put("team", "t" + random.nextInt(2))));
    parts.add(() -> root.set("ingress", ingress()));
    parts.add(() -> root.set("tolerations", NODES.arrayNode()));
    for (String name : UMBRELLA) {
      parts.add(() -> root.set(name, umbrella()));
    }
    Collections.shuffle(parts, random);
    int count = random.nextInt(parts.size() + 1);
    parts.subList(0, count).forEach(Runnable::run);
    return root;
  }

  private ObjectNode umbrella() {
    ObjectNode entry = NODES.objectNode();
    if (random.nextInt(3) > 0) {
      entry.set("image", image(false));
    }
    if (random.nextBoolean()) {
      entry.set("replicaCount", replicas());
    }
    if (random.nextBoolean()) {
      entry.set("resources", resources());
    }
    if (random.nextBoolean()) {
      entry.set("env", NODES.objectNode().put("MODE", "m" + random.nextInt(2)));
    }
    if (random.nextBoolean()) {
      entry.put("enabled", random.nextBoolean());
    }
    return entry;
  }

  private ObjectNode image(boolean top) {
    ObjectNode image = NODES.objectNode();
    if (random.nextInt(4) > 0) {
      image.put("tag", random.nextInt(4) == 0 ? "${TAG}" : "1." + random.nextInt(3));
    }
    if (random.nextBoolean()) {
      image.put("repository", top ? "acme/app" : "acme/r" + random.nextInt(2));
    }
    if (random.nextInt(4) == 0) {
      image.put("pullPolicy", "Always");
    }
    return image;
  }

  private JsonNode replicas() {
    return random.nextInt(5) == 0 ? NODES.textNode("${REPLICAS}")
        : NODES.numberNode(random.nextInt(4));
  }

  private ObjectNode resources() {
    ObjectNode resources = NODES.objectNode();
    if (random.nextBoolean()) {
      resources.set("limits", NODES.objectNode().put("cpu", random.nextInt(3) * 100 + "m"));
    }
    if (random.nextBoolean()) {
      resources.set("requests", NODES.objectNode().put("memory", random.nextInt(3) + "Gi"));
    }
    return resources;
  }

  private ObjectNode ingress() {
    ObjectNode ingress = NODES.objectNode();
    ingress.put("enabled", random.nextBoolean());
    ArrayNode hosts = ingress.putArray("hosts");
    for (int i = random.nextInt(3); i > 0; i--) {
      hosts.add("h" + random.nextInt(3) + ".${DOMAIN}");
    }
    if (random.nextBoolean()) {
      ingress.set("annotations", NODES.objectNode().put("nginx.io/x", "y" + random.nextInt(2)));
    }
    return ingress;
  }

  private ObjectNode kustomization() {
    ObjectNode root = NODES.objectNode();
    List<Runnable> parts = new ArrayList<>();
    parts.add(() -> {
      ArrayNode resources = root.putArray("resources");
      for (String manifest : MANIFESTS) {
        if (manifest.endsWith(".yaml") && random.nextBoolean()) {
          resources.add(manifest);
        }
      }
    });
    parts.add(() -> root.put("namespace", "ns" + random.nextInt(2)));
    parts.add(() -> root.set("commonLabels",
        NODES.objectNode().put("tier", "t" + random.nextInt(2))));
    parts.add(() -> {
      ArrayNode images = root.putArray("images");
      for (String name : IMAGES) {
        if (random.nextBoolean()) {
          ObjectNode entry = images.addObject().put("name", name);
          if (random.nextInt(4) > 0) {
            entry.put("newTag", random.nextInt(5) == 0 ? "${TAG}" : "2." + random.nextInt(3));
          }
          if (random.nextInt(4) == 0) {
            entry.put("newName", name + "-mirror");
          }
          if (random.nextInt(6) == 0) {
            entry.put("digest", "sha256:" + random.nextInt(9));
          }
        }
      }
    });
    parts.add(() -> {
      ArrayNode replicas = root.putArray("replicas");
      for (String name : UMBRELLA) {
        if (random.nextBoolean()) {
          replicas.addObject().put("name", name).put("count", random.nextInt(4));
        }
      }
    });
    Collections.shuffle(parts, random);
    parts.subList(0, random.nextInt(parts.size() + 1)).forEach(Runnable::run);
    return root;
  }

  private String text(ObjectNode tree) {
    String text = tree.isEmpty() && random.nextBoolean() ? "" : SafeYaml.write(tree);
    return random.nextInt(4) == 0 ? "# comment " + random.nextInt(9) + "\n" + text : text;
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }

  private static void dropDuplicates(TreeMap<String, String> files, String[] spellings) {
    boolean seen = false;
    for (String name : spellings) {
      if (files.containsKey(name)) {
        if (seen) {
          files.remove(name);
        }
        seen = true;
      }
    }
  }
}
