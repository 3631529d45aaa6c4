package dev.baton.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.DeployRequest;
import dev.baton.model.DeployResult;
import dev.baton.spi.Deployer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Deployer} that runs a shell command per environment, as {@code .baton/deploy.yaml}
 * declares it:
 *
 * <pre>{@code
 * staging: argocd app sync shop-staging --revision "$BATON_REVISION"
 * production:
 *   command: argocd app sync shop-production --revision "$BATON_REVISION"
 *   timeout: 15m          # optional; default 10m
 * }</pre>
 *
 * <p>The command runs with {@code /bin/sh -c} in the repository's folder, with the variables
 * {@code BATON_PROJECT}, {@code BATON_ENVIRONMENT}, {@code BATON_PROMOTION},
 * {@code BATON_RELEASE}, {@code BATON_REVISION}, {@code BATON_USER} and
 * {@code BATON_FENCING_TOKEN} (the execution claim's fencing token: Baton runs the command at most
 * once per token, and a retry or a take-over gets a larger one, so a deploy system can refuse a
 * request older than one it has seen). Exit status 0 is a
 * successful deployment; anything else, or running out of time, is a failed one whose message is
 * the tail of the command's output (the engine records it on the release). Without a deploy file
 * nothing runs and every deployment succeeds; with one, an environment it does not name fails
 * its deployment (recorded FAILED with the reason, never DEPLOYED). A file that is empty (or
 * only comments), or a folder or link in the file's place, is refused: see
 * {@link Workspace#readOnBranch}.
 *
 * <p>Thread-safe: it holds only immutable settings.
 */
final class CommandDeployer implements Deployer {
  /** How long a command may run unless the file says otherwise. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  private static final int TAIL_CHARS = 4000;

  private final Optional<Map<String, Step>> steps;
  private final Path workingDirectory;

  /** One environment's command and its time limit. */
  record Step(String command, Duration timeout) {}

  private CommandDeployer(Optional<Map<String, Step>> steps, Path workingDirectory) {
    this.steps = steps.map(Map::copyOf);
    this.workingDirectory = workingDirectory;
  }

  /**
   * A deployer for the deploy file's text, or a no-op one when there is no file.
   *
   * @throws BatonException MALFORMED_DOCUMENT listing every problem of the file
   */
  static CommandDeployer fromYaml(Optional<String> text, Path workingDirectory) {
    if (text.isEmpty()) {
      return new CommandDeployer(Optional.empty(), workingDirectory);
    }
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(text.get());
    } catch (JsonProcessingException e) {
      throw new BatonException(ErrorCode.MALFORMED_DOCUMENT,
          Workspace.DEPLOY_FILE + " is not valid YAML: " + e.getOriginalMessage(), e);
    }
    Map<String, Step> steps = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      // An empty file is a mistake, never "deploy nothing": that is what no file means.
      problems.add("the file is empty: name each environment's command, or delete the file to"
          + " deploy nothing");
    } else {
      if (!root.isObject()) {
        problems.add("the file must map environment names to commands");
      }
      for (Map.Entry<String, JsonNode> entry : root.properties()) {
        step(entry.getKey(), entry.getValue(), problems)
            .ifPresent(s -> steps.put(entry.getKey(), s));
      }
    }
    if (!problems.isEmpty()) {
      throw new BatonException(ErrorCode.MALFORMED_DOCUMENT,
          Workspace.DEPLOY_FILE + ": " + String.join("; ", problems), problems, null);
    }
    return new CommandDeployer(Optional.of(steps), workingDirectory);
  }

  private static Optional<Step> step(String environment, JsonNode node, List<String> problems) {
    if (node.isTextual() && !node.asText().isBlank()) {
      return Optional.of(new Step(node.asText(), DEFAULT_TIMEOUT));
    }
    if (node.isObject() && node.path("command").isTextual()
        && !node.path("command").asText().isBlank()) {
      Duration timeout = DEFAULT_TIMEOUT;
      if (node.has("timeout")) {
        try {
          timeout = Durations.parse(node.get("timeout").asText());
        } catch (IllegalArgumentException e) {
          problems.add(environment + ".timeout: " + e.getMessage());
        }
      }
      for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!key.equals("command") && !key.equals("timeout")) {
          problems.add(environment + "." + key + " is not a known key (known: command, timeout)");
        }
      }
      return Optional.of(new Step(node.get("command").asText(), timeout));
    }
    problems.add(environment + " must be a command, or a mapping with command (and timeout)");
    return Optional.empty();
  }

  /** The command an environment deploys with, if the file names one. */
  Optional<Step> step(String environment) {
    return steps.flatMap(s -> Optional.ofNullable(s.get(environment)));
  }

  @Override
  public DeployResult deploy(DeployRequest request) {
    if (steps.isEmpty()) {
      return DeployResult.ok("no " + Workspace.DEPLOY_FILE + ": nothing to run");
    }
    String environment = request.environment().value();
    Optional<Step> step = step(environment);
    if (step.isEmpty()) {
      return DeployResult.failed(Workspace.DEPLOY_FILE + " has no command for " + environment);
    }
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", step.get().command())
        .directory(workingDirectory.toFile())
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Map<String, String> env = builder.environment();
    env.put("BATON_PROJECT", request.project().value());
    env.put("BATON_ENVIRONMENT", environment);
    env.put("BATON_PROMOTION", request.promotion().value());
    env.put("BATON_RELEASE", request.release().value());
    env.put("BATON_REVISION", request.revision().value());
    env.put("BATON_USER", request.by().value());
    env.put("BATON_FENCING_TOKEN", Long.toString(request.fencingToken()));
    try {
      return run(builder, step.get().timeout());
    } catch (IOException e) {
      return DeployResult.failed("could not start '" + step.get().command() + "': "
          + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DeployResult.failed("interrupted while deploying " + environment);
    }
  }

  private static DeployResult run(ProcessBuilder builder, Duration timeout)
      throws IOException, InterruptedException {
    Process process = builder.start();
    Tail tail = new Tail(process.getInputStream());
    Thread reader = new Thread(tail, "baton-deploy-output");
    reader.setDaemon(true);
    reader.start();
    boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
      reader.join(1000);
      return DeployResult.failed("timed out after " + Durations.format(timeout) + "\n"
          + tail.text());
    }
    // The output is complete once the pipe closes; a background child may hold it open.
    reader.join(5000);
    String output = tail.text();
    return process.exitValue() == 0
        ? DeployResult.ok(output)
        : DeployResult.failed("exit status " + process.exitValue()
            + (output.isEmpty() ? "" : "\n" + output));
  }

  /** Drains a stream, keeping its last characters. */
  private static final class Tail implements Runnable {
    private final InputStream in;
    private final StringBuilder text = new StringBuilder();

    Tail(InputStream in) {
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        append("\n[output unreadable: " + e.getMessage() + "]");
      }
    }

    private synchronized void append(String chunk) {
      text.append(chunk);
      if (text.length() > 2 * TAIL_CHARS) {
        text.delete(0, text.length() - TAIL_CHARS);
      }
    }

    synchronized String text() {
      String all = text.toString().strip();
      return all.length() <= TAIL_CHARS ? all : "..." + all.substring(all.length() - TAIL_CHARS);
    }
  }
}
