package dev.baton.examples.badinput;

import static dev.baton.error.ErrorCode.BRANCH_NOT_FOUND;
import static dev.baton.error.ErrorCode.ILLEGAL_STATE;
import static dev.baton.error.ErrorCode.INVALID_ARGUMENT;
import static dev.baton.error.ErrorCode.INVALID_REF_NAME;
import static dev.baton.error.ErrorCode.INVALID_STAGE_TRANSITION;
import static dev.baton.error.ErrorCode.PERMISSION_DENIED;
import static dev.baton.error.ErrorCode.PIPELINE_NOT_FOUND;
import static dev.baton.error.ErrorCode.PROMOTION_NOT_FOUND;

import dev.baton.PromotionRequest;
import dev.baton.git.GitEnvironmentRepository;
import dev.baton.git.state.GitStateStore;
import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import java.util.ArrayList;
import java.util.List;

/**
 * Bad names (environments, projects), promotion ids, and Git refs: characters a folder or ref
 * cannot hold, look-alikes of {@code .git}, sizes; names that are well formed but name nothing;
 * branch and state ref names Git refuses, and a branch that does not exist.
 */
final class NameIdRefCases {
  static final String NAMES = "name";
  static final String IDS = "id";
  static final String REFS = "ref";

  private NameIdRefCases() {}

  static List<BadCase> all() {
    List<BadCase> c = new ArrayList<>();
    String[] badNames = {"", "dev/x", "../production", "a..b", "dev x", " dev", ".git",
        ".hidden", "GIT~1", "-dev", "_dev", "de\u200bv", "dev\u202e", "dev\u0000",
        "dev\n", "d".repeat(64), "dév", "dev:1", "dev*", "dev\\x"};
    for (String bad : badNames) {
      c.add(BadCase.of(NAMES, "environment '" + visible(bad) + "'", INVALID_ARGUMENT,
          w -> w.baton().promotions().request(
              PromotionRequest.of("shop", bad, "production", "carol@example.com"))));
    }
    String[] badProjects = {"", "shop/x", "..", "sh op", ".git", "GIT~1", "s\u200bhop",
        "p".repeat(64), "shop\t", "shop;rm"};
    for (String bad : badProjects) {
      c.add(BadCase.of(NAMES, "project '" + visible(bad) + "'", INVALID_ARGUMENT,
          w -> w.baton().pipelines().get(ProjectId.of(bad))));
    }
    c.add(BadCase.of(NAMES, "environment null", INVALID_ARGUMENT,
        w -> EnvironmentName.of(null)));
    c.add(BadCase.of(NAMES, "unknown project", PIPELINE_NOT_FOUND,
        w -> w.baton().promotions().request(
            PromotionRequest.of("kiosk", "staging", "production", "carol@example.com"))));
    c.add(BadCase.of(NAMES, "environment not in the pipeline", INVALID_STAGE_TRANSITION,
        w -> w.baton().promotions().request(
            PromotionRequest.of("shop", "qa", "production", "carol@example.com"))));
    c.add(BadCase.of(NAMES, "upper-case spelling of an environment", INVALID_STAGE_TRANSITION,
        w -> w.baton().promotions().request(
            PromotionRequest.of("shop", "STAGING", "production", "carol@example.com"))));
    c.add(BadCase.of(NAMES, "backwards along the pipeline", INVALID_STAGE_TRANSITION,
        w -> w.baton().promotions().request(
            PromotionRequest.of("shop", "production", "staging", "carol@example.com"))));
    c.add(BadCase.of(NAMES, "skipping a stage", INVALID_STAGE_TRANSITION,
        w -> w.baton().promotions().request(
            PromotionRequest.of("shop", "dev", "production", "carol@example.com"))));
    c.add(BadCase.of(NAMES, "source is the target", INVALID_STAGE_TRANSITION,
        w -> w.baton().promotions().request(
            PromotionRequest.of("shop", "staging", "staging", "carol@example.com"))));
    // Promotion ids.
    String[] badIds = {"", "p-1/../x", "p 1", "../../HEAD", "p-" + "f".repeat(62), ".p-1",
        "p-1\n", "p-\u200b1", "refs/heads/main", "p-1:2"};
    for (String bad : badIds) {
      c.add(BadCase.of(IDS, "malformed id '" + visible(bad) + "'", INVALID_ARGUMENT,
          w -> w.baton().promotions().get(PromotionId.of(bad))));
    }
    c.add(BadCase.of(IDS, "id of 1 MB", INVALID_ARGUMENT,
        w -> w.baton().promotions().approve(PromotionId.of("p".repeat(1 << 20)),
            BadInputWorld.CAROL, "ok")));
    c.add(BadCase.of(IDS, "null id", INVALID_ARGUMENT, w -> PromotionId.of(null)));
    PromotionId unknown = PromotionId.of("p-00000000-0000-0000-0000-000000000000");
    c.add(BadCase.of(IDS, "unknown id (get)", PROMOTION_NOT_FOUND,
        w -> w.baton().promotions().get(unknown)));
    c.add(BadCase.of(IDS, "unknown id (approve)", PROMOTION_NOT_FOUND,
        w -> w.baton().promotions().approve(unknown, BadInputWorld.CAROL, "ok")));
    c.add(BadCase.of(IDS, "unknown id (reject)", PROMOTION_NOT_FOUND,
        w -> w.baton().promotions().reject(unknown, BadInputWorld.CAROL, "no")));
    c.add(BadCase.of(IDS, "unknown id (withdraw)", PROMOTION_NOT_FOUND,
        w -> w.baton().promotions().withdraw(unknown, BadInputWorld.ALICE, "")));
    c.add(BadCase.of(IDS, "unknown id (deploy)", PROMOTION_NOT_FOUND,
        w -> w.baton().promotions().deploy(unknown, BadInputWorld.CAROL)));
    c.add(BadCase.of(IDS, "unknown id (resume)", PROMOTION_NOT_FOUND,
        w -> w.baton().promotions().resume(unknown, BadInputWorld.CAROL)));
    c.add(BadCase.of(IDS, "unknown id (pinned preview)", PROMOTION_NOT_FOUND,
        w -> w.baton().previews().of(unknown)));
    c.add(BadCase.of(IDS, "id with a different prefix", PROMOTION_NOT_FOUND,
        w -> w.baton().promotions().get(PromotionId.of(
            "q" + w.pending().value().substring(1)))));
    c.add(BadCase.of(IDS, "id in upper case", PROMOTION_NOT_FOUND,
        w -> w.baton().promotions().get(PromotionId.of(w.pending().value().toUpperCase()))));
    c.add(BadCase.of(IDS, "completed promotion approved", ILLEGAL_STATE,
        w -> w.baton().promotions().approve(w.completed(), BadInputWorld.CAROL, "late")));
    c.add(BadCase.of(IDS, "completed promotion rejected", ILLEGAL_STATE,
        w -> w.baton().promotions().reject(w.completed(), BadInputWorld.CAROL, "late")));
    c.add(BadCase.of(IDS, "completed promotion withdrawn", ILLEGAL_STATE,
        w -> w.baton().promotions().withdraw(w.completed(), BadInputWorld.ALICE, "late")));
    c.add(BadCase.of(IDS, "pending promotion deployed", ILLEGAL_STATE,
        w -> w.baton().promotions().deploy(w.pending(), BadInputWorld.CAROL)));
    c.add(BadCase.of(IDS, "pending promotion withdrawn by another", PERMISSION_DENIED,
        w -> w.baton().promotions().withdraw(w.pending(), BadInputWorld.CAROL, "mine now")));
    // Branch and state ref names.
    String[] badBranches = {"a..b", "a b", "x.lock", "a@{1}", "a~1", "a^", "a:b", "/x",
        "x/", "x//y", ".x", "a\\b", "a*", "a?", "a[b", "", "a\u0001b", "a/.b",
        "refs/heads/.."};
    for (String bad : badBranches) {
      c.add(BadCase.of(REFS, "branch '" + visible(bad) + "'", INVALID_REF_NAME,
          w -> GitEnvironmentRepository.builder().repository(w.dir()).branch(bad).build()
              .close()));
    }
    String[] badStateRefs = {"refs/baton/state..x", "refs/baton/st ate", "refs/baton/state.lock",
        "baton-state", "refs/baton/state/", "refs/baton/~state"};
    for (String bad : badStateRefs) {
      c.add(BadCase.of(REFS, "state ref '" + bad + "'", INVALID_REF_NAME,
          w -> GitStateStore.builder(w.dir()).ref(bad).build().close()));
    }
    // Git itself cannot make these branches (JGit's rule lets them by), so they never exist.
    for (String missing : new String[] {"release", "a.lock/b", "-x", "@"}) {
      c.add(BadCase.of(REFS, "branch '" + missing + "' that does not exist", BRANCH_NOT_FOUND,
          w -> {
            try (GitEnvironmentRepository repo = GitEnvironmentRepository.builder()
                .repository(w.dir()).branch(missing).build()) {
              repo.environments(BadInputWorld.SHOP);
            }
          }));
    }
    return c;
  }

  private static String visible(String text) {
    StringBuilder b = new StringBuilder();
    text.codePoints().forEach(cp -> {
      if (cp < 0x20 || cp > 0x7e) {
        b.append(String.format("\\u%04x", cp));
      } else {
        b.appendCodePoint(cp);
      }
    });
    return b.length() > 40 ? b.substring(0, 20) + "...(" + text.length() + ")" : b.toString();
  }
}
