package dev.baton.memory;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.Revision;
import dev.baton.spi.EnvironmentRepository;
import dev.baton.spi.ForwardingEnvironmentRepository;
import dev.baton.testkit.EnvironmentRepositoryContract;
import java.util.Optional;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The contract's checks of {@code isAncestor} fail for repositories that answer it wrongly, and
 * pass for one that cannot tell unless it promises to order ({@code ordersRevisions()} true). Each
 * broken repository is the in-memory one with {@code isAncestor} replaced.
 */
class AncestryContractTest {

  @Test
  void aRepositoryThatCallsEveryRevisionAnAncestorIsCaught() {
    EnvironmentRepositoryContract contract = contract(true, real -> answering(real,
        Optional.of(true)));

    fails(contract, contract::isAncestorOrdersRevisionsAsTheyWereMade);
    fails(contract, contract::isAncestorCannotTellARevisionItNeverMade);
  }

  @Test
  void aRepositoryThatOrdersRevisionsBackwardsIsCaught() {
    EnvironmentRepositoryContract contract = contract(true, real ->
        new ForwardingEnvironmentRepository(real) {
          @Override
          public Optional<Boolean> isAncestor(ProjectId project, EnvironmentName environment,
              Revision ancestor, Revision descendant) {
            return super.isAncestor(project, environment, descendant, ancestor);
          }
        });

    fails(contract, contract::isAncestorOrdersRevisionsAsTheyWereMade);
  }

  @Test
  void aRepositoryThatCannotTellPassesUnlessItPromisesToOrder() {
    EnvironmentRepositoryContract promises = contract(true, real -> answering(real,
        Optional.empty()));
    EnvironmentRepositoryContract keepsTheDefault = contract(false, real -> answering(real,
        Optional.empty()));

    fails(promises, promises::isAncestorOrdersRevisionsAsTheyWereMade);
    passes(keepsTheDefault, keepsTheDefault::isAncestorOrdersRevisionsAsTheyWereMade);
    passes(keepsTheDefault, keepsTheDefault::isAncestorCannotTellARevisionItNeverMade);
  }

  /** Without the promise, every answer a repository gives is still checked. */
  @Test
  void aRepositoryThatPromisesNothingIsStillCheckedWhereItAnswers() {
    EnvironmentRepositoryContract right = contract(false, real -> real);
    EnvironmentRepositoryContract wrong = contract(false, real -> answering(real,
        Optional.of(true)));

    passes(right, right::isAncestorOrdersRevisionsAsTheyWereMade);
    fails(wrong, wrong::isAncestorOrdersRevisionsAsTheyWereMade);
    fails(wrong, wrong::isAncestorCannotTellARevisionItNeverMade);
  }

  @Test
  void theInMemoryRepositoryPasses() {
    EnvironmentRepositoryContract contract = contract(true, real -> real);

    passes(contract, contract::isAncestorOrdersRevisionsAsTheyWereMade);
    passes(contract, contract::isAncestorCannotTellARevisionItNeverMade);
  }

  private static EnvironmentRepository answering(EnvironmentRepository real,
      Optional<Boolean> answer) {
    return new ForwardingEnvironmentRepository(real) {
      @Override
      public Optional<Boolean> isAncestor(ProjectId project, EnvironmentName environment,
          Revision ancestor, Revision descendant) {
        return answer;
      }
    };
  }

  private static void passes(EnvironmentRepositoryContract contract, ThrowingCallable test) {
    contract.createRepository();
    assertThatCode(test).doesNotThrowAnyException();
  }

  private static EnvironmentRepositoryContract contract(boolean orders,
      Function<InMemoryEnvironmentRepository, EnvironmentRepository> wrap) {
    return ContractsCatchBrokenPortsTest.repositoryContract(orders, wrap);
  }

  private static void fails(EnvironmentRepositoryContract contract, ThrowingCallable test) {
    ContractsCatchBrokenPortsTest.fails(contract, test);
  }
}
