package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Repositories laid out as real teams lay them out, addressed through the pipeline file's
 * {@code layout:} and stage {@code path:}, and every refusal that keeps Baton from acting on the
 * wrong folders or branch (exit code 3, the code in the message, nothing written). What a
 * promotion moves is the planner's business; these tests check where Baton reads and writes.
 */
class LayoutIT extends CliTestBase {

  private static String kustomization(String env, String tag) {
    return """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: shop-%s
        resources:
          - ../../base
        images:
          - name: ghcr.io/acme/shop-api
            newTag: %s
        """.formatted(env, tag);
  }

  private static final String BASE = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: shop-api
      spec:
        template:
          spec:
            containers:
              - name: shop-api
                image: ghcr.io/acme/shop-api:1.0.0
      """;

  /** Creates a repository in {@link #repo} holding the files, committed on main. */
  private void repository(Map<String, String> files) {
    try {
      Files.createDirectories(repo);
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path path = repo.resolve(f.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, f.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    git("init", "-q", "-b", "main").ok();
    git("add", "-A").ok();
    git("commit", "-q", "-m", "GitOps repository").ok();
  }

  private Map<String, String> kustomizeRepo(String pipeline) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("base/deployment.yaml", BASE);
    files.put("base/kustomization.yaml", "resources:\n  - deployment.yaml\n");
    files.put("env/dev/kustomization.yaml", kustomization("dev", "1.4.0"));
    files.put("env/staging/kustomization.yaml", kustomization("staging", "1.3.0"));
    files.put("env/production/kustomization.yaml", kustomization("production", "1.2.0"));
    files.put(".baton/pipeline.yaml", pipeline);
    return files;
  }

  private static final String KUSTOMIZE_PIPELINE = """
      project: shop
      layout: env/{environment}
      stages:
        - environment: dev
        - environment: staging
        - environment: production
          deployPolicy: manual
      transitions:
        - from: dev
          to: staging
          requiredApprovals: 0
        - from: staging
          to: production
          requiredApprovals: 1
      """;

  /** The files a commit changed. */
  private List<String> changed(String commit) {
    return git("show", "--name-only", "--format=", commit).ok().out().lines()
        .filter(l -> !l.isBlank()).toList();
  }

  private String rev(String ref) {
    return git("rev-parse", ref).ok().out().strip();
  }

  @Test
  void aKustomizeRepositoryWithItsOwnLayout() {
    repository(kustomizeRepo(KUSTOMIZE_PIPELINE));

    CliProcess.Result show = baton("pipeline", "show").ok();
    assertThat(show.err()).contains("notice: stored the pipeline of shop from"
        + " .baton/pipeline.yaml on main (commit ");
    assertThat(show.out()).containsPattern("staging\\s+direct\\s+env/staging")
        .containsPattern("production\\s+manual\\s+env/production")
        .contains("From .baton/pipeline.yaml on main (commit ");
    assertThat(baton("pipeline", "show", "--yaml").ok().out())
        .contains("layout: \"env/{environment}\"");

    String envs = baton("envs").ok().out();
    assertThat(envs).containsPattern("dev\\s+env/dev").containsPattern("staging\\s+env/staging")
        .containsPattern("production\\s+env/production");
    JsonNode json = baton("--json", "envs").ok().json().get("items");
    assertThat(json).hasSize(3);
    assertThat(json.get(0).get("folder").asText()).isEqualTo("env/dev");

    baton("preview", "--from", "dev", "--to", "staging").ok();

    String before = rev("main");
    CliProcess.Result request = as("alice@example.com", "request", "--from", "dev", "--to",
        "staging", "--notes", "1.4.0");
    request.ok();
    String after = rev("main");
    assertThat(after).isNotEqualTo(before);
    assertThat(changed(after)).isNotEmpty().allMatch(p -> p.startsWith("env/staging/"));
    assertThat(git("log", "-1", "--format=%an%n%ae%n%cn%n%(trailers:key=Environment)", "main")
        .ok().out()).startsWith("alice\nalice@example.com\nBaton\nEnvironment: env/staging");
  }

  @Test
  void aMonorepoWithSeveralAppsIsAddressedWithProject() {
    Map<String, String> files = new LinkedHashMap<>();
    for (String app : List.of("shop", "billing")) {
      for (String env : List.of("staging", "production")) {
        files.put("env/apps/" + app + "/" + env + "/values.yaml",
            "image:\n  repository: ghcr.io/acme/" + app + "\n  tag: \""
                + (env.equals("staging") ? "2.0.0" : "1.0.0") + "\"\n");
      }
    }
    files.put(".baton/pipeline.yaml", """
        layout: env/apps/{project}/{environment}
        stages:
          - environment: staging
          - environment: production
        transitions:
          - from: staging
            to: production
            requiredApprovals: 0
        """);
    repository(files);
    String state = git("rev-parse", "--verify", "-q", "refs/baton/state").out();

    CliProcess.Result noProject = baton("pipeline", "show").exits(3);
    assertThat(noProject.err()).startsWith("refused: INVALID_ARGUMENT (HTTP 400)")
        .contains("--project");
    assertThat(git("rev-parse", "--verify", "-q", "refs/baton/state").out()).isEqualTo(state);

    assertThat(baton("--project", "billing", "envs").ok().out())
        .containsPattern("staging\\s+env/apps/billing/staging")
        .containsPattern("production\\s+env/apps/billing/production");
    assertThat(baton("--project", "shop", "pipeline", "show").ok().out())
        .contains("Pipeline of shop").containsPattern("production\\s+direct\\s+env/apps/shop/"
            + "production");

    String before = rev("main");
    as("alice@example.com", "--project", "shop", "request", "--from", "staging", "--to",
        "production").ok();
    assertThat(changed(rev("main"))).isNotEmpty()
        .allMatch(p -> p.startsWith("env/apps/shop/production/"));
    assertThat(rev("main^")).isEqualTo(before);
    assertThat(git("ls-tree", "--name-only", "refs/baton/state:pipelines").ok().out())
        .contains("billing.json").contains("shop.json");
  }

  @Test
  void aStagePathOverridesTheLayout() {
    Map<String, String> files = kustomizeRepo("""
        project: shop
        layout: env/{environment}
        stages:
          - environment: staging
          - environment: production
            path: overlays/prod-eu
        transitions:
          - from: staging
            to: production
            requiredApprovals: 0
        """);
    files.remove("env/production/kustomization.yaml");
    files.put("overlays/prod-eu/kustomization.yaml",
        kustomization("production", "1.2.0").replace("../../base", "../../base"));
    repository(files);

    assertThat(baton("envs").ok().out()).containsPattern("production\\s+overlays/prod-eu");
    assertThat(baton("pipeline", "show").ok().out())
        .containsPattern("production\\s+direct\\s+overlays/prod-eu");
    baton("preview", "--from", "staging", "--to", "production").ok();
    as("alice@example.com", "request", "--from", "staging", "--to", "production").ok();
    assertThat(changed(rev("main"))).isNotEmpty()
        .allMatch(p -> p.startsWith("overlays/prod-eu/"));
  }

  // ---------------------------------------------------------------------------- refusals

  /** Asserts a refusal with the code and that neither the branch nor the state moved. */
  private CliProcess.Result refusedWithoutWriting(String code, String... args) {
    String branch = rev("main");
    String state = git("rev-parse", "--verify", "-q", "refs/baton/state").out();
    CliProcess.Result result = as("alice@example.com", args).exits(3);
    assertThat(result.err()).startsWith("refused: " + code + " (HTTP ");
    assertThat(rev("main")).isEqualTo(branch);
    assertThat(git("rev-parse", "--verify", "-q", "refs/baton/state").out()).isEqualTo(state);
    return result;
  }

  @Test
  void aMissingStageFolderIsRefusedAtSet() throws Exception {
    init();
    git("rm", "-q", ".baton/pipeline.yaml").ok();
    git("commit", "-q", "-m", "The pipeline lives in Baton").ok();
    Path file = tmp.resolve("pipeline.yaml");
    Files.writeString(file, """
        project: shop
        stages:
          - environment: dev
          - environment: qa
        transitions:
          - from: dev
            to: qa
            requiredApprovals: 0
        """);

    CliProcess.Result result = refusedWithoutWriting("UNKNOWN_ENVIRONMENT", "pipeline", "set",
        file.toString());

    assertThat(result.err()).contains("stage 'qa' has no environment: folder 'envs/qa' does not"
        + " exist");
  }

  @Test
  void aLayoutThatFindsNoEnvironmentAtAllIsRefused() throws Exception {
    init();
    String text = Files.readString(repo.resolve(".baton/pipeline.yaml"))
        .replace("layout: envs/{environment}", "layout: environments/{environment}");
    Files.writeString(repo.resolve(".baton/pipeline.yaml"), text);
    git("commit", "-q", "-am", "Move the environments (not really)").ok();

    CliProcess.Result result = refusedWithoutWriting("UNKNOWN_ENVIRONMENT", "request",
        "--from", "dev", "--to", "staging");

    assertThat(result.err()).contains("folder 'environments/dev' does not exist (found: none)")
        .contains("environments/production");
  }

  @Test
  void aStageFolderGoneSinceThePipelineWasStoredRefusesARequest() {
    init();
    git("rm", "-q", "-r", "envs/production").ok();
    git("commit", "-q", "-m", "Production moved away").ok();

    CliProcess.Result result = refusedWithoutWriting("UNKNOWN_ENVIRONMENT", "request",
        "--from", "dev", "--to", "staging");

    assertThat(result.err()).contains("stage 'production'").contains("envs/production");
    assertThat(baton("history").ok().out()).doesNotContain("p-");
  }

  @Test
  void anUnknownBranchIsRefusedAndNeverCreated() {
    init();

    CliProcess.Result result = refusedWithoutWriting("BRANCH_NOT_FOUND", "--branch", "mian",
        "request", "--from", "dev", "--to", "staging");

    assertThat(result.err()).contains("'mian'").contains("never creates");
    assertThat(git("rev-parse", "--verify", "-q", "refs/heads/mian").exit()).isNotZero();
    assertThat(baton("--branch", "mian", "envs").exits(3).err())
        .startsWith("refused: BRANCH_NOT_FOUND (HTTP 404)");
  }
}
