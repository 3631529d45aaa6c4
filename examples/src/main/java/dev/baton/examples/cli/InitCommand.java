package dev.baton.examples.cli;

import dev.baton.http.json.JsonView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.util.SystemReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code baton init [DIR]}: creates the sample GitOps repository. */
@Command(name = "init", mixinStandardHelpOptions = true, addMethodSubcommands = false,
    description = {
        "Creates a sample GitOps repository in DIR (default: --repo, else the current folder),"
            + " which must be empty or missing:",
        "  envs/dev (shop-api 1.4.0), envs/staging (1.3.2), envs/production (1.3.0),",
        "  .baton/pipeline.yaml (dev -> staging automatic, staging -> production 2 approvals,"
            + " manual deploy),",
        "  .baton/deploy.yaml (harmless echo commands),",
        "committed on main; the pipeline is stored on refs/baton/state."})
final class InitCommand extends CliCommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
      description = "Where to create the repository.")
  Path directory;

  @Override
  public Integer call() throws Exception {
    Path target = directory != null ? directory : repoPath();
    SampleRepository.create(target, identity());
    Output out = output();
    Path shown = target.toAbsolutePath().normalize();
    if (out.json()) {
      out.json(JsonView.object("repository", shown.toString(), "project",
          SampleRepository.PROJECT, "branch", "main"));
      return 0;
    }
    out.line("Created a sample GitOps repository in " + shown);
    out.line("  project " + SampleRepository.PROJECT + ", branch main, environments dev, staging,"
        + " production");
    out.line("  pipeline: dev → staging (automatic), staging → production (2 approvals, manual"
        + " deploy)");
    out.line();
    out.line("Next:");
    if (directory != null || globals().repo != null) {
      out.line("  cd " + target);
    }
    out.line("  baton pipeline show");
    out.line("  baton preview --from dev --to staging");
    out.line("  baton request --from dev --to staging --as you@example.com");
    out.line("  (or set git config user.email instead of --as)");
    return 0;
  }


  /** The author of the first commit: git's configured user, or --as, or Baton. */
  private PersonIdent identity() throws IOException {
    Config config = userConfig();
    String name = Optional.ofNullable(config.getString("user", null, "name")).orElse("Baton");
    String email = Optional.ofNullable(globals().as)
        .or(() -> Optional.ofNullable(config.getString("user", null, "email")))
        .orElse("baton@localhost");
    return new PersonIdent(name, email);
  }

  private static Config userConfig() throws IOException {
    try {
      return SystemReader.getInstance().getUserConfig();
    } catch (ConfigInvalidException e) {
      return new Config(); // a broken ~/.gitconfig only costs the author's name here
    }
  }
}
