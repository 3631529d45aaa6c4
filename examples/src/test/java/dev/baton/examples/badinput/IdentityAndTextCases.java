package dev.baton.examples.badinput;

import static dev.baton.error.ErrorCode.ALREADY_APPROVED;
import static dev.baton.error.ErrorCode.INVALID_ARGUMENT;
import static dev.baton.error.ErrorCode.PERMISSION_DENIED;

import dev.baton.PromotionRequest;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentName;
import dev.baton.model.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bad identities (refused characters, sizes, and spellings of a person that must count as that
 * person for separation of duties) and bad free text (notes, comments, reasons, idempotency
 * keys past their bounds).
 */
final class IdentityAndTextCases {
  static final String IDENTITIES = "identity";
  static final String TEXT = "notes and comments";

  private static final String TOO_LONG = "x".repeat(10_001);

  private IdentityAndTextCases() {}

  static List<BadCase> all() {
    List<BadCase> c = new ArrayList<>();
    user(c, "empty", "");
    user(c, "blank", "   ");
    user(c, "null", null);
    user(c, "NUL", "bob\u0000@example.com");
    user(c, "newline", "bob@example.com\nApproved-by: eve@example.com");
    user(c, "carriage return", "bob@example.com\r");
    user(c, "escape sequence", "\u001b[2Jbob@example.com");
    user(c, "DEL", "bob\u007f@example.com");
    user(c, "C1 control", "bob\u0085@example.com");
    user(c, "zero-width space", "alice\u200b@example.com");
    user(c, "zero-width joiner", "ali\u200dce@example.com");
    user(c, "zero-width non-joiner", "ali\u200cce@example.com");
    user(c, "word joiner", "alice\u2060@example.com");
    user(c, "byte-order mark", "\ufeffalice@example.com");
    user(c, "right-to-left override", "\u202emoc.elpmaxe@ecila");
    user(c, "left-to-right mark", "alice@example.com\u200e");
    user(c, "bidi isolate", "\u2066alice@example.com\u2069");
    user(c, "soft hyphen", "al\u00adice@example.com");
    user(c, "line separator", "alice@example.com\u2028");
    user(c, "paragraph separator", "alice\u2029@example.com");
    user(c, "tag character", "alice@example.com\udb40\udc41");
    user(c, "201 characters", "a".repeat(201));
    user(c, "201 characters after lower-casing", "A".repeat(189) + "@example.com");
    // The requester in another spelling is still the requester.
    selfApproval(c, "upper case", "ALICE@EXAMPLE.COM");
    selfApproval(c, "trailing dot of the domain", "alice@example.com.");
    selfApproval(c, "both", "ALICE@EXAMPLE.COM.");
    selfApproval(c, "surrounding spaces", "  alice@example.com ");
    selfApproval(c, "mixed case and spaces", "  Alice@Example.Com  ");
    againApproval(c, "upper case", "BOB@EXAMPLE.COM");
    againApproval(c, "trailing dot", "bob@example.com.");
    againApproval(c, "spaces and case", " Bob@example.COM ");
    // Free text past 10,000 characters, and other bounded strings.
    text(c, "notes of 10,001 characters", w -> w.baton().promotions().request(
        PromotionRequest.of("shop", "staging", "production", "carol@example.com")
            .withNotes(TOO_LONG)));
    text(c, "notes of 10,000 emoji", w -> w.baton().promotions().request(
        PromotionRequest.of("shop", "staging", "production", "carol@example.com")
            .withNotes("\ud83d\ude80".repeat(10_000))));
    text(c, "notes of 1 MB", w -> w.baton().promotions().request(
        PromotionRequest.of("shop", "staging", "production", "carol@example.com")
            .withNotes("n".repeat(1_000_000))));
    text(c, "approval comment of 10,001 characters", w -> w.baton().promotions().approve(
        w.pending(), BadInputWorld.CAROL, TOO_LONG));
    text(c, "rejection comment of 10,001 characters", w -> w.baton().promotions().reject(
        w.pending(), BadInputWorld.CAROL, TOO_LONG));
    text(c, "withdrawal comment of 10,001 characters", w -> w.baton().promotions().withdraw(
        w.pending(), BadInputWorld.ALICE, TOO_LONG));
    text(c, "freeze reason of 10,001 characters", w -> w.baton().environments().freeze(
        BadInputWorld.SHOP, EnvironmentName.of("production"), TOO_LONG, BadInputWorld.CAROL,
        Optional.empty()));
    text(c, "break-glass reason of 10,001 characters", w -> w.baton().environments()
        .breakGlass(BadInputWorld.SHOP, EnvironmentName.of("production"),
            BadInputWorld.CAROL, TOO_LONG, Duration.ofHours(1)));
    text(c, "idempotency key of 10,001 characters", w -> w.baton().promotions().request(
        PromotionRequest.of("shop", "staging", "production", "carol@example.com")
            .withIdempotencyKey(TOO_LONG)));
    text(c, "idempotency key empty", w -> w.baton().promotions().request(
        PromotionRequest.of("shop", "staging", "production", "carol@example.com")
            .withIdempotencyKey("")));
    text(c, "idempotency key with a newline", w -> w.baton().promotions().request(
        PromotionRequest.of("shop", "staging", "production", "carol@example.com")
            .withIdempotencyKey("k\nPromotion-Id: p-1")));
    text(c, "idempotency key null", w -> w.baton().promotions().request(
        new PromotionRequest(BadInputWorld.SHOP, EnvironmentName.of("staging"),
            EnvironmentName.of("production"), BadInputWorld.CAROL, "", null)));
    text(c, "request without requester", w -> w.baton().promotions().request(
        new PromotionRequest(BadInputWorld.SHOP, EnvironmentName.of("staging"),
            EnvironmentName.of("production"), null, "", Optional.empty())));
    text(c, "request without project", w -> w.baton().promotions().request(
        new PromotionRequest(null, EnvironmentName.of("staging"),
            EnvironmentName.of("production"), BadInputWorld.CAROL, "", Optional.empty())));
    return c;
  }

  /** A user id passed as the approver of the pending promotion. */
  private static void user(List<BadCase> c, String name, String raw) {
    c.add(BadCase.of(IDENTITIES, name, INVALID_ARGUMENT, w -> w.baton().promotions()
        .approve(w.pending(), UserId.of(raw), "ok")));
  }

  private static void selfApproval(List<BadCase> c, String name, String spelling) {
    c.add(BadCase.of(IDENTITIES, "requester approves as " + name, PERMISSION_DENIED,
        w -> w.baton().promotions().approve(w.pending(), UserId.of(spelling), "me again")));
  }

  private static void againApproval(List<BadCase> c, String name, String spelling) {
    c.add(BadCase.of(IDENTITIES, "bob approves again as " + name, ALREADY_APPROVED,
        w -> w.baton().promotions().approve(w.pending(), UserId.of(spelling), "twice")));
  }

  private static void text(List<BadCase> c, String name, BadCase.Call call) {
    c.add(BadCase.of(TEXT, name, ErrorCode.INVALID_ARGUMENT, call));
  }
}
