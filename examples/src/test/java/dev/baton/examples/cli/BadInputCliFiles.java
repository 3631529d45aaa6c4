package dev.baton.examples.cli;

import static dev.baton.examples.cli.CliCase.refused;

import dev.baton.examples.SampleEnvironments;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line cases whose bad input is a file: pipeline files given to
 * {@code baton pipeline set FILE}, and bad files committed on the branch (the pipeline file,
 * the deploy file, environment files) that every command then meets.
 */
final class BadInputCliFiles {
  /** The sample's pipeline file, which the cases break. */
  static final String GOOD = SampleEnvironments.threeStagePipeline("shop");

  private BadInputCliFiles() {}

  /** The files the cases name as {@code {file:NAME}}, by name. */
  static Map<String, byte[]> files() {
    Map<String, byte[]> f = new LinkedHashMap<>();
    text(f, "syntax.yaml", "stages: [dev, staging\n");
    text(f, "tabs.yaml", "stages:\n\t- environment: dev\n");
    text(f, "duplicate.yaml", GOOD + "project: shop\n");
    text(f, "alias.yaml", "x: &x dev\n" + GOOD.replace("- environment: dev",
        "- environment: *x"));
    text(f, "tag.yaml", GOOD.replace("project: shop", "project: !!python/object shop"));
    text(f, "empty.yaml", "");
    text(f, "list.yaml", "- dev\n- staging\n");
    text(f, "scalar.yaml", "shop\n");
    text(f, "two-documents.yaml", GOOD + "---\n" + GOOD);
    text(f, "unknown-key.yaml", GOOD + "approvers: [bob]\n");
    text(f, "wrong-type.yaml", GOOD.replace("requiredApprovals: 2", "requiredApprovals: two"));
    text(f, "cycle.yaml", GOOD + "  - from: production\n    to: dev\n"
        + "    requiredApprovals: 1\n");
    text(f, "self-loop.yaml", GOOD + "  - from: dev\n    to: dev\n    requiredApprovals: 0\n");
    text(f, "unknown-env.yaml", GOOD + "  - from: production\n    to: qa\n"
        + "    requiredApprovals: 1\n");
    text(f, "negative.yaml", GOOD.replace("requiredApprovals: 2", "requiredApprovals: -1"));
    text(f, "max-int.yaml", GOOD.replace("requiredApprovals: 2",
        "requiredApprovals: 2147483647"));
    text(f, "101.yaml", GOOD.replace("requiredApprovals: 2", "requiredApprovals: 101"));
    text(f, "layout-up.yaml", GOOD.replace("envs/{environment}", "../{environment}"));
    text(f, "layout-abs.yaml", GOOD.replace("envs/{environment}", "/srv/{environment}"));
    text(f, "layout-unknown.yaml", GOOD.replace("envs/{environment}", "envs/{unknown}"));
    text(f, "path-git.yaml", GOOD.replace("deployPolicy: manual",
        "deployPolicy: manual\n    path: .git"));
    text(f, "path-con.yaml", GOOD.replace("deployPolicy: manual",
        "deployPolicy: manual\n    path: envs/CON"));
    text(f, "path-git1.yaml", GOOD.replace("deployPolicy: manual",
        "deployPolicy: manual\n    path: GIT~1/prod"));
    text(f, "bad-glob.yaml", GOOD.replace("stages:", "rules:\n  - files: \"../x.yaml\"\n"
        + "stages:"));
    text(f, "bad-jsonpath.yaml", GOOD.replace("stages:", "rules:\n  - files: values.yaml\n"
        + "    jsonPaths: [\"$.[\"]\nstages:"));
    text(f, "other-project.yaml", GOOD.replace("project: shop", "project: kiosk"));
    text(f, "differs.yaml", GOOD.replace("requiredApprovals: 2", "requiredApprovals: 3"));
    text(f, "large.yaml", GOOD + "# " + "x".repeat(Workspace.MAX_FILE_BYTES) + "\n");
    f.put("latin1.yaml", ("project: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
    f.put("utf16.yaml", GOOD.getBytes(StandardCharsets.UTF_16));
    f.put("binary.yaml", new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 0x7f});
    text(f, "plain.txt", "not a repository\n");
    return f;
  }

  static List<CliCase> all() {
    List<CliCase> c = new ArrayList<>();
    String[][] malformed = {{"syntax.yaml", "unclosed flow sequence"},
        {"tabs.yaml", "tab indentation"}, {"duplicate.yaml", "duplicate key"},
        {"alias.yaml", "alias"}, {"tag.yaml", "python tag"}, {"empty.yaml", "empty"},
        {"list.yaml", "a list"}, {"scalar.yaml", "a scalar"},
        {"two-documents.yaml", "two documents"}, {"unknown-key.yaml", "unknown key"},
        {"wrong-type.yaml", "requiredApprovals is text"},
        {"layout-up.yaml", "layout climbing out"}, {"layout-abs.yaml", "layout absolute"},
        {"layout-unknown.yaml", "layout {unknown}"}, {"path-git.yaml", "stage path .git"},
        {"path-con.yaml", "stage path CON"}, {"path-git1.yaml", "stage path GIT~1"},
        {"bad-glob.yaml", "rule glob climbing out"}, {"latin1.yaml", "Latin-1"},
        {"utf16.yaml", "UTF-16"}, {"binary.yaml", "binary"}};
    // Every third one also as a real process.
    for (int i = 0; i < malformed.length; i++) {
      CliCase one = set(malformed[i][1], "MALFORMED_DOCUMENT", malformed[i][0]);
      c.add(i % 3 == 0 ? one.asProcess() : one);
    }
    String[][] invalid = {{"cycle.yaml", "cycle"}, {"self-loop.yaml", "self-loop"},
        {"unknown-env.yaml", "transition to an undeclared stage"},
        {"negative.yaml", "negative approvals"}, {"max-int.yaml", "2147483647 approvals"},
        {"101.yaml", "101 approvals"}, {"bad-jsonpath.yaml", "JSONPath that does not parse"}};
    for (int i = 0; i < invalid.length; i++) {
      CliCase one = set(invalid[i][1], "INVALID_PIPELINE", invalid[i][0]);
      c.add(i % 3 == 1 ? one.asProcess() : one);
    }
    c.add(set("differs from the branch's file", "PIPELINE_CONFLICT", "differs.yaml")
        .asProcess());
    // The file's own project is the project: another one differs from the branch's file.
    c.add(set("another project", "PIPELINE_CONFLICT", "other-project.yaml"));
    c.add(refused("pipeline file", "another project than --project", "MALFORMED_DOCUMENT",
        "--as", "platform@example.com", "--project", "shop", "pipeline", "set",
        "{file:other-project.yaml}"));
    c.add(set("larger than the limit", "DOCUMENT_TOO_LARGE", "large.yaml"));
    c.add(refused("pipeline file", "/dev/zero", "DOCUMENT_TOO_LARGE",
        "--as", "platform@example.com", "pipeline", "set", "/dev/zero"));
    c.add(refused("pipeline file", "/dev/zero as a process", "DOCUMENT_TOO_LARGE",
        "--as", "platform@example.com", "pipeline", "set", "/dev/zero").asProcess());
    // Bad files on the branch: every command reads them.
    onBranch(c, "pipeline file on the branch does not parse", "MALFORMED_DOCUMENT",
        ".baton/pipeline.yaml", "stages: [dev\n");
    onBranch(c, "pipeline file on the branch has a cycle", "INVALID_PIPELINE",
        ".baton/pipeline.yaml", GOOD + "  - from: production\n    to: dev\n"
            + "    requiredApprovals: 1\n");
    onBranch(c, "pipeline file on the branch names a missing folder", "UNKNOWN_ENVIRONMENT",
        ".baton/pipeline.yaml", GOOD.replace("  - environment: production\n",
            "  - environment: production\n  - environment: qa\n"));
    onBranchBytes(c, "pipeline file on the branch is Latin-1", "MALFORMED_DOCUMENT",
        ".baton/pipeline.yaml", GOOD.replace("shop", "caf\u00e9")
            .getBytes(StandardCharsets.ISO_8859_1));
    onBranch(c, "values.yaml in the source does not parse", "MALFORMED_DOCUMENT",
        "envs/staging/values.yaml", "a: [1\n");
    onBranch(c, "values.yaml in the target has a duplicate key", "MALFORMED_DOCUMENT",
        "envs/production/values.yaml", "a: 1\na: 2\n");
    onBranch(c, "values.yaml in the source is larger than 1 MiB", "DOCUMENT_TOO_LARGE",
        "envs/staging/values.yaml", "a: \"" + "x".repeat((1 << 20) + 1) + "\"\n");
    onBranchBytes(c, "values.yaml in the source is not UTF-8", "MALFORMED_DOCUMENT",
        "envs/staging/values.yaml", new byte[] {'a', ':', ' ', (byte) 0xc3, '\n'});
    onBranch(c, "values.yaml in the source is a billion laughs", "DOCUMENT_TOO_LARGE",
        "envs/staging/values.yaml", laughs());
    return c;
  }

  private static CliCase set(String name, String code, String file) {
    return refused("pipeline file", name, code, "--as", "platform@example.com", "pipeline",
        "set", "{file:" + file + "}");
  }

  private static void onBranch(List<CliCase> c, String name, String code, String path,
      String text) {
    onBranchBytes(c, name, code, path, text.getBytes(StandardCharsets.UTF_8));
  }

  // Each as a real process, through the command that meets it first: a request.
  private static void onBranchBytes(List<CliCase> c, String name, String code, String path,
      byte[] bytes) {
    String family = path.startsWith(".baton") ? "pipeline file" : "environment file";
    c.add(refused(family, name, code, "--as", "carol@example.com", "request", "--from",
        "staging", "--to", "production").committing(Map.of(path, bytes)).asProcess());
    c.add(refused(family, name + " (preview)", code, "preview", "--from", "staging", "--to",
        "production").committing(Map.of(path, bytes)));
  }

  private static String laughs() {
    StringBuilder s = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char n = 'b'; n <= 'j'; n++) {
      char p = (char) (n - 1);
      s.append(n).append(": &").append(n).append(" [*").append(p).append(",*").append(p)
          .append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
    }
    return s.toString();
  }

  private static void text(Map<String, byte[]> f, String name, String text) {
    f.put(name, text.getBytes(StandardCharsets.UTF_8));
  }
}
