package dev.baton.examples.cli;

import static dev.baton.examples.cli.CliCase.refused;
import static dev.baton.examples.cli.CliCase.usage;

import java.util.ArrayList;
import java.util.List;

/**
 * The command-line cases whose bad input is in the arguments: names, ids, notes and comments,
 * identities, refs and paths, sizes, freezes and break-glass sessions, durations and times.
 */
final class BadInputCliCases {
  private static final String LONG = "x".repeat(10_001);
  private static final String ALICE = "alice@example.com";
  private static final String CAROL = "carol@example.com";

  private BadInputCliCases() {}

  static List<CliCase> all() {
    List<CliCase> c = new ArrayList<>();
    // Environment and project names.
    String[] badEnvs = {"dev/x", "../production", "a..b", "dev x", ".git", "GIT~1", "-dev",
        "de\u200bv", "dev\u202e", "d".repeat(64), "dév", "dev\u001b[2J"};
    for (String bad : badEnvs) {
      c.add(refused("name", "request --from '" + bad + "'", "INVALID_ARGUMENT",
          "--as", CAROL, "request", "--from", bad, "--to", "production"));
    }
    for (String bad : new String[] {"../dev", ".git", "GIT~1", "p\u200brod", ""}) {
      c.add(refused("name", "freeze '" + bad + "'", "INVALID_ARGUMENT",
          "--as", CAROL, "freeze", bad, "--reason", "r"));
    }
    c.add(refused("name", "history --env with a slash", "INVALID_ARGUMENT",
        "history", "--env", "prod/eu").asProcess());
    c.add(refused("name", "freeze GIT~1 as a process", "INVALID_ARGUMENT",
        "--as", CAROL, "freeze", "git~1", "--reason", "r").asProcess());
    c.add(refused("name", "request into an unknown environment", "INVALID_STAGE_TRANSITION",
        "--as", CAROL, "request", "--from", "staging", "--to", "qa"));
    c.add(refused("name", "request backwards", "INVALID_STAGE_TRANSITION",
        "--as", CAROL, "request", "--from", "production", "--to", "staging"));
    c.add(refused("name", "request skipping a stage", "INVALID_STAGE_TRANSITION",
        "--as", CAROL, "request", "--from", "dev", "--to", "production").asProcess());
    c.add(refused("name", "preview into an unknown environment", "INVALID_STAGE_TRANSITION",
        "preview", "--from", "staging", "--to", "qa"));
    c.add(refused("name", "freeze an unknown environment", "UNKNOWN_ENVIRONMENT",
        "--as", CAROL, "freeze", "qa", "--reason", "r"));
    c.add(refused("name", "break-glass an unknown environment", "UNKNOWN_ENVIRONMENT",
        "--as", CAROL, "break-glass", "qa", "--reason", "r", "--for", "1h"));
    c.add(refused("name", "unfreeze an upper-case environment", "UNKNOWN_ENVIRONMENT",
        "--as", CAROL, "unfreeze", "PRODUCTION").asProcess());
    for (String bad : new String[] {"shop/x", "..", ".git", "sh op", "s\u200bhop"}) {
      c.add(refused("name", "--project '" + bad + "'", "INVALID_ARGUMENT",
          "--project", bad, "history"));
    }
    // Promotion ids.
    for (String verb : new String[] {"show", "approve", "reject", "withdraw", "deploy",
        "resume"}) {
      List<String> args = new ArrayList<>(List.of("--as", CAROL, verb, "p-doesnotexist"));
      if (verb.equals("reject")) {
        args.addAll(List.of("--comment", "no"));
      }
      c.add(refused("id", verb + " of an unknown id", "PROMOTION_NOT_FOUND",
          args.toArray(String[]::new)));
    }
    // A process argument ends at a NUL, so "q-1\u0000" may arrive as "q-1": it must not be the
    // prefix of an id (ids here are "p-" and a random UUID; "p-1" failed 1 run in 16).
    for (String bad : new String[] {"", " ", "../../HEAD", "q-1\u0000", "p-\u200b",
        "refs/baton/state", "p-" + "f".repeat(100_000), "*", "p-%s"}) {
      c.add(refused("id", "show '" + shorten(bad) + "'", "PROMOTION_NOT_FOUND", "show", bad));
    }
    c.add(refused("id", "ambiguous prefix", "PROMOTION_NOT_FOUND", "show", "p-").asProcess());
    c.add(refused("id", "id of 100,000 characters as a process", "PROMOTION_NOT_FOUND",
        "--as", CAROL, "approve", "p-" + "0".repeat(100_000)).asProcess());
    c.add(refused("id", "preview of an unknown promotion", "PROMOTION_NOT_FOUND",
        "preview", "--promotion", "p-nope"));
    c.add(refused("id", "approve a completed promotion", "ILLEGAL_STATE",
        "--as", CAROL, "approve", "{completed}"));
    c.add(refused("id", "deploy a pending promotion", "ILLEGAL_STATE",
        "--as", CAROL, "deploy", "{pending}").asProcess());
    c.add(refused("id", "withdraw another's promotion", "PERMISSION_DENIED",
        "--as", CAROL, "withdraw", "{pending}"));
    c.add(refused("id", "unknown id as a real process", "PROMOTION_NOT_FOUND",
        "--as", CAROL, "approve", "p-00000000").asProcess());
    // Notes, comments and reasons past 10,000 characters, and bad idempotency keys.
    c.add(refused("notes", "request --notes of 10,001", "INVALID_ARGUMENT",
        "--as", CAROL, "request", "--from", "staging", "--to", "production", "--notes", LONG)
        .asProcess());
    c.add(refused("notes", "request --notes of 10,000 emoji", "INVALID_ARGUMENT",
        "--as", CAROL, "request", "--from", "staging", "--to", "production", "--notes",
        "\ud83d\ude80".repeat(10_000)));
    c.add(refused("notes", "approve --comment of 10,001", "INVALID_ARGUMENT",
        "--as", CAROL, "approve", "{pending}", "--comment", LONG));
    c.add(refused("notes", "reject --comment of 10,001", "INVALID_ARGUMENT",
        "--as", CAROL, "reject", "{pending}", "--comment", LONG).asProcess());
    c.add(refused("notes", "withdraw --comment of 10,001", "INVALID_ARGUMENT",
        "--as", ALICE, "withdraw", "{pending}", "--comment", LONG));
    c.add(refused("notes", "freeze --reason of 10,001", "INVALID_ARGUMENT",
        "--as", CAROL, "freeze", "production", "--reason", LONG));
    c.add(refused("notes", "break-glass --reason of 10,001", "INVALID_ARGUMENT",
        "--as", CAROL, "break-glass", "production", "--reason", LONG, "--for", "1h")
        .asProcess());
    c.add(refused("notes", "request --key of 201", "INVALID_ARGUMENT",
        "--as", CAROL, "request", "--from", "staging", "--to", "production", "--key",
        "k".repeat(201)).asProcess());
    c.add(refused("notes", "request --key with a newline", "INVALID_ARGUMENT",
        "--as", CAROL, "request", "--from", "staging", "--to", "production", "--key",
        "k\nPromotion-Id: p-1"));
    c.add(refused("notes", "request --key empty", "INVALID_ARGUMENT",
        "--as", CAROL, "request", "--from", "staging", "--to", "production", "--key", ""));
    c.add(usage("notes", "reject without --comment", "--as", CAROL, "reject", "{pending}"));
    // Identities.
    String[] badUsers = {"bob\u0000@example.com", "bob@example.com\nApproved-by: eve",
        "\u001b[2Jbob", "alice\u200b@example.com", "\u202emoc.elpmaxe@ecila",
        "\ufeffbob@example.com", "al\u00adice@example.com", "bob\u2028", "a".repeat(201)};
    for (String bad : badUsers) {
      c.add(refused("identity", "--as '" + shorten(bad) + "'", "INVALID_ARGUMENT",
          "--as", bad, "approve", "{pending}"));
    }
    c.add(refused("identity", "--as with a bidi override as a process", "INVALID_ARGUMENT",
        "--as", "\u202eeve", "approve", "{pending}").asProcess());
    c.add(refused("identity", "--as with a zero-width space as a process", "INVALID_ARGUMENT",
        "--as", "ali\u200bce@example.com", "approve", "{pending}").asProcess());
    c.add(usage("identity", "--as blank", "--as", "  ", "approve", "{pending}"));
    c.add(refused("identity", "history --requester with a control", "INVALID_ARGUMENT",
        "history", "--requester", "bob\u0007"));
    for (String me : new String[] {"ALICE@EXAMPLE.COM", "alice@example.com.",
        " Alice@Example.COM. "}) {
      c.add(refused("identity", "requester approves as '" + me + "'", "PERMISSION_DENIED",
          "--as", me, "approve", "{pending}"));
    }
    c.add(refused("identity", "requester approves upper-case as a process", "PERMISSION_DENIED",
        "--as", "ALICE@example.com.", "approve", "{pending}").asProcess());
    for (String bob : new String[] {"BOB@EXAMPLE.COM", "bob@example.com."}) {
      c.add(refused("identity", "bob approves again as '" + bob + "'", "ALREADY_APPROVED",
          "--as", bob, "approve", "{pending}"));
    }
    c.add(refused("identity", "bob approves again as a process", "ALREADY_APPROVED",
        "--as", "Bob@Example.com", "approve", "{pending}").asProcess());
    // Refs and paths.
    for (String bad : new String[] {"a..b", "a b", "x.lock", "a~1", "a^", "a:b", "/x", "x/",
        ".x", "a\\b", "a*", "a?", "a[b", "a@{1}"}) {
      c.add(refused("ref", "--branch '" + bad + "'", "INVALID_REF_NAME",
          "--branch", bad, "history"));
    }
    c.add(refused("ref", "--branch with dot-dot as a process", "INVALID_REF_NAME",
        "--branch", "main..x", "history").asProcess());
    for (String missing : new String[] {"release", "a.lock/b", "-x", "@"}) {
      c.add(refused("ref", "--branch '" + missing + "' does not exist", "BRANCH_NOT_FOUND",
          "--branch", missing, "envs"));
    }
    c.add(refused("ref", "--branch missing as a process", "BRANCH_NOT_FOUND",
        "--branch", "production", "--as", CAROL, "request", "--from", "dev", "--to", "staging")
        .asProcess());
    c.add(refused("path", "--repo that does not exist", "INVALID_ARGUMENT",
        "--repo", "/nonexistent/baton-bad-input", "history"));
    c.add(refused("path", "--repo /dev/null", "INVALID_ARGUMENT",
        "--repo", "/dev/null", "history"));
    c.add(refused("path", "--repo a file in the repository", "INVALID_ARGUMENT",
        "--repo", "{file:plain.txt}", "history").asProcess());
    c.add(refused("path", "init into the repository", "INVALID_ARGUMENT",
        "init", "{repo}"));
    // Sizes.
    for (String limit : new String[] {"0", "-1", "1001", "2147483647"}) {
      c.add(usage("size", "history --limit " + limit, "history", "--limit", limit));
    }
    c.add(usage("size", "history --limit past int", "history", "--limit", "99999999999"));
    c.add(usage("size", "history --limit text", "history", "--limit", "ten"));
    c.add(usage("size", "history --offset -1", "history", "--offset", "-1"));
    c.add(usage("size", "history --status unknown", "history", "--status", "shipped"));
    // Freezes and break-glass sessions.
    for (String bad : new String[] {"0s", "-1h", "abc", "", "1x", "PT", "1h-5m"}) {
      c.add(usage("freeze", "break-glass --for '" + bad + "'", "--as", CAROL, "break-glass",
          "production", "--reason", "r", "--for", bad));
    }
    for (String tooLong : new String[] {"8d", "7d1s", "PT169H", "365d"}) {
      c.add(refused("freeze", "break-glass --for " + tooLong, "INVALID_ARGUMENT",
          "--as", CAROL, "break-glass", "production", "--reason", "r", "--for", tooLong));
    }
    c.add(usage("freeze", "break-glass --for 999999999999999d (overflow)", "--as", CAROL,
        "break-glass", "production", "--reason", "r", "--for", "999999999999999d")
        .asProcess());
    c.add(usage("freeze", "break-glass --for PT9999999999999999H (overflow)", "--as", CAROL,
        "break-glass", "production", "--reason", "r", "--for", "PT9999999999999999H"));
    c.add(usage("freeze", "break-glass without --for", "--as", CAROL, "break-glass",
        "production", "--reason", "r"));
    c.add(usage("freeze", "freeze without --reason", "--as", CAROL, "freeze", "production"));
    for (String bad : new String[] {"tomorrow", "2026-02-30", "2026-13-01", "2026-12-27T25:00Z",
        "2026-12-27T08:00:00", "99999-01-01"}) {
      c.add(usage("freeze", "freeze --until '" + bad + "'", "--as", CAROL, "freeze",
          "production", "--reason", "r", "--until", bad));
    }
    c.add(usage("freeze", "freeze --until garbage as a process", "--as", CAROL, "freeze",
        "production", "--reason", "r", "--until", "next week").asProcess());
    // Durations and times.
    for (String bad : new String[] {"garbage", "-5m", "1x", "PT", "10", "m", "1h 30m",
        "99999999999999999999d", "999999999999999d", "PT-1H"}) {
      c.add(usage("duration", "recover --older-than '" + bad + "'", "recover",
          "--older-than", bad));
    }
    c.add(usage("duration", "recover --older-than garbage as a process", "recover",
        "--older-than", "soon").asProcess());
    for (String bad : new String[] {"yesterday", "2026-11-31", "1700000000"}) {
      c.add(usage("duration", "history --since '" + bad + "'", "history", "--since", bad));
    }
    c.add(usage("duration", "history --until garbage", "history", "--until", "later"));
    return c;
  }

  private static String shorten(String text) {
    String shown = Output.escape(text);
    return shown.length() > 30 ? shown.substring(0, 20) + "...(" + text.length() + ")" : shown;
  }
}
