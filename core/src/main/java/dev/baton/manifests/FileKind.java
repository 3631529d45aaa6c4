package dev.baton.manifests;

import java.util.List;
import java.util.regex.Pattern;

/** What a file in an environment folder is, by its path. Only top-level files are special. */
enum FileKind {
  KUSTOMIZATION,
  VALUES,
  VARIABLES,
  BINDING;

  /** The spellings Kustomize itself accepts, in its order of preference. */
  static final List<String> KUSTOMIZATION_NAMES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
  static final List<String> VARIABLES_NAMES = List.of("variables.yaml", "variables.yml");
  /** The key of the kustomization's remainder among bindings, whatever the file's spelling. */
  static final String KUSTOMIZATION_KEY = "kustomization.yaml";

  /**
   * The names of Helm values files; {@link #valuesName} checks it by hand
   * (HandWrittenMatchersProperties compares them).
   */
  static final Pattern VALUES_NAME =
      Pattern.compile("values(-[^/]+)?\\.ya?ml|[^/]+-values\\.ya?ml");

  static FileKind of(String path) {
    if (path.indexOf('/') >= 0) {
      return BINDING;
    }
    if (KUSTOMIZATION_NAMES.contains(path)) {
      return KUSTOMIZATION;
    }
    if (VARIABLES_NAMES.contains(path)) {
      return VARIABLES;
    }
    return valuesName(path) ? VALUES : BINDING;
  }

  /**
   * What a file is by its name alone, at any depth: where versions are looked for, a values file
   * or kustomization in a sub-folder counts as well.
   */
  static FileKind byName(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (KUSTOMIZATION_NAMES.contains(name)) {
      return KUSTOMIZATION;
    }
    if (path.indexOf('/') < 0 && VARIABLES_NAMES.contains(name)) {
      return VARIABLES;
    }
    return valuesName(name) ? VALUES : BINDING;
  }

  /**
   * Whether {@link #VALUES_NAME} matches the whole name, checked by hand (every file of every
   * snapshot and plan is asked): {@code values.yaml}, {@code values-<any>.yaml} or
   * {@code <any>-values.yaml} (or {@code .yml}), with no '/' anywhere.
   */
  static boolean valuesName(String name) {
    int extension = name.endsWith(".yaml") ? 5 : name.endsWith(".yml") ? 4 : -1;
    if (extension < 0 || name.indexOf('/') >= 0) {
      return false;
    }
    int stem = name.length() - extension;
    return stem == 6 && name.startsWith("values")
        || stem > 7 && name.startsWith("values-")
        || stem > 7 && name.startsWith("-values", stem - 7);
  }

  /** Whether the file is YAML by its name. */
  static boolean yaml(String path) {
    return path.endsWith(".yaml") || path.endsWith(".yml") || path.endsWith("/Kustomization")
        || path.equals("Kustomization");
  }
}
