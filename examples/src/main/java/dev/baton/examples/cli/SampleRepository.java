package dev.baton.examples.cli;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.examples.SampleEnvironments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Creates the sample GitOps repository of {@code baton init} and {@code baton demo}: three
 * environment folders ({@code envs/dev} runs shop-api 1.4.0, {@code envs/staging} 1.3.2,
 * {@code envs/production} 1.3.0), the pipeline file (dev → staging automatic, staging →
 * production with two approvals and a manual deploy) and harmless {@code echo} deploy commands,
 * committed on {@code main}; then stores the pipeline in the repository's Baton state.
 * Stateless.
 */
final class SampleRepository {
  /** The sample's project. */
  static final String PROJECT = "shop";

  private SampleRepository() {}

  /** The files of the sample, by path from the repository root. */
  static Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    add(files, "dev", "1.4.0", 1);
    add(files, "staging", "1.3.2", 2);
    add(files, "production", "1.3.0", 4);
    files.put(Workspace.PIPELINE_FILE, SampleEnvironments.threeStagePipeline(PROJECT));
    files.put(Workspace.DEPLOY_FILE, """
        # What a deploy runs for each environment, with /bin/sh -c in the repository folder.
        # Variables: BATON_PROJECT BATON_ENVIRONMENT BATON_PROMOTION BATON_RELEASE BATON_REVISION
        # BATON_USER. Exit 0 means deployed. Replace the echo with the real thing, for example
        #   production: argocd app sync shop-production --revision "$BATON_REVISION"
        dev: 'echo "sample: argocd app sync shop-dev --revision $BATON_REVISION"'
        staging: 'echo "sample: argocd app sync shop-staging --revision $BATON_REVISION"'
        production:
          command: 'echo "sample: argocd app sync shop-production --revision $BATON_REVISION"'
          timeout: 15m
        """);
    files.put("README.md", """
        # shop: a sample GitOps repository for Baton

        - `envs/<environment>/`: what each environment runs (Kustomize overlay, Helm values,
          variables, a manifest).
        - `.baton/pipeline.yaml`: the promotion pipeline (`baton pipeline show`).
        - `.baton/deploy.yaml`: the command a deploy runs per environment.

        Baton keeps promotions, the stored pipeline and freezes on `refs/baton/state`:
        `git log refs/baton/state`. Promotions are commits on `main` with `Promotion-Id:`,
        `Requested-by:` and `Approved-by:` trailers: `git log main`.
        """);
    return files;
  }

  private static void add(Map<String, String> files, String env, String version, int replicas) {
    SampleEnvironments.environment(env, version, replicas)
        .forEach((path, content) -> files.put("envs/" + env + "/" + path, content));
  }

  /**
   * Creates the sample in an empty (or missing) folder and stores its pipeline.
   *
   * @param folder where to create it; must not hold anything
   * @param author who the first commit and the pipeline change are recorded as
   */
  static void create(Path folder, PersonIdent author) throws IOException, GitAPIException {
    if (Workspace.nonEmpty(folder)) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, folder.toAbsolutePath().normalize()
          + " is not empty; baton init wants an empty or new folder");
    }
    Files.createDirectories(folder);
    try (Git git = Git.init().setDirectory(folder.toFile()).setInitialBranch("main").call()) {
      for (Map.Entry<String, String> file : files().entrySet()) {
        Path path = folder.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
      }
      git.add().addFilepattern(".").call();
      git.commit().setMessage("Sample GitOps repository for Baton\n\nenvs/dev runs shop-api "
              + "1.4.0, envs/staging 1.3.2, envs/production 1.3.0.\n")
          .setAuthor(author).setCommitter(author).setSign(false).call();
    }
    // Opening stores the branch's pipeline file (it is the source of truth), as the author.
    try (Workspace workspace = Workspace.open(WorkspaceSettings.of(folder))) {
      workspace.baton().pipelines().get(workspace.project());
    }
  }
}
