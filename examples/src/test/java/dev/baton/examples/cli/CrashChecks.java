package dev.baton.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What must hold in a repository after kills and {@code recover}, as issue #9 states it, checked
 * with the {@code git} CLI, the files on disk, the deploy command's log and {@code baton}'s own
 * JSON: one commit per executed promotion and none without a change, one release per promotion,
 * at most one deploy start per release (nothing in the suite asks for a second deploy), no lock
 * file left under {@code .git}, a clean {@code git status}, a clean {@code git fsck --full
 * --strict}, and each promotion's status consistent with all that. Stateless.
 */
final class CrashChecks {

  private CrashChecks() {}

  /** A deploy log line: {@code start|end PROMOTION RELEASE [TOKEN]}. */
  record DeployLine(String kind, String promotion, String release) {}

  /**
   * The violations in the trial's repository {@code <folder>/shop}; empty when every invariant
   * holds. {@code recoverErrors} is what the recover runs printed on stderr (a promotion it says
   * it could not resume may stay PENDING_APPROVAL with its quorum met).
   */
  static List<String> violations(CliProcess cli, Path folder, String recoverErrors) {
    Path repo = folder.resolve("shop");
    List<String> found = new ArrayList<>();
    List<DeployLine> deploys = deployLog(folder.resolve("deploys.log"));
    Map<String, List<String>> commits = promotionCommits(cli, repo, found);

    CliProcess.Result history = cli.baton(repo, "--json", "history", "--limit", "1000");
    Set<String> known = new HashSet<>();
    if (history.exit() != 0) {
      found.add("baton history fails after recover (exit " + history.exit() + "): "
          + history.err().strip());
    } else {
      for (JsonNode p : history.json().get("items")) {
        known.add(p.get("id").asText());
        promotion(p, commits.getOrDefault(p.get("id").asText(), List.of()), deploys,
            recoverErrors, found);
      }
    }
    commits.keySet().stream().filter(id -> !known.contains(id)).forEach(id ->
        found.add("commit(s) " + commits.get(id) + " carry Promotion-Id " + id
            + ", a promotion Baton does not know"));
    deploys.stream().filter(d -> !known.contains(d.promotion())).forEach(d ->
        found.add("the deploy log names a promotion Baton does not know: " + d));

    locks(repo.resolve(".git")).forEach(lock -> found.add("lock file left: " + lock));
    CliProcess.Result status = cli.git(repo, "status", "--porcelain");
    if (status.exit() != 0 || !status.out().isEmpty()) {
      found.add("git status --porcelain is not clean (exit " + status.exit() + "):\n"
          + status.out() + status.err());
    }
    CliProcess.Result fsck = cli.git(repo, "fsck", "--full", "--strict");
    List<String> fsckProblems = Stream.concat(fsck.out().lines(), fsck.err().lines())
        .filter(l -> !l.startsWith("dangling ") && !l.startsWith("Checking ")).toList();
    if (fsck.exit() != 0 || !fsckProblems.isEmpty()) {
      found.add("git fsck --full --strict fails (exit " + fsck.exit() + "): " + fsckProblems);
    }
    return found;
  }

  /** The checks of one promotion against its commits and the deploy log. */
  private static void promotion(JsonNode p, List<String> commits, List<DeployLine> deploys,
      String recoverErrors, List<String> found) {
    String id = p.get("id").asText();
    String status = p.get("status").asText();
    String what = "promotion " + id + " (" + p.get("source").asText() + " → "
        + p.get("target").asText() + ", " + status + ")";
    JsonNode release = p.get("release");
    boolean released = release != null && !release.isNull();
    String releaseId = released ? release.get("id").asText() : "";
    List<DeployLine> starts = deploys.stream()
        .filter(d -> d.kind().equals("start") && d.promotion().equals(id)).toList();

    if (p.get("claim") != null && !p.get("claim").isNull()) {
      found.add(what + " is still claimed after recover --older-than 0s: " + p.get("claim"));
    }
    if (commits.size() > 1) {
      found.add(what + " has " + commits.size() + " commits on the branch: " + commits);
    }
    starts.stream().map(DeployLine::release).distinct().filter(r -> !r.equals(releaseId))
        .forEach(r -> found.add(what + ": the deploy command ran for release " + r
            + ", which the promotion does not record (its release: "
            + (released ? releaseId : "none") + ")"));
    long startsOfRelease = starts.stream().filter(d -> d.release().equals(releaseId)).count();
    if (startsOfRelease > 1) {
      found.add(what + ": the deploy command started " + startsOfRelease + " times for release "
          + releaseId + " (deploy " + release.get("deployState").asText()
          + "); nothing asked for a second deploy");
    }
    switch (status) {
      case "COMPLETED", "PENDING_RELEASE" -> {
        if (!released) {
          found.add(what + " has no release");
          return;
        }
        if (commits.size() != 1) {
          found.add(what + " executed but has " + commits.size() + " commits carrying its"
              + " Promotion-Id");
        } else if (!commits.get(0).equals(release.get("revision").asText())) {
          found.add(what + ": its release records commit " + release.get("revision").asText()
              + ", its Promotion-Id is on " + commits.get(0));
        }
        String deployState = release.get("deployState").asText();
        if (status.equals("COMPLETED")
            && (!deployState.equals("DEPLOYED") || startsOfRelease != 1)) {
          found.add(what + " with deploy " + deployState + " but " + startsOfRelease
              + " deploy start(s) of its release");
        }
        if (status.equals("PENDING_RELEASE") && deployState.equals("DEPLOYED")) {
          found.add(what + " has a DEPLOYED release");
        }
        if (status.equals("PENDING_RELEASE") && deployState.equals("WAITING")
            && startsOfRelease > 0) {
          found.add(what + ": its deploy command started, yet the release says WAITING as if"
              + " no deploy had run (an interrupted deploy must be recorded as such)");
        }
      }
      case "PENDING_APPROVAL", "REJECTED" -> {
        if (released || !commits.isEmpty() || !starts.isEmpty()) {
          found.add(what + " was not executed, yet has " + (released ? "a release, " : "")
              + commits.size() + " commit(s) and " + starts.size() + " deploy start(s)");
        }
        if (status.equals("PENDING_APPROVAL") && quorumMet(p)
            && !recoverErrors.contains(id + " not resumed")) {
          found.add(what + " has its quorum met and no claim, yet recover did not execute it");
        }
      }
      default -> found.add(what + " has an unknown status");
    }
  }

  private static boolean quorumMet(JsonNode p) {
    Set<String> approvers = new HashSet<>();
    String requester = p.get("requester").asText();
    boolean requesterMay = p.get("requesterMayApprove").asBoolean();
    for (JsonNode d : p.get("decisions")) {
      String by = d.get("by").asText();
      if (d.get("kind").asText().equals("APPROVE") && (requesterMay || !by.equals(requester))) {
        approvers.add(by);
      }
    }
    return approvers.size() >= p.get("requiredApprovals").asInt();
  }

  /**
   * The commits on the branch by the Promotion-Id trailer they carry (read with git log), and a
   * violation for each such commit that changes nothing.
   */
  private static Map<String, List<String>> promotionCommits(CliProcess cli, Path repo,
      List<String> found) {
    Map<String, List<String>> byPromotion = new HashMap<>();
    String log = cli.git(repo, "log", "--format=%H %(trailers:key=Promotion-Id,valueonly,"
        + "separator=%x20)", "main").ok().out();
    for (String line : log.lines().toList()) {
      String[] parts = line.trim().split(" ");
      for (int i = 1; i < parts.length; i++) {
        byPromotion.computeIfAbsent(parts[i], k -> new ArrayList<>()).add(parts[0]);
      }
      if (parts.length > 1
          && cli.git(repo, "show", "--stat", "--format=", parts[0]).ok().out().isBlank()) {
        found.add("commit " + parts[0] + " of promotion " + parts[1] + " changes nothing");
      }
    }
    return byPromotion;
  }

  /** The deploy command's log (empty when it never ran). */
  static List<DeployLine> deployLog(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file).stream()
          .map(l -> l.split(" "))
          .filter(f -> f.length >= 3)
          .map(f -> new DeployLine(f[0], f[1], f[2]))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every {@code *.lock} file under the git folder. */
  private static List<Path> locks(Path gitDir) {
    try (Stream<Path> files = Files.walk(gitDir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".lock")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
