package dev.baton.examples.badinput;

import static dev.baton.error.ErrorCode.DOCUMENT_TOO_LARGE;
import static dev.baton.error.ErrorCode.INVALID_PIPELINE;
import static dev.baton.error.ErrorCode.MALFORMED_DOCUMENT;
import static dev.baton.error.ErrorCode.UNKNOWN_ENVIRONMENT;

import dev.baton.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Bad pipeline files, passed to {@code pipelines().replaceFromYaml}: YAML that does not parse or
 * uses refused features (aliases, tags, duplicate keys, several documents), documents of the
 * wrong shape, graphs that break the rules, names, layouts, paths and rules that are refused,
 * and sizes past the limits.
 */
final class PipelineFileCases {
  static final String FAMILY = "pipeline file";

  /** A valid pipeline over the world's three environments, for the cases to break. */
  static final String GOOD = """
      project: shop
      stages:
        - environment: dev
        - environment: staging
        - environment: production
      transitions:
        - from: dev
          to: staging
          requiredApprovals: 0
        - from: staging
          to: production
          requiredApprovals: 1
      """;

  private PipelineFileCases() {}

  static List<BadCase> all() {
    List<BadCase> c = new ArrayList<>();
    // YAML that does not parse.
    yaml(c, "unclosed flow sequence", MALFORMED_DOCUMENT, "stages: [dev, staging\n");
    yaml(c, "unclosed flow mapping", MALFORMED_DOCUMENT, "stages: {a: 1\n");
    yaml(c, "unterminated double quote", MALFORMED_DOCUMENT, "project: \"shop\nstages: []\n");
    yaml(c, "unterminated single quote", MALFORMED_DOCUMENT, "project: 'shop\n");
    yaml(c, "tab indentation", MALFORMED_DOCUMENT, "stages:\n\t- environment: dev\n");
    yaml(c, "bad indentation", MALFORMED_DOCUMENT,
        "stages:\n  - environment: dev\n   deployPolicy: manual\n");
    yaml(c, "mapping value in plain scalar", MALFORMED_DOCUMENT, "project: a: b: c\n");
    yaml(c, "bad escape in double quotes", MALFORMED_DOCUMENT, "project: \"\\q\"\n");
    yaml(c, "stray closing bracket", MALFORMED_DOCUMENT, "]\n");
    yaml(c, "directive without document", MALFORMED_DOCUMENT, "%YAML 1.1\n%YAML 1.1\n---\n");
    // Refused YAML features.
    yaml(c, "duplicate top-level key", MALFORMED_DOCUMENT, GOOD + "project: other\n");
    yaml(c, "duplicate key in a stage", MALFORMED_DOCUMENT, GOOD.replace(
        "- environment: dev\n", "- environment: dev\n    environment: qa\n"));
    yaml(c, "anchor and alias", MALFORMED_DOCUMENT, GOOD.replace("- environment: dev\n",
        "- &d {environment: dev}\n  - *d\n"));
    yaml(c, "billion laughs", MALFORMED_DOCUMENT, laughs());
    yaml(c, "merge key", MALFORMED_DOCUMENT,
        "base: &b {requiredApprovals: 1}\n" + GOOD.replace("requiredApprovals: 0", "<<: *b"));
    yaml(c, "python object tag", MALFORMED_DOCUMENT,
        "project: !!python/object/apply:os.system [\"id\"]\n");
    yaml(c, "java class tag", MALFORMED_DOCUMENT,
        "project: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n");
    yaml(c, "local tag", MALFORMED_DOCUMENT, GOOD.replace("project: shop", "project: !x shop"));
    yaml(c, "binary tag", MALFORMED_DOCUMENT, "project: !!binary c2hvcA==\n" + rest());
    yaml(c, "two documents", MALFORMED_DOCUMENT, GOOD + "---\n" + GOOD);
    // Documents of the wrong shape.
    yaml(c, "empty", MALFORMED_DOCUMENT, "");
    yaml(c, "only a comment", MALFORMED_DOCUMENT, "# nothing here\n");
    yaml(c, "only a document marker", MALFORMED_DOCUMENT, "---\n");
    yaml(c, "null document", MALFORMED_DOCUMENT, "~\n");
    yaml(c, "a list", MALFORMED_DOCUMENT, "- dev\n- staging\n");
    yaml(c, "a scalar", MALFORMED_DOCUMENT, "shop\n");
    yaml(c, "a number", MALFORMED_DOCUMENT, "42\n");
    yaml(c, "no stages", MALFORMED_DOCUMENT, "project: shop\ntransitions: []\n");
    yaml(c, "no transitions key", MALFORMED_DOCUMENT,
        "project: shop\nstages:\n  - environment: dev\n");
    yaml(c, "stages is a string", MALFORMED_DOCUMENT, "stages: dev\ntransitions: []\n");
    yaml(c, "stages is a mapping", MALFORMED_DOCUMENT,
        "stages: {dev: 1}\ntransitions: []\n");
    yaml(c, "a stage is a scalar", MALFORMED_DOCUMENT, "stages: [dev]\ntransitions: []\n");
    yaml(c, "environment is a number", MALFORMED_DOCUMENT,
        "stages:\n  - environment: 7\ntransitions: []\n");
    yaml(c, "environment is a list", MALFORMED_DOCUMENT,
        "stages:\n  - environment: [dev]\ntransitions: []\n");
    yaml(c, "environment missing", MALFORMED_DOCUMENT,
        "stages:\n  - deployPolicy: manual\ntransitions: []\n");
    yaml(c, "unknown top-level key", MALFORMED_DOCUMENT, GOOD + "approvers: [bob]\n");
    yaml(c, "unknown stage key", MALFORMED_DOCUMENT,
        GOOD.replace("- environment: dev\n", "- environment: dev\n    color: red\n"));
    yaml(c, "unknown transition key", MALFORMED_DOCUMENT,
        GOOD.replace("requiredApprovals: 1", "requiredApprovals: 1\n    quorum: all"));
    yaml(c, "project differs", MALFORMED_DOCUMENT, GOOD.replace("project: shop",
        "project: other"));
    yaml(c, "deployPolicy unknown", MALFORMED_DOCUMENT, GOOD.replace(
        "- environment: production\n", "- environment: production\n    deployPolicy: later\n"));
    yaml(c, "requiredApprovals is text", MALFORMED_DOCUMENT,
        GOOD.replace("requiredApprovals: 1", "requiredApprovals: two"));
    yaml(c, "requiredApprovals is a fraction", MALFORMED_DOCUMENT,
        GOOD.replace("requiredApprovals: 1", "requiredApprovals: 1.5"));
    yaml(c, "requiredApprovals is a boolean", MALFORMED_DOCUMENT,
        GOOD.replace("requiredApprovals: 1", "requiredApprovals: true"));
    yaml(c, "requiredApprovals missing", MALFORMED_DOCUMENT,
        GOOD.replace("    requiredApprovals: 1\n", ""));
    yaml(c, "requiredApprovals past int", MALFORMED_DOCUMENT,
        GOOD.replace("requiredApprovals: 1", "requiredApprovals: 99999999999"));
    yaml(c, "requesterMayApprove is text", MALFORMED_DOCUMENT,
        GOOD.replace("requiredApprovals: 1", "requiredApprovals: 1\n    requesterMayApprove: yes"
            + "please"));
    yaml(c, "scope unknown", MALFORMED_DOCUMENT,
        GOOD.replace("requiredApprovals: 1", "requiredApprovals: 1\n    scope: [everything]"));
    yaml(c, "scope is a string", MALFORMED_DOCUMENT, "defaultScope: image_tags\n" + rest());
    yaml(c, "rules is a mapping", MALFORMED_DOCUMENT, "rules: {files: x}\n" + rest());
    yaml(c, "rule without files", MALFORMED_DOCUMENT,
        "rules:\n  - jsonPaths: [\"$.a\"]\n" + rest());
    yaml(c, "rule jsonPaths not strings", MALFORMED_DOCUMENT,
        "rules:\n  - files: values.yaml\n    jsonPaths: [1, 2]\n" + rest());
    yaml(c, "layout is a list", MALFORMED_DOCUMENT, "layout: [envs]\n" + rest());
    // Graphs that break the rules.
    yaml(c, "cycle", INVALID_PIPELINE, GOOD + "  - from: production\n    to: dev\n"
        + "    requiredApprovals: 1\n");
    yaml(c, "self-loop", INVALID_PIPELINE, GOOD + "  - from: dev\n    to: dev\n"
        + "    requiredApprovals: 0\n");
    yaml(c, "transition to an undeclared stage", INVALID_PIPELINE,
        GOOD + "  - from: production\n    to: qa\n    requiredApprovals: 1\n");
    yaml(c, "stage declared twice", INVALID_PIPELINE,
        GOOD.replace("- environment: dev\n", "- environment: dev\n  - environment: dev\n"));
    yaml(c, "transition declared twice", INVALID_PIPELINE,
        GOOD + "  - from: dev\n    to: staging\n    requiredApprovals: 0\n");
    yaml(c, "negative approvals", INVALID_PIPELINE,
        GOOD.replace("requiredApprovals: 1", "requiredApprovals: -1"));
    yaml(c, "101 approvals", INVALID_PIPELINE,
        GOOD.replace("requiredApprovals: 1", "requiredApprovals: 101"));
    yaml(c, "2147483647 approvals", INVALID_PIPELINE,
        GOOD.replace("requiredApprovals: 1", "requiredApprovals: 2147483647"));
    yaml(c, "empty stage list", INVALID_PIPELINE, "stages: []\ntransitions: []\n");
    yaml(c, "JSONPath that does not parse", INVALID_PIPELINE,
        "rules:\n  - files: values.yaml\n    jsonPaths: [\"$.[\"]\n" + rest());
    yaml(c, "JSONPath not starting at the root", MALFORMED_DOCUMENT,
        "rules:\n  - files: values.yaml\n    jsonPaths: [\"a.b\"]\n" + rest());
    // Names, layouts, stage paths and globs.
    name(c, "environment with a slash", "dev/x");
    name(c, "environment with dot-dot", "a..b");
    name(c, "environment with a space", "dev x");
    name(c, "environment .git", ".git");
    name(c, "environment GIT~1", "GIT~1");
    name(c, "environment with zero-width space", "de\u200bv");
    name(c, "environment with a bidi override", "dev\u202e");
    name(c, "environment 64 characters", "d".repeat(64));
    name(c, "environment empty", "\"\"");
    name(c, "environment with NUL", "\"de\\0v\"");
    name(c, "environment starting with a dash", "-dev");
    layout(c, "layout climbing out", "../{environment}");
    layout(c, "layout absolute", "/srv/{environment}");
    layout(c, "layout with an unknown placeholder", "envs/{unknown}");
    layout(c, "layout without {environment}", "envs/all");
    layout(c, "layout inside .git", ".git/{environment}");
    layout(c, "layout through GIT~1", "GIT~1/{environment}");
    layout(c, "layout with a device name", "CON/{environment}");
    layout(c, "layout with a partial placeholder", "envs/x{environment}");
    path(c, "stage path climbing out", "../production");
    path(c, "stage path absolute", "/etc");
    path(c, "stage path .git", ".git");
    path(c, "stage path .git. look-alike", ".git.");
    path(c, "stage path git~1", "git~1/prod");
    path(c, "stage path with zero-width joiner", ".g\u200cit");
    path(c, "stage path aux.txt", "aux.txt");
    path(c, "stage path with backslash", "envs\\\\prod");
    path(c, "stage path with a colon", "envs/prod:x");
    glob(c, "rule glob climbing out", "../secrets.yaml");
    glob(c, "rule glob absolute", "/etc/passwd");
    glob(c, "rule glob empty", "");
    glob(c, "rule glob with backslash", "a\\\\b");
    // Environments that do not exist.
    yaml(c, "stage without a folder", UNKNOWN_ENVIRONMENT, GOOD.replace(
        "- environment: production\n", "- environment: production\n  - environment: qa\n"));
    yaml(c, "uppercase stage of a lowercase folder", UNKNOWN_ENVIRONMENT,
        GOOD.replace("environment: dev", "environment: DEV").replace("from: dev", "from: DEV"));
    // Sizes.
    yaml(c, "larger than 1 MiB", DOCUMENT_TOO_LARGE,
        GOOD + "# " + "x".repeat(1 << 20) + "\n");
    yaml(c, "nested 10000 deep", MALFORMED_DOCUMENT,
        "project: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
    yaml(c, "lone surrogate", MALFORMED_DOCUMENT, GOOD.replace("project: shop",
        "project: sh\ud800op"));
    return c;
  }

  private static String rest() {
    return GOOD.substring(GOOD.indexOf("stages:"));
  }

  private static String laughs() {
    StringBuilder s = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char n = 'b'; n <= 'j'; n++) {
      char p = (char) (n - 1);
      s.append(n).append(": &").append(n).append(" [*").append(p).append(",*").append(p)
          .append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
    }
    return s + rest();
  }

  private static void yaml(List<BadCase> c, String name, ErrorCode code, String text) {
    c.add(BadCase.of(FAMILY, name, code, w -> w.baton().pipelines()
        .replaceFromYaml(BadInputWorld.SHOP, text, BadInputWorld.PLATFORM)));
  }

  private static void name(List<BadCase> c, String name, String environment) {
    yaml(c, name, MALFORMED_DOCUMENT, GOOD + "  - from: production\n    to: " + environment
        + "\n    requiredApprovals: 1\n");
  }

  private static void layout(List<BadCase> c, String name, String layout) {
    yaml(c, name, MALFORMED_DOCUMENT, "layout: \"" + layout + "\"\n" + rest());
  }

  private static void path(List<BadCase> c, String name, String path) {
    yaml(c, name, MALFORMED_DOCUMENT, GOOD.replace("- environment: production\n",
        "- environment: production\n    path: \"" + path + "\"\n"));
  }

  private static void glob(List<BadCase> c, String name, String glob) {
    yaml(c, name, MALFORMED_DOCUMENT, "rules:\n  - files: \"" + glob + "\"\n" + rest());
  }
}
