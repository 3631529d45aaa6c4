package dev.baton;

import static dev.baton.World.SHOP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.governance.GrantAuthorizer;
import dev.baton.model.EnvironmentName;
import dev.baton.model.Permission;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.UserId;
import dev.baton.testkit.random.Command;
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.ModelCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random histories of requests, approvals (duplicates and many approvers included), rejections,
 * withdrawals, deploys, freezes and permission refusals, checked after every step against a plain
 * model: statuses, approver sets, exactly one release and one commit per executed promotion,
 * terminal states absorbing, and the same refusal code for every refused step.
 */
class PromotionModelTest {
  private static final UserId ADMIN = UserId.of("admin");
  private static final List<UserId> PEOPLE = List.of(UserId.of("alice"), UserId.of("bob"),
      UserId.of("carol"), UserId.of("dave"), UserId.of("erin"), UserId.of("mallory"));
  private static final Set<UserId> REQUESTERS = Set.of(UserId.of("alice"), UserId.of("dave"));
  private static final Set<UserId> APPROVERS = Set.of(UserId.of("bob"), UserId.of("carol"),
      UserId.of("dave"), UserId.of("erin"));
  /** The seed pipeline's transitions: source, target, required approvals, target is manual. */
  private static final List<String[]> TRANSITIONS = List.of(
      new String[] {"dev", "staging", "0", "direct"},
      new String[] {"dev", "qa", "0", "direct"},
      new String[] {"staging", "production", "2", "manual"},
      new String[] {"qa", "production", "1", "manual"});
  private static final List<String> ENVIRONMENTS = List.of("dev", "qa", "staging", "production");

  /** What the model knows of one promotion. */
  static final class Expected {
    final PromotionId id;
    final String source;
    final String target;
    final UserId requester;
    final int required;
    final boolean manualTarget;
    PromotionStatus status = PromotionStatus.PENDING_APPROVAL;
    final Set<UserId> approvers = new HashSet<>();
    long releasedAt = -1;
    /** The source's version it carries and the target's version it was requested against. */
    int carries;
    int pinned;

    Expected(PromotionId id, String[] transition, UserId requester) {
      this.id = id;
      this.source = transition[0];
      this.target = transition[1];
      this.required = Integer.parseInt(transition[2]);
      this.manualTarget = transition[3].equals("manual");
      this.requester = requester;
    }
  }

  /**
   * The plain model: promotions in request order, frozen environments, a release counter, and
   * each environment's version (ordered as the engine orders them: new builds are newest).
   */
  static final class Model {
    final Map<PromotionId, Expected> promotions = new LinkedHashMap<>();
    final Set<String> frozen = new HashSet<>();
    final Map<String, Integer> version = new HashMap<>(Map.of("dev", 1400, "qa", 1320,
        "staging", 1320, "production", 1300));
    long releases;
    int builds;

    /** Executing at quorum: refused when stale or when the target moved since the request. */
    Optional<ErrorCode> executionRefusal(Expected p) {
      int now = version.get(p.target);
      return p.carries < now ? Optional.of(ErrorCode.STALE_PROMOTION)
          : now != p.pinned ? Optional.of(ErrorCode.TARGET_CHANGED) : Optional.empty();
    }

    Optional<Expected> pick(int k) {
      List<Expected> all = new ArrayList<>(promotions.values());
      return all.isEmpty() ? Optional.empty() : Optional.of(all.get(k % all.size()));
    }

    void execute(Expected p) {
      version.put(p.target, p.carries);
      p.releasedAt = releases++;
      p.status = !p.manualTarget && !frozen.contains(p.target)
          ? PromotionStatus.COMPLETED : PromotionStatus.PENDING_RELEASE;
    }

    boolean newerReleaseInTarget(Expected p) {
      return promotions.values().stream().anyMatch(o -> o != p && o.target.equals(p.target)
          && o.releasedAt > p.releasedAt);
    }
  }

  /** Runs a step on the engine and expects the refusal code the model predicts, or success. */
  private static Optional<Promotion> expect(Optional<ErrorCode> refusal,
      java.util.function.Supplier<Promotion> step) {
    try {
      Promotion result = step.get();
      assertThat(refusal).as("the engine accepted a step the model refuses").isEmpty();
      return Optional.of(result);
    } catch (BatonException e) {
      assertThat(Optional.of(e.code())).as(e.getMessage()).isEqualTo(refusal);
      return Optional.empty();
    }
  }

  /** A request, after a new build lands in the source when {@code build}. */
  record Request(int transition, int person, boolean build) implements Command<World, Model> {
    @Override
    public void run(World world, Model model) {
      String[] t = TRANSITIONS.get(transition % TRANSITIONS.size());
      if (build) {
        world.newBuild(EnvironmentName.of(t[0]));
        model.version.put(t[0], 1_000_000 + ++model.builds);
      }
      UserId requester = PEOPLE.get(person % PEOPLE.size());
      int source = model.version.get(t[0]);
      int target = model.version.get(t[1]);
      Optional<ErrorCode> refusal = !REQUESTERS.contains(requester)
          ? Optional.of(ErrorCode.PERMISSION_DENIED)
          : source == target ? Optional.of(ErrorCode.NOTHING_TO_PROMOTE)
          : source < target ? Optional.of(ErrorCode.STALE_PROMOTION) : Optional.empty();
      expect(refusal, () -> world.promotions().request(PromotionRequest.of("shop", t[0], t[1],
          requester.value()))).ifPresent(p -> {
            Expected e = new Expected(p.id(), t, requester);
            e.carries = source;
            e.pinned = target;
            model.promotions.put(p.id(), e);
            if (e.required == 0) {
              model.execute(e);
            }
          });
    }
  }

  record Approve(int promotion, int person) implements Command<World, Model> {
    @Override
    public void run(World world, Model model) {
      Optional<Expected> target = model.pick(promotion);
      if (target.isEmpty()) {
        return;
      }
      Expected p = target.get();
      UserId approver = PEOPLE.get(person % PEOPLE.size());
      Optional<ErrorCode> refusal;
      if (!APPROVERS.contains(approver)) {
        refusal = Optional.of(ErrorCode.PERMISSION_DENIED);
      } else if (p.status != PromotionStatus.PENDING_APPROVAL) {
        refusal = Optional.of(ErrorCode.ILLEGAL_STATE);
      } else if (p.approvers.contains(approver)) {
        refusal = Optional.of(ErrorCode.ALREADY_APPROVED);
      } else if (approver.equals(p.requester)) {
        refusal = Optional.of(ErrorCode.PERMISSION_DENIED);
      } else if (p.approvers.size() + 1 >= p.required) {
        refusal = model.executionRefusal(p);
      } else {
        refusal = Optional.empty();
      }
      expect(refusal, () -> world.promotions().approve(p.id, approver, "")).ifPresent(done -> {
        p.approvers.add(approver);
        if (p.approvers.size() >= p.required) {
          model.execute(p);
        }
      });
      if (refusal.isPresent() && (refusal.get() == ErrorCode.TARGET_CHANGED
          || refusal.get() == ErrorCode.STALE_PROMOTION)) {
        // the approval met the quorum; execution closed the promotion without writing
        p.approvers.add(approver);
        p.status = PromotionStatus.REJECTED;
      }
    }
  }

  record Reject(int promotion, int person) implements Command<World, Model> {
    @Override
    public void run(World world, Model model) {
      model.pick(promotion).ifPresent(p -> {
        UserId approver = PEOPLE.get(person % PEOPLE.size());
        Optional<ErrorCode> refusal = !APPROVERS.contains(approver)
            ? Optional.of(ErrorCode.PERMISSION_DENIED)
            : p.status != PromotionStatus.PENDING_APPROVAL
                ? Optional.of(ErrorCode.ILLEGAL_STATE) : Optional.empty();
        expect(refusal, () -> world.promotions().reject(p.id, approver, "no"))
            .ifPresent(done -> p.status = PromotionStatus.REJECTED);
      });
    }
  }

  record Withdraw(int promotion, int person) implements Command<World, Model> {
    @Override
    public void run(World world, Model model) {
      model.pick(promotion).ifPresent(p -> {
        UserId who = person % 2 == 0 ? p.requester : PEOPLE.get(person % PEOPLE.size());
        Optional<ErrorCode> refusal = p.status != PromotionStatus.PENDING_APPROVAL
            ? Optional.of(ErrorCode.ILLEGAL_STATE)
            : !who.equals(p.requester) ? Optional.of(ErrorCode.PERMISSION_DENIED)
                : Optional.empty();
        expect(refusal, () -> world.promotions().withdraw(p.id, who, "stale"))
            .ifPresent(done -> p.status = PromotionStatus.REJECTED);
      });
    }
  }

  record Deploy(int promotion, int person) implements Command<World, Model> {
    @Override
    public void run(World world, Model model) {
      model.pick(promotion).ifPresent(p -> {
        UserId who = PEOPLE.get(person % PEOPLE.size());
        Optional<ErrorCode> refusal = !APPROVERS.contains(who)
            ? Optional.of(ErrorCode.PERMISSION_DENIED)
            : p.status != PromotionStatus.PENDING_RELEASE ? Optional.of(ErrorCode.ILLEGAL_STATE)
            : model.frozen.contains(p.target) ? Optional.of(ErrorCode.ENVIRONMENT_FROZEN)
            : model.newerReleaseInTarget(p) ? Optional.of(ErrorCode.ILLEGAL_STATE)
            : Optional.empty();
        expect(refusal, () -> world.promotions().deploy(p.id, who))
            .ifPresent(done -> p.status = PromotionStatus.COMPLETED);
      });
    }
  }

  record Freeze(int environment, boolean on) implements Command<World, Model> {
    @Override
    public void run(World world, Model model) {
      String env = ENVIRONMENTS.get(environment % ENVIRONMENTS.size());
      if (on) {
        // the model knows freezes that hold the deploy; FreezeWriteTest covers held writes
        world.baton.environments().freeze(SHOP, EnvironmentName.of(env), "model freeze", ADMIN,
            Optional.empty(), dev.baton.model.FreezeHolds.DEPLOY);
        model.frozen.add(env);
      } else {
        world.baton.environments().unfreeze(SHOP, EnvironmentName.of(env), ADMIN);
        model.frozen.remove(env);
      }
      world.clock.advance(Duration.ofMinutes(1));
    }
  }

  private static World newWorld() {
    GrantAuthorizer grants = GrantAuthorizer.empty().grant(ADMIN, SHOP, Permission.values());
    REQUESTERS.forEach(u -> grants.grant(u, SHOP, Permission.REQUEST));
    APPROVERS.forEach(u -> grants.grant(u, SHOP, Permission.APPROVE, Permission.DEPLOY));
    return World.create(b -> b.authorizer(grants));
  }

  private static void agree(World world, Model model) {
    // Time moves on between steps, as it does for people; release order is told by time.
    world.clock.advance(Duration.ofSeconds(1));
    List<Promotion> stored = world.store.query(PromotionQuery.of(SHOP).withPage(0, 1000))
        .items();
    assertThat(stored).hasSize(model.promotions.size());
    for (Promotion actual : stored) {
      Expected e = model.promotions.get(actual.id());
      assertThat(actual.status()).as("status of %s", actual.id()).isEqualTo(e.status);
      assertThat(actual.approvers()).as("approvers of %s", actual.id())
          .containsExactlyInAnyOrderElementsOf(e.approvers);
      assertThat(actual.claim()).as("no execution left running").isEmpty();
      boolean executed = e.releasedAt >= 0;
      assertThat(actual.release().isPresent()).as("release of %s", actual.id())
          .isEqualTo(executed);
      assertThat(world.environments.commits(SHOP, EnvironmentName.of(e.target)))
          .as("commits written by %s", actual.id())
          .filteredOn(c -> c.promotion().equals(actual.id())).hasSize(executed ? 1 : 0);
    }
  }

  @Test
  void engineAgreesWithTheModel() {
    Gen<Integer> any = Gen.choose(0, 1_000);
    Gen<Command<World, Model>> commands = Gen.frequency(
        Gen.weighted(4, any.flatMap(t -> any.flatMap(p -> Gen.frequency(
            Gen.weighted(3, Gen.constant(true)), Gen.weighted(1, Gen.constant(false)))
            .map(b -> new Request(t, p, b))))),
        Gen.weighted(6, any.flatMap(k -> any.map(p -> new Approve(k, p)))),
        Gen.weighted(1, any.flatMap(k -> any.map(p -> new Reject(k, p)))),
        Gen.weighted(1, any.flatMap(k -> any.map(p -> new Withdraw(k, p)))),
        Gen.weighted(2, any.flatMap(k -> any.map(p -> new Deploy(k, p)))),
        Gen.weighted(1, any.flatMap(e -> Gen.bool().map(on -> new Freeze(e, on)))));
    ModelCheck.of(PromotionModelTest::newWorld, Model::new, commands)
        .sequences(1_000)
        .length(1, 25)
        .afterEach(PromotionModelTest::agree)
        .check();
  }
}
