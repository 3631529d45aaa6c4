package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two clones of one bare remote, each running baton with {@code --remote origin} (and sometimes
 * without, offline): they end with the same state history, holding what both did, and the
 * change that lost a compare-and-set is reported, not applied.
 */
class StateRemoteIT extends CliTestBase {
  private static final String ALICE = "alice@example.com";
  private static final String BOB = "bob@example.com";
  private static final String CAROL = "carol@example.com";
  private static final String STATE = "refs/baton/state";

  Path remote;
  Path one;
  Path two;

  @BeforeEach
  void clones() {
    init();
    remote = tmp.resolve("remote.git");
    one = tmp.resolve("one");
    two = tmp.resolve("two");
    cli.git(tmp, "clone", "-q", "--mirror", repo.toString(), remote.toString()).ok();
    cli.git(tmp, "clone", "-q", remote.toString(), one.toString()).ok();
    cli.git(tmp, "clone", "-q", remote.toString(), two.toString()).ok();
  }

  private CliProcess.Result in(Path clone, String user, String... args) {
    List<String> all = new ArrayList<>(List.of("--as", user));
    all.addAll(List.of(args));
    return cli.baton(clone, all.toArray(String[]::new));
  }

  private String tip(Path where) {
    return cli.git(where, "rev-parse", STATE).ok().out().strip();
  }

  private static List<String> approvers(JsonNode shown) {
    return StreamSupport.stream(shown.get("decisions").spliterator(), false)
        .map(d -> d.get("by").asText()).toList();
  }

  @Test
  void requestsAndApprovalsFromTwoClonesEndWithTheSameHistory() {
    String first = in(one, ALICE, "--remote", "origin", "--json", "request", "--from",
        "staging", "--to", "production", "--notes", "1.3.2").ok().json().get("id").asText();
    assertThat(tip(one)).isEqualTo(tip(remote));
    // The other clone fetches the request before approving it, and pushes the approval.
    assertThat(in(two, BOB, "--remote", "origin", "approve", first).ok().out())
        .contains("approvals 1/2");
    assertThat(tip(two)).isEqualTo(tip(remote));

    // Offline on both sides: one approval that will lose (the remote approved first) and a
    // new request on each side.
    in(one, CAROL, "approve", first).ok();
    String fromOne = in(one, ALICE, "--json", "request", "--from", "staging", "--to",
        "production", "--notes", "one").ok().json().get("id").asText();
    String fromTwo = in(two, CAROL, "--json", "request", "--from", "staging", "--to",
        "production", "--notes", "two").ok().json().get("id").asText();

    CliProcess.Result merged = in(one, ALICE, "--remote", "origin", "history").ok();
    assertThat(merged.err()).contains("merged Baton state from origin")
        .contains("NOT applied").contains("promotion " + first);
    assertThat(in(two, BOB, "--remote", "origin", "state", "fetch").ok().out())
        .contains("merged Baton state from origin");
    in(two, BOB, "--remote", "origin", "state", "push").ok();
    assertThat(in(one, ALICE, "state", "fetch").ok().out()).contains("fetched");

    assertThat(tip(one)).isEqualTo(tip(two)).isEqualTo(tip(remote));
    String history = in(one, ALICE, "--json", "history").ok().out();
    assertThat(in(two, BOB, "--json", "history").ok().out()).isEqualTo(history);
    assertThat(history).contains(first).contains(fromOne).contains(fromTwo);
    for (Path clone : List.of(one, two)) {
      JsonNode shown = in(clone, ALICE, "--json", "show", first).ok().json();
      assertThat(approvers(shown)).containsExactly(BOB);
      assertThat(shown.get("status").asText()).isEqualTo("PENDING_APPROVAL");
      cli.git(clone, "fsck", "--full", "--strict").ok();
    }
    assertThat(cli.git(remote, "log", "--format=%s", STATE).ok().out())
        .contains("sync with origin");
  }

  @Test
  void aStateRefMovedBackIsRefusedUntilRestoredOrAccepted() {
    String id = in(one, ALICE, "--json", "request", "--from", "staging", "--to", "production")
        .ok().json().get("id").asText();
    String requested = tip(one);
    in(one, BOB, "approve", id).ok();
    String approved = tip(one);
    cli.git(one, "update-ref", STATE, requested).ok();

    CliProcess.Result refused = in(one, CAROL, "approve", id).exits(3);
    assertThat(refused.err()).startsWith("refused: STATE_ROLLED_BACK (HTTP 409): ")
        .contains("git update-ref " + STATE + " " + approved).contains("baton state accept");
    assertThat(tip(one)).isEqualTo(requested);

    assertThat(in(one, CAROL, "state", "accept").ok().out()).contains("accepted");
    assertThat(in(one, ALICE, "--json", "show", id).ok().json().get("decisions")).isEmpty();
  }

  @Test
  void anUnreachableRemoteIsABackendFailure() {
    String missing = tmp.resolve("missing.git").toUri().toString();
    CliProcess.Result result = in(one, ALICE, "--remote", missing, "history").exits(3);
    assertThat(result.err()).startsWith("refused: BACKEND_FAILURE");
    in(one, ALICE, "history").ok(); // stores the branch's pipeline: there is state to push
    assertThat(in(one, ALICE, "--remote", missing, "state", "push").exits(3).err())
        .startsWith("refused: BACKEND_FAILURE");
  }
}
