package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PromotionFlowIT extends CliTestBase {
  private static final String ALICE = "alice@example.com";
  private static final String BOB = "bob@example.com";
  private static final String CAROL = "carol@example.com";

  @BeforeEach
  void sample() {
    init();
  }

  @Test
  void anAutomaticTransitionCompletesAtOnceWithACommitAndADeploy() {
    CliProcess.Result result = as(ALICE, "request", "--from", "dev", "--to", "staging",
        "--notes", "ship 1.4.0").ok();

    assertThat(result.out()).contains("Requested p-").contains("dev → staging")
        .contains("COMPLETED").contains("deploy DEPLOYED")
        .contains("sample: argocd app sync shop-staging --revision ");
    String id = promotionId(result.out());
    String trailers = git("log", "-1", "--format=%(trailers)", "main").ok().out();
    assertThat(trailers).contains("Promotion-Id: " + id).contains("Requested-by: " + ALICE);
    assertThat(git("log", "-1", "--format=%s%n%b", "main").ok().out())
        .startsWith("Promote dev to staging").contains("ship 1.4.0");
    assertThat(git("show", "main:envs/staging/kustomization.yaml").ok().out())
        .contains("1.4.0");
    // Everything the store knows sits on the state ref, as JSON a person can read.
    assertThat(git("cat-file", "-p", "refs/baton/state:" + statePath(id)).ok().out())
        .contains("\"status\" : \"COMPLETED\"");
    git("fsck", "--full", "--strict").ok();
  }

  @Test
  void twoApprovalsExecuteAManualStageThatWaitsForDeploy() {
    String id = requestToProduction("1.3.2 passed staging");
    String prefix = id.substring(0, 10);

    // Every step is a new process: the state lives on refs/baton/state between them.
    assertThat(as(BOB, "approve", prefix, "--comment", "looks good").ok().out())
        .contains("PENDING_APPROVAL, approvals 1/2")
        .contains("next:     baton approve " + prefix);
    CliProcess.Result twice = as(BOB, "approve", prefix).exits(3);
    assertThat(twice.err()).startsWith("refused: ALREADY_APPROVED (HTTP 409): ");
    assertThat(twice.out()).isEmpty();
    JsonNode refusal = as(BOB, "--json", "approve", prefix).exits(3).errJson().get("error");
    assertThat(refusal.get("code").asText()).isEqualTo("ALREADY_APPROVED");
    assertThat(refusal.get("http").asInt()).isEqualTo(409);
    assertThat(refusal.get("problems")).hasSize(1);

    JsonNode executed = as(CAROL, "--json", "approve", id).ok().json();
    assertThat(executed.get("status").asText()).isEqualTo("PENDING_RELEASE");
    assertThat(executed.get("release").get("deployState").asText()).isEqualTo("WAITING");
    String revision = executed.get("release").get("revision").asText();
    assertThat(git("rev-parse", "main").ok().out().trim()).isEqualTo(revision);
    assertThat(git("log", "-1", "--format=%(trailers:key=Approved-by,valueonly)", "main").ok()
        .out().lines().filter(l -> !l.isBlank()).toList()).containsExactly(BOB, CAROL);

    CliProcess.Result deployed = as(CAROL, "deploy", prefix).ok();
    assertThat(deployed.out()).contains("COMPLETED").contains("deploy DEPLOYED")
        .contains("shop-production --revision " + revision);

    String show = baton("show", prefix).ok().out();
    assertThat(show).contains("promotion " + id).contains("staging → production")
        .contains("approved by " + BOB).contains("looks good")
        .contains("approved by " + CAROL)
        .contains("DEPLOYED by " + CAROL)
        .contains("PENDING_RELEASE → COMPLETED");
    JsonNode json = baton("--json", "show", id).ok().json();
    assertThat(json.get("id").asText()).isEqualTo(id);
    assertThat(json.get("requester").asText()).isEqualTo(ALICE);
    assertThat(json.get("requestedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(json.get("decisions")).hasSize(2);
    git("fsck", "--full", "--strict").ok();
  }

  @Test
  void rejectAndWithdrawEndPromotionsWithoutACommit() {
    String head = git("rev-parse", "main").ok().out();
    String rejected = requestToProduction("first try");
    assertThat(as(BOB, "reject", rejected, "--comment", "not on a Friday").ok().out())
        .contains("REJECTED");
    assertThat(as(CAROL, "approve", rejected).exits(3).err())
        .startsWith("refused: ILLEGAL_STATE");
    assertThat(as(BOB, "reject", rejected.substring(0, 12)).exits(2).err())
        .contains("Missing required option: '--comment=TEXT'");

    String withdrawn = requestToProduction("second try");
    assertThat(as(BOB, "withdraw", withdrawn).exits(3).err()).startsWith("refused: ");
    assertThat(as(ALICE, "withdraw", withdrawn, "--comment", "wrong build").ok().out())
        .contains("REJECTED (withdrawn)");

    assertThat(git("rev-parse", "main").ok().out()).isEqualTo(head);
    assertThat(baton("show", rejected).ok().out()).contains("rejected by " + BOB)
        .contains("not on a Friday");
  }

  @Test
  void historyFiltersByEnvironmentStatusRequesterAndTimeAndPages() {
    as(CAROL, "request", "--from", "dev", "--to", "staging").ok();
    String pending = requestToProduction("pending one");
    String rejected = requestToProduction("rejected one");
    as(BOB, "reject", rejected, "--comment", "no").ok();

    String all = baton("history").ok().out();
    assertThat(all.lines().toList()).hasSize(4); // header + 3
    assertThat(all.lines().findFirst().orElseThrow())
        .containsPattern("ID\\s+SOURCE → TARGET\\s+STATUS\\s+REQUESTER\\s+APPROVALS\\s+AGE");
    assertThat(all.lines().skip(1).findFirst().orElseThrow())
        .startsWith(rejected.substring(0, 10) + "  ").contains("rejected");

    assertThat(baton("history", "--env", "staging").ok().out()).contains("dev → staging")
        .doesNotContain("production");
    assertThat(baton("history", "--status", "pending_approval").ok().out())
        .contains(pending.substring(0, 10)).doesNotContain(rejected.substring(0, 10));
    assertThat(baton("history", "--status", "PENDING_APPROVAL,rejected").ok().out().lines())
        .hasSize(3);
    assertThat(baton("history", "--requester", CAROL).ok().out().lines()).hasSize(2);
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    assertThat(baton("history", "--since", today).ok().out().lines()).hasSize(4);
    assertThat(baton("history", "--until", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString())
        .ok().out()).contains("No promotions match.");
    assertThat(baton("history", "--limit", "1", "--offset", "1").ok().out())
        .contains(pending.substring(0, 10)).contains("(2-2 of 3; next page: --offset 2)");

    JsonNode page = baton("--json", "history", "--limit", "2").ok().json();
    assertThat(page.get("total").asInt()).isEqualTo(3);
    assertThat(page.get("items")).hasSize(2);
    assertThat(page.get("items").get(0).get("id").asText()).isEqualTo(rejected);
    assertThat(page.get("offset").asInt()).isZero();
    assertThat(page.get("nextOffset").asInt()).isEqualTo(2);
    assertThat(baton("--json", "history", "--limit", "2", "--offset", "2").ok().json()
        .get("nextOffset").isNull()).isTrue();

    assertThat(baton("history", "--since", "yesterday").exits(2).err()).contains("--since");
    assertThat(baton("history", "--status", "approved").exits(2).err()).contains("--status");
    assertThat(baton("history", "--limit", "0").exits(2).err()).contains("--limit");
  }

  @Test
  void inboxListsWhatAPersonMayStillApprove() {
    String id = requestToProduction("for the inbox");

    assertThat(as(ALICE, "inbox").ok().out()).contains("Nothing waits for " + ALICE);
    String bobs = as(BOB, "inbox").ok().out();
    assertThat(bobs).contains(id.substring(0, 10)).contains("staging → production")
        .containsPattern("0/2\\s+2\\s+").contains("for the inbox");

    as(BOB, "approve", id).ok();
    assertThat(as(BOB, "inbox").ok().out()).contains("Nothing waits for " + BOB);
    JsonNode carols = as(CAROL, "--json", "inbox").ok().json().get("items");
    assertThat(carols).hasSize(1);
    assertThat(carols.get(0).get("approvalsMissing").asInt()).isEqualTo(1);
    assertThat(carols.get(0).get("promotion").get("id").asText()).isEqualTo(id);
  }

  @Test
  void idsResolveByUniquePrefixAndUnknownOrAmbiguousOnesAreRefused() {
    String first = requestToProduction("one");
    String second = requestToProduction("two");

    assertThat(baton("show", first.substring(2, 12)).ok().out()).contains(first);
    assertThat(baton("show", second.substring(0, 10)).ok().out()).contains(second);

    CliProcess.Result unknown = baton("show", "p-ffffffff-nope");
    unknown.exits(3);
    assertThat(unknown.err()).startsWith("refused: PROMOTION_NOT_FOUND (HTTP 404): ");
    assertThat(as(BOB, "approve", "zzz").exits(3).err()).contains("PROMOTION_NOT_FOUND");
    assertThat(baton("show", "p-").exits(3).err()).contains("PROMOTION_NOT_FOUND")
        .contains("ambiguous");
  }

  @Test
  void anIdempotencyKeyReturnsTheFirstPromotion() {
    String first = as(ALICE, "--json", "request", "--from", "staging", "--to", "production",
        "--key", "build-42").ok().json().get("id").asText();
    String again = as(ALICE, "--json", "request", "--from", "staging", "--to", "production",
        "--key", "build-42").ok().json().get("id").asText();

    assertThat(again).isEqualTo(first);
    assertThat(baton("--json", "history").ok().json().get("total").asInt()).isEqualTo(1);
  }

  @Test
  void aTransitionOutsideThePipelineIsRefused() {
    CliProcess.Result result = as(ALICE, "request", "--from", "dev", "--to", "production")
        .exits(3);

    assertThat(result.err()).startsWith("refused: INVALID_STAGE_TRANSITION (HTTP 400): ")
        .contains("dev -> production");
  }

  @Test
  void notificationsAreAppendedAsJsonLines() throws Exception {
    String id = requestToProduction("tell the approvers");

    var lines = java.nio.file.Files.readAllLines(
        repo.resolve(".git").resolve("baton").resolve("notifications.jsonl"));
    assertThat(lines).isNotEmpty();
    assertThat(lines.get(lines.size() - 1)).contains("\"kind\":\"SUBMITTED\"")
        .contains("\"promotion\":\"" + id + "\"");
  }
}
