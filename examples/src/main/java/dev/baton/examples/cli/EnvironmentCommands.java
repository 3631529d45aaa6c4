package dev.baton.examples.cli;

import dev.baton.EnvironmentStatus;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.http.json.JsonView;
import dev.baton.model.DeployPolicy;
import dev.baton.model.EnvironmentName;
import dev.baton.model.FreezeHolds;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Stage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Environment controls: {@code envs}, {@code freeze}, {@code unfreeze}, {@code break-glass}. */
final class EnvironmentCommands {

  private EnvironmentCommands() {}

  /** {@code baton envs}. */
  @Command(name = "envs", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = "Lists the environments (in pipeline order) with the last commit that"
          + " changed each, its deploy policy and freeze.")
  static final class Environments extends WorkspaceCommand {
    @Override
    Integer call(Workspace workspace, Output out) throws IOException {
      ProjectId project = workspace.project();
      var baton = workspace.baton();
      Optional<Pipeline> pipeline = baton.pipelines().find(project);
      List<EnvironmentName> environments = baton.environments().listInPipelineOrder(project);
      List<Map<String, Object>> json = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      for (EnvironmentName env : environments) {
        Optional<RevCommit> last = lastChange(workspace, env);
        EnvironmentStatus status = baton.environments().status(project, env);
        Optional<DeployPolicy> deployPolicy = pipeline.flatMap(p -> p.stage(env))
            .map(Stage::deployPolicy);
        String policy = deployPolicy.map(d -> d.name().toLowerCase(Locale.ROOT))
            .orElse("(not in pipeline)");
        json.add(JsonView.object("environment", env, "folder", workspace.folder(env),
            "lastChange", last.map(RevCommit::name), "deployPolicy", deployPolicy,
            "freeze", status.freeze(), "breakGlass", status.breakGlass()));
        rows.add(List.of(env.value(), workspace.folder(env),
            last.map(c -> c.abbreviate(8).name() + " " + c.getShortMessage()).orElse("-"), policy,
            status.freeze().map(f -> out.red("frozen") + " (" + f.reason() + "; holds "
                + holdsText(f.holds()) + ")").orElse("-"),
            status.breakGlass().map(b -> out.yellow("open until "
                + PromotionView.time(b.until()))).orElse("-")));
      }
      if (out.json()) {
        out.json(JsonView.list(json));
      } else {
        out.table(List.of("ENVIRONMENT", "FOLDER", "LAST CHANGE", "DEPLOY", "FREEZE",
                "BREAK-GLASS"),
            rows);
      }
      return 0;
    }

    /** The newest commit on the branch that changed the environment's folder. */
    private static Optional<RevCommit> lastChange(Workspace workspace, EnvironmentName env)
        throws IOException {
      Repository repository = workspace.repository();
      ObjectId tip = repository.resolve(Constants.R_HEADS + workspace.branch());
      if (tip == null) {
        return Optional.empty();
      }
      try (RevWalk walk = new RevWalk(repository)) {
        walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(workspace.folder(env)),
            TreeFilter.ANY_DIFF));
        walk.markStart(walk.parseCommit(tip));
        return Optional.ofNullable(walk.next());
      }
    }
  }

  /** {@code baton freeze ENV --reason R}. */
  @Command(name = "freeze", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = {"Freezes an environment. By default (--holds write) nothing is written"
          + " into its folder: a promotion whose approvals are complete waits until the freeze"
          + " ends, then 'baton recover' or 'baton resume' writes it. With --holds deploy the"
          + " commit lands and only the deploy waits (PENDING_RELEASE, 'baton deploy' refused with"
          + " ENVIRONMENT_FROZEN).",
          "Requests and approvals go on; a break-glass session lets held work through."})
  static final class Freeze extends WorkspaceCommand {
    @Parameters(index = "0", paramLabel = "ENV", description = "The environment.")
    String env;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
    String reason;

    @Option(names = "--until", paramLabel = "WHEN",
        description = "When the freeze ends by itself: 2026-12-27 or 2026-12-27T08:00:00Z"
            + " (default: until 'baton unfreeze').")
    String until;

    @Option(names = "--holds", paramLabel = "WHAT", defaultValue = "write",
        description = "What the freeze holds: 'write' (the commit into the folder and the"
            + " deploy; right where a GitOps controller syncs the folder) or 'deploy' (the"
            + " deploy only). Default: ${DEFAULT-VALUE}.")
    String holds;

    @Override
    Integer call(Workspace workspace, Output out) {
      FreezeHolds held = switch (holds) {
        case "write" -> FreezeHolds.WRITE_AND_DEPLOY;
        case "deploy" -> FreezeHolds.DEPLOY;
        default -> throw usage("--holds: 'write' or 'deploy', not '" + holds + "'");
      };
      EnvironmentName environment = known(workspace, env);
      Optional<Instant> end;
      try {
        end = Optional.ofNullable(until).map(Durations::instant);
      } catch (IllegalArgumentException e) {
        throw usage("--until: " + e.getMessage());
      }
      dev.baton.model.Freeze freeze = workspace.baton().environments()
          .freeze(workspace.project(), environment, reason, user(workspace), end, held);
      if (out.json()) {
        out.json(freeze);
      } else {
        out.line("Froze " + environment + " (" + reason + ")"
            + freeze.until().map(u -> " until " + PromotionView.time(u)).orElse(
                " until 'baton unfreeze " + environment + "'") + "; it holds "
            + holdsText(freeze.holds()) + ".");
      }
      return 0;
    }
  }

  /** What a freeze holds, in the words of {@code --holds}. */
  static String holdsText(FreezeHolds holds) {
    return holds == FreezeHolds.DEPLOY ? "deploy" : "write and deploy";
  }

  /** {@code baton unfreeze ENV}. */
  @Command(name = "unfreeze", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = "Lifts an environment's freeze.")
  static final class Unfreeze extends WorkspaceCommand {
    @Parameters(index = "0", paramLabel = "ENV", description = "The environment.")
    String env;

    @Override
    Integer call(Workspace workspace, Output out) {
      EnvironmentName environment = known(workspace, env);
      workspace.baton().environments().unfreeze(workspace.project(), environment,
          user(workspace));
      if (out.json()) {
        out.json(JsonView.object("environment", environment, "frozen", false));
      } else {
        out.line("Unfroze " + environment + ".");
      }
      return 0;
    }
  }

  /** {@code baton break-glass ENV --reason R --for 1h}. */
  @Command(name = "break-glass", mixinStandardHelpOptions = true, addMethodSubcommands = false,
      description = {"Opens an emergency session that lets deployments into a frozen"
          + " environment through for a while.",
          "Every promotion it lets through records it."})
  static final class BreakGlass extends WorkspaceCommand {
    @Parameters(index = "0", paramLabel = "ENV", description = "The frozen environment.")
    String env;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
    String reason;

    @Option(names = "--for", required = true, paramLabel = "DURATION",
        description = "How long it stays open: 30m, 1h, 1h30m, 2d (at most 7d).")
    String duration;

    @Override
    Integer call(Workspace workspace, Output out) {
      EnvironmentName environment = known(workspace, env);
      Duration length;
      try {
        length = Durations.parse(duration);
      } catch (IllegalArgumentException e) {
        throw usage("--for: " + e.getMessage());
      }
      dev.baton.model.BreakGlass session = workspace.baton().environments()
          .breakGlass(workspace.project(), environment, user(workspace), reason, length);
      if (out.json()) {
        out.json(session);
      } else {
        out.line(out.yellow("Break-glass open on " + environment) + " until "
            + PromotionView.time(session.until()) + " (" + reason + "), opened by "
            + session.by() + ".");
      }
      return 0;
    }
  }

  /** The environment if the project has it, else UNKNOWN_ENVIRONMENT. */
  static EnvironmentName known(Workspace workspace, String name) {
    EnvironmentName env = EnvironmentName.of(name);
    var all = workspace.baton().environments().list(workspace.project());
    if (!all.contains(env)) {
      throw new BatonException(ErrorCode.UNKNOWN_ENVIRONMENT, "no environment " + env
          + " on branch " + workspace.branch() + ": folder '" + workspace.folder(env)
          + "' does not exist (known: " + all + ")");
    }
    return env;
  }
}
