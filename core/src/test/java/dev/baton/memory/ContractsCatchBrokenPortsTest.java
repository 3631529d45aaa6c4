package dev.baton.memory;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.model.BreakGlass;
import dev.baton.model.CasResult;
import dev.baton.model.DeployPolicy;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.InsertResult;
import dev.baton.model.Notification;
import dev.baton.model.NotificationId;
import dev.baton.model.Page;
import dev.baton.model.PendingNotification;
import dev.baton.model.Pipeline;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import dev.baton.model.PromotionQuery;
import dev.baton.model.PromotionStatus;
import dev.baton.model.Release;
import dev.baton.model.Revision;
import dev.baton.model.WriteResult;
import dev.baton.spi.DeployPolicyResolver;
import dev.baton.spi.EnvironmentRepository;
import dev.baton.spi.ForwardingEnvironmentRepository;
import dev.baton.spi.ForwardingFreezeStore;
import dev.baton.spi.ForwardingPromotionStore;
import dev.baton.spi.FreezeStore;
import dev.baton.spi.Notifier;
import dev.baton.spi.PipelineStore;
import dev.baton.spi.PromotionStore;
import dev.baton.testkit.DeployPolicyResolverContract;
import dev.baton.testkit.EnvironmentRepositoryContract;
import dev.baton.testkit.FreezeStoreContract;
import dev.baton.testkit.NotifierContract;
import dev.baton.testkit.PipelineStoreContract;
import dev.baton.testkit.PromotionStoreContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The contract suites can fail: each plants one typical adapter bug (as a decorator of a correct
 * in-memory port) and checks that the contract test aimed at it reports it.
 */
class ContractsCatchBrokenPortsTest {

  // ----------------------------------------------------------------------------- promotion store

  @Test
  void casThatIgnoresTheVersionIsCaught() {
    PromotionStoreContract contract = promotionContract(() -> new Delegating() {
      @Override
      public synchronized CasResult compareAndSet(long expected, Promotion next,
          List<Notification> ns) {
        long stored = delegate.find(next.id()).map(Promotion::version).orElse(expected);
        return delegate.compareAndSet(stored, next.toBuilder().version(stored + 1).build(), ns);
      }
    });

    fails(contract, contract::compareAndSetRefusesAnotherVersion);
    fails(contract, contract::exactlyOneCompareAndSetWinsEachRound);
  }

  @Test
  void aLastReleaseBeyondTheWindowOrWithTiesTheOtherWayIsCaught() {
    PromotionStoreContract unbounded = promotionContract(() -> new Delegating() {
      @Override
      public Optional<Release> lastRelease(ProjectId project, EnvironmentName target) {
        List<Promotion> all = delegate.query(new PromotionQuery(Optional.of(project),
            Optional.of(target), Set.of(PromotionStatus.COMPLETED,
                PromotionStatus.PENDING_RELEASE), Optional.empty(), Optional.empty(),
            Optional.empty(), false, 0, 1000)).items();
        return PromotionStore.lastReleaseOf(all);
      }
    });
    PromotionStoreContract lastOfTies = promotionContract(() -> new Delegating() {
      @Override
      public Optional<Release> lastRelease(ProjectId project, EnvironmentName target) {
        List<Promotion> window = new ArrayList<>(delegate.query(new PromotionQuery(
            Optional.of(project), Optional.of(target), Set.of(PromotionStatus.COMPLETED,
                PromotionStatus.PENDING_RELEASE), Optional.empty(), Optional.empty(),
            Optional.empty(), false, 0, PromotionStore.LAST_RELEASE_WINDOW)).items());
        Collections.reverse(window);
        return PromotionStore.lastReleaseOf(window);
      }
    });

    fails(unbounded, unbounded::lastReleaseLooksAtTheNewestReleasedPromotionsOnly);
    fails(lastOfTies, lastOfTies::lastReleaseBreaksTiesByTheQueryOrder);
  }

  @Test
  void notificationsStoredBesideALostCasAreCaught() {
    PromotionStoreContract contract = promotionContract(LeakyOutbox::new);

    fails(contract, contract::lostCompareAndSetStoresNoNotification);
    fails(contract, contract::compareAndSetOfUnknownIdIsNotFound);
  }

  @Test
  void idempotencyKeysSharedAcrossProjectsAreCaught() {
    PromotionStoreContract contract = promotionContract(() -> new Delegating() {
      private final Set<String> keys = new HashSet<>();

      @Override
      public synchronized InsertResult insert(Promotion p, List<Notification> ns) {
        if (p.idempotencyKey().isPresent() && !keys.add(p.idempotencyKey().get())) {
          return InsertResult.DUPLICATE_KEY;
        }
        return delegate.insert(p, ns);
      }
    });

    fails(contract, contract::sameKeyInAnotherProjectIsAccepted);
  }

  @Test
  void oldestFirstQueryIsCaught() {
    PromotionStoreContract contract = promotionContract(() -> new Delegating() {
      @Override
      public Page<Promotion> query(PromotionQuery query) {
        Page<Promotion> page = delegate.query(query);
        List<Promotion> reversed = new ArrayList<>(page.items());
        java.util.Collections.reverse(reversed);
        return new Page<>(reversed, page.offset(), page.total());
      }
    });

    fails(contract, contract::queryAnswersNewestFirstWithTotal);
    fails(contract, contract::queryBreaksTiesByIdDescending);
  }

  @Test
  void pageSizeReportedAsTotalIsCaught() {
    PromotionStoreContract contract = promotionContract(() -> new Delegating() {
      @Override
      public Page<Promotion> query(PromotionQuery query) {
        Page<Promotion> page = delegate.query(query);
        return new Page<>(page.items(), page.offset(), page.items().size());
      }
    });

    fails(contract, contract::queryPagesThroughTheSameOrder);
  }

  @Test
  void claimThatIgnoresTheExpectedHolderIsCaught() {
    PromotionStoreContract contract = promotionContract(() -> new Delegating() {
      @Override
      public synchronized boolean compareAndSetTargetClaim(ProjectId project,
          EnvironmentName target, Optional<PromotionId> expected, Optional<PromotionId> next) {
        return delegate.compareAndSetTargetClaim(project, target,
            delegate.targetClaim(project, target), next);
      }
    });

    fails(contract, contract::targetClaimRefusesAWrongExpectation);
    fails(contract, contract::exactlyOneTargetClaimWinsEachRound);
  }

  @Test
  void markFailedThatForgetsTheRetryTimeIsCaught() {
    PromotionStoreContract contract = promotionContract(() -> new Delegating() {
      @Override
      public void markFailed(NotificationId id, String error, Instant retryAt) {
        delegate.markFailed(id, error, Instant.EPOCH);
      }
    });

    fails(contract, contract::markFailedCountsTheAttemptAndDelaysTheRetry);
  }

  // ---------------------------------------------------------------------- environment repository

  @Test
  void repositoryThatNeverReportsStaleIsCaught() {
    EnvironmentRepositoryContract contract = repositoryContract(repo -> new DelegatingRepo(repo) {
      @Override
      public synchronized WriteResult write(EnvironmentWrite w) {
        Revision now = repo.read(w.project(), w.environment()).revision();
        return repo.write(new EnvironmentWrite(w.project(), w.environment(), now, w.changes(),
            w.commit()));
      }
    });

    fails(contract, contract::writeIsStaleWhenTheEnvironmentChanged);
    fails(contract, contract::exactlyOneRacingWriterWrites);
  }

  @Test
  void repositoryThatCallsAnyNewerRevisionStaleIsCaught() {
    EnvironmentRepositoryContract contract = repositoryContract(repo -> new DelegatingRepo(repo) {
      @Override
      public WriteResult write(EnvironmentWrite w) {
        Revision newest = repo.environments(w.project()).stream()
            .map(e -> repo.read(w.project(), e).revision())
            .max(Comparator.comparingLong(r -> Long.parseLong(r.value().substring(4))))
            .orElse(InMemoryEnvironmentRepository.EMPTY);
        if (!newest.equals(w.expectedRevision())
            && repo.findWrite(w.project(), w.environment(), w.commit().promotion()).isEmpty()) {
          return new WriteResult(dev.baton.model.WriteStatus.STALE,
              repo.read(w.project(), w.environment()).revision());
        }
        return repo.write(w);
      }
    });

    fails(contract, contract::changeOfAnotherEnvironmentIsNotStale);
  }

  @Test
  void repositoryThatWritesAPromotionTwiceIsCaught() {
    AtomicInteger attempt = new AtomicInteger();
    EnvironmentRepositoryContract contract = repositoryContract(repo -> new DelegatingRepo(repo) {
      @Override
      public WriteResult write(EnvironmentWrite w) {
        var commit = w.commit();
        var renamed = new dev.baton.model.CommitInfo(
            PromotionId.of(commit.promotion().value() + "-" + attempt.incrementAndGet()),
            commit.title(), commit.notes(), commit.requestedBy(), commit.approvedBy(),
            commit.at());
        return repo.write(new EnvironmentWrite(w.project(), w.environment(),
            repo.read(w.project(), w.environment()).revision(), w.changes(), renamed));
      }
    });

    fails(contract, contract::secondWriteOfAPromotionIsAlreadyWritten);
  }

  // ------------------------------------------------------------------ pipelines, freezes, others

  @Test
  void pipelineStoreThatOverwritesOnVersionZeroIsCaught() {
    PipelineStoreContract contract = new PipelineStoreContract() {
      @Override
      protected PipelineStore newStore() {
        return new PipelineStore() {
          private final Map<ProjectId, Pipeline> map = new HashMap<>();

          @Override
          public synchronized Optional<Pipeline> find(ProjectId project) {
            return Optional.ofNullable(map.get(project));
          }

          @Override
          public synchronized CasResult compareAndSet(long expected, Pipeline pipeline) {
            long stored = map.containsKey(pipeline.project())
                ? map.get(pipeline.project()).version() : 0;
            if (expected != 0 && expected != stored) {
              return map.containsKey(pipeline.project())
                  ? CasResult.VERSION_MISMATCH : CasResult.NOT_FOUND;
            }
            map.put(pipeline.project(), pipeline);
            return CasResult.APPLIED;
          }

          @Override
          public synchronized Set<ProjectId> projects() {
            return Set.copyOf(map.keySet());
          }
        };
      }
    };

    fails(contract, contract::versionZeroIsRefusedOnceStored);
  }

  @Test
  void freezeStoreListingNewestFirstIsCaught() {
    FreezeStoreContract contract = new FreezeStoreContract() {
      @Override
      protected FreezeStore newStore() {
        return new ForwardingFreezeStore(new InMemoryFreezeStore()) {
          @Override
          public List<BreakGlass> breakGlassSessions(ProjectId p, EnvironmentName e) {
            List<BreakGlass> list = new ArrayList<>(super.breakGlassSessions(p, e));
            java.util.Collections.reverse(list);
            return list;
          }
        };
      }
    };

    fails(contract, contract::breakGlassSessionsComeOldestFirst);
  }

  @Test
  void notifierThatRefusesRedeliveryIsCaught() {
    List<NotificationId> got = new CopyOnWriteArrayList<>();
    NotifierContract contract = new NotifierContract() {
      @Override
      protected Notifier newNotifier() {
        got.clear();
        return n -> {
          if (got.contains(n.id())) {
            throw new IllegalStateException("duplicate");
          }
          got.add(n.id());
        };
      }

      @Override
      protected List<NotificationId> received(Notifier notifier) {
        return List.copyOf(got);
      }
    };

    contract.createNotifier();
    assertThatThrownBy(contract::redeliveryIsNotAnError).isInstanceOf(AssertionError.class);
  }

  @Test
  void notifierThatDropsAKindIsCaught() {
    List<NotificationId> got = new CopyOnWriteArrayList<>();
    NotifierContract contract = new NotifierContract() {
      @Override
      protected Notifier newNotifier() {
        return n -> {
          if (n.kind() != dev.baton.model.NotificationKind.WITHDRAWN) {
            got.add(n.id());
          }
        };
      }

      @Override
      protected List<NotificationId> received(Notifier notifier) {
        return List.copyOf(got);
      }
    };

    contract.createNotifier();
    assertThatThrownBy(() -> contract.everyKindIsDelivered(
        dev.baton.model.NotificationKind.WITHDRAWN)).isInstanceOf(AssertionError.class);
  }

  @Test
  void resolverThatAnswersNullOrFlipsIsCaught() {
    DeployPolicyResolverContract nulls = resolverContract((p, e, declared) ->
        declared == DeployPolicy.MANUAL ? null : declared);
    AtomicInteger calls = new AtomicInteger();
    DeployPolicyResolverContract flips = resolverContract((p, e, declared) ->
        calls.incrementAndGet() % 2 == 0 ? DeployPolicy.DIRECT : DeployPolicy.MANUAL);

    nulls.createResolver();
    assertThatThrownBy(() -> nulls.answersEveryDeclaredPolicyDeterministically(
        DeployPolicy.MANUAL)).isInstanceOf(AssertionError.class);
    flips.createResolver();
    assertThatThrownBy(() -> flips.answersEveryDeclaredPolicyDeterministically(
        DeployPolicy.DIRECT)).isInstanceOf(AssertionError.class);
  }

  // ----------------------------------------------------------------------------------- helpers

  private static void fails(PromotionStoreContract contract, ThrowingCallable test) {
    contract.createStore();
    assertThatThrownBy(test).isInstanceOf(AssertionError.class);
  }

  static void fails(EnvironmentRepositoryContract contract, ThrowingCallable test) {
    contract.createRepository();
    assertThatThrownBy(test).isInstanceOf(AssertionError.class);
  }

  private static void fails(PipelineStoreContract contract, ThrowingCallable test) {
    contract.createStore();
    assertThatThrownBy(test).isInstanceOf(AssertionError.class);
  }

  private static void fails(FreezeStoreContract contract, ThrowingCallable test) {
    contract.createStore();
    assertThatThrownBy(test).isInstanceOf(AssertionError.class);
  }

  private static PromotionStoreContract promotionContract(Supplier<PromotionStore> broken) {
    return new PromotionStoreContract() {
      @Override
      protected PromotionStore newStore() {
        return broken.get();
      }
    };
  }

  private static EnvironmentRepositoryContract repositoryContract(
      Function<InMemoryEnvironmentRepository, EnvironmentRepository> broken) {
    return repositoryContract(false, broken);
  }

  /**
   * The repository contract run on the in-memory repository wrapped by {@code broken}, seeded
   * through the repository inside; {@code orders}: whether it promises to order revisions
   * ({@code AncestryContractTest} uses it too).
   */
  static EnvironmentRepositoryContract repositoryContract(boolean orders,
      Function<InMemoryEnvironmentRepository, EnvironmentRepository> broken) {
    return new EnvironmentRepositoryContract() {
      private final Map<EnvironmentRepository, InMemoryEnvironmentRepository> real =
          new IdentityHashMap<>();

      @Override
      protected EnvironmentRepository newRepository() {
        InMemoryEnvironmentRepository repo = new InMemoryEnvironmentRepository();
        EnvironmentRepository wrapped = broken.apply(repo);
        real.put(wrapped, repo);
        return wrapped;
      }

      @Override
      protected Revision seed(EnvironmentRepository repository, ProjectId project,
          EnvironmentName environment, Map<String, String> files) {
        return real.get(repository).seed(project, environment, files);
      }

      @Override
      protected boolean ordersRevisions() {
        return orders;
      }
    };
  }

  private static DeployPolicyResolverContract resolverContract(DeployPolicyResolver broken) {
    return new DeployPolicyResolverContract() {
      @Override
      protected DeployPolicyResolver newResolver() {
        return broken;
      }
    };
  }

  /** A correct store that a test breaks by overriding one method. */
  private static class Delegating extends ForwardingPromotionStore {
    final InMemoryPromotionStore delegate;

    Delegating() {
      this(new InMemoryPromotionStore());
    }

    private Delegating(InMemoryPromotionStore store) {
      super(store);
      this.delegate = store;
    }
  }

  /** Stores a change's notifications in a second step, whatever the change's outcome. */
  private static final class LeakyOutbox extends Delegating {
    private final List<Notification> side = new CopyOnWriteArrayList<>();

    @Override
    public CasResult compareAndSet(long expected, Promotion next, List<Notification> ns) {
      CasResult result = delegate.compareAndSet(expected, next, List.of());
      side.addAll(ns);
      return result;
    }

    @Override
    public List<PendingNotification> pendingNotifications(Instant now, int limit) {
      List<PendingNotification> all = new ArrayList<>(delegate.pendingNotifications(now, limit));
      side.stream().filter(n -> !n.createdAt().isAfter(now))
          .forEach(n -> all.add(PendingNotification.fresh(n)));
      return all.stream().limit(limit).toList();
    }
  }

  /** A correct repository that a test breaks by overriding {@code write}. */
  private static class DelegatingRepo extends ForwardingEnvironmentRepository {
    final InMemoryEnvironmentRepository repo;

    DelegatingRepo(InMemoryEnvironmentRepository repo) {
      super(repo);
      this.repo = repo;
    }
  }
}
