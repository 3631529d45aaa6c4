package dev.baton.testkit;

import static dev.baton.testkit.SamplePromotions.DEV;
import static dev.baton.testkit.SamplePromotions.OTHER_PROJECT;
import static dev.baton.testkit.SamplePromotions.PRODUCTION;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static dev.baton.testkit.SamplePromotions.STAGING;
import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.FileChange;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;
import dev.baton.model.WriteResult;
import dev.baton.model.WriteStatus;
import dev.baton.spi.EnvironmentRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link EnvironmentRepository}, as JUnit 5 tests. Extend it, return a fresh,
 * empty repository from {@link #newRepository()}, and implement {@link #seed} as a direct edit of
 * one environment (for Git: a commit that makes the environment's folder hold exactly the given
 * files, as a person pushing would), because the port itself has no verb for that.
 *
 * <p>What is checked: reads of fresh, seeded and earlier revisions; a write applies its changes
 * (writes and deletes) as a new revision; a second write of the same promotion is
 * ALREADY_WRITTEN and adds nothing; a write is STALE when its environment changed since the
 * expected revision, but not when only another environment changed; {@code findWrite};
 * {@code environments()}; {@code isAncestor} orders revisions as they were made and cannot tell
 * a revision it never made (every answer given is checked; a repository that overrides
 * {@link #ordersRevisions()} must answer for every pair); 8 writers racing on one revision yield
 * one WRITTEN. Test methods are public so that other suites may call them one by one.
 *
 * @since 0.1
 */
public abstract class EnvironmentRepositoryContract {
  private static final int RACERS = 8;
  private static final int ROUNDS = 5;

  private EnvironmentRepository repo;

  /**
   * A new, empty repository; called before every test.
   *
   * @since 0.1
   */
  protected abstract EnvironmentRepository newRepository();

  /**
   * Makes the environment hold exactly {@code files} (relative path to content), as a direct
   * edit outside any promotion, and returns the new revision.
   *
   * @since 0.1
   */
  protected abstract Revision seed(EnvironmentRepository repository, ProjectId project,
      EnvironmentName environment, Map<String, String> files);

  /**
   * Whether the repository under test promises to answer {@link EnvironmentRepository#isAncestor}
   * for every pair of revisions it made; false unless overridden, so that a repository keeping
   * the port's default (it cannot tell) passes as it is. When false, the contract still checks
   * that every answer it does give is right; a repository that orders its revisions overrides
   * this to have every answer checked for.
   *
   * @since 0.2
   */
  protected boolean ordersRevisions() {
    return false;
  }

  /**
   * Creates the repository under test; JUnit calls it before each test.
   *
   * @since 0.1
   */
  @BeforeEach
  public void createRepository() {
    repo = newRepository();
    assertThat(repo).as("newRepository()").isNotNull();
  }

  // ------------------------------------------------------------------------------------- reads

  /**
   * An environment nobody wrote reads as empty; a fresh project has no environments.
   *
   * @since 0.1
   */
  @Test
  public void freshEnvironmentIsEmpty() {
    EnvironmentFiles files = repo.read(PROJECT, STAGING);

    assertThat(files.environment()).isEqualTo(STAGING);
    assertThat(files.files()).isEmpty();
    assertThat(repo.environments(PROJECT)).isEmpty();
  }

  /**
   * A seeded environment reads back its files at the seeded revision.
   *
   * @since 0.1
   */
  @Test
  public void seededEnvironmentReadsBack() {
    Revision revision = seed(repo, PROJECT, STAGING,
        Map.of("values.yaml", "image:\n  tag: \"1.2.3\"\n", "manifests/service.yaml", "kind: x\n"));

    EnvironmentFiles files = repo.read(PROJECT, STAGING);

    assertThat(files.revision()).isEqualTo(revision);
    assertThat(files.files()).containsExactly(
        entry("manifests/service.yaml", "kind: x\n"),
        entry("values.yaml", "image:\n  tag: \"1.2.3\"\n"));
  }

  /**
   * An earlier revision still reads as it was.
   *
   * @since 0.1
   */
  @Test
  public void earlierRevisionReadsAsItWas() {
    Revision first = seed(repo, PROJECT, STAGING, Map.of("values.yaml", "v: 1\n"));
    Revision second = seed(repo, PROJECT, STAGING, Map.of("values.yaml", "v: 2\n"));

    assertThat(second).isNotEqualTo(first);
    assertThat(repo.readAt(PROJECT, STAGING, first).map(EnvironmentFiles::files))
        .hasValueSatisfying(f -> assertThat(f).containsExactly(entry("values.yaml", "v: 1\n")));
    assertThat(repo.readAt(PROJECT, STAGING, second).map(EnvironmentFiles::files))
        .hasValueSatisfying(f -> assertThat(f).containsExactly(entry("values.yaml", "v: 2\n")));
  }

  /**
   * A revision the repository never produced is not known.
   *
   * @since 0.1
   */
  @Test
  public void unknownRevisionIsNotKnown() {
    seed(repo, PROJECT, STAGING, Map.of("values.yaml", "v: 1\n"));

    assertThat(repo.readAt(PROJECT, STAGING,
        Revision.of("0123456789abcdef0123456789abcdef01234567"))).isEmpty();
  }

  /**
   * Every environment with files is listed; projects stay apart.
   *
   * @since 0.1
   */
  @Test
  public void environmentsListsWhatExists() {
    seed(repo, PROJECT, STAGING, Map.of("values.yaml", "v: 1\n"));
    seed(repo, PROJECT, PRODUCTION, Map.of("values.yaml", "v: 0\n"));
    seed(repo, OTHER_PROJECT, DEV, Map.of("values.yaml", "v: 9\n"));

    assertThat(repo.environments(PROJECT)).containsExactlyInAnyOrder(STAGING, PRODUCTION);
    assertThat(repo.environments(OTHER_PROJECT)).containsExactly(DEV);
    assertThat(repo.read(OTHER_PROJECT, STAGING).files()).isEmpty();
  }

  // ------------------------------------------------------------------------------------ writes

  /**
   * A write applies its changes as a new revision and leaves other files alone.
   *
   * @since 0.1
   */
  @Test
  public void writeAppliesItsChangesAsANewRevision() {
    Revision before = seed(repo, PROJECT, PRODUCTION,
        Map.of("values.yaml", "v: 1\n", "kustomization.yaml", "resources: []\n"));

    WriteResult result = repo.write(write("p-1", PRODUCTION, before,
        FileChange.write("values.yaml", "v: 2\n"),
        FileChange.write("manifests/new.yaml", "kind: y\n")));

    assertThat(result.status()).isEqualTo(WriteStatus.WRITTEN);
    assertThat(result.revision()).isNotEqualTo(before);
    EnvironmentFiles after = repo.read(PROJECT, PRODUCTION);
    assertThat(after.revision()).isEqualTo(result.revision());
    assertThat(after.files()).containsExactly(
        entry("kustomization.yaml", "resources: []\n"),
        entry("manifests/new.yaml", "kind: y\n"),
        entry("values.yaml", "v: 2\n"));
    assertThat(repo.readAt(PROJECT, PRODUCTION, before).orElseThrow().files())
        .containsExactly(entry("kustomization.yaml", "resources: []\n"),
            entry("values.yaml", "v: 1\n"));
  }

  /**
   * A write into an environment that has no files yet creates it.
   *
   * @since 0.1
   */
  @Test
  public void writeCreatesAnEnvironment() {
    seed(repo, PROJECT, STAGING, Map.of("values.yaml", "v: 1\n"));
    Revision empty = repo.read(PROJECT, PRODUCTION).revision();

    WriteResult result = repo.write(write("p-1", PRODUCTION, empty,
        FileChange.write("values.yaml", "v: 1\n")));

    assertThat(result.status()).isEqualTo(WriteStatus.WRITTEN);
    assertThat(repo.read(PROJECT, PRODUCTION).files())
        .containsExactly(entry("values.yaml", "v: 1\n"));
    assertThat(repo.environments(PROJECT)).containsExactlyInAnyOrder(STAGING, PRODUCTION);
  }

  /**
   * A deletion removes the file and nothing else.
   *
   * @since 0.1
   */
  @Test
  public void writeDeletesFiles() {
    Revision before = seed(repo, PROJECT, PRODUCTION,
        Map.of("values.yaml", "v: 1\n", "manifests/old.yaml", "kind: z\n"));

    WriteResult result = repo.write(write("p-1", PRODUCTION, before,
        FileChange.delete("manifests/old.yaml")));

    assertThat(result.status()).isEqualTo(WriteStatus.WRITTEN);
    assertThat(repo.read(PROJECT, PRODUCTION).files())
        .containsExactly(entry("values.yaml", "v: 1\n"));
  }

  /**
   * A write that changes nothing still records a revision that findWrite finds.
   *
   * @since 0.1
   */
  @Test
  public void emptyWriteStillRecords() {
    Revision before = seed(repo, PROJECT, PRODUCTION, Map.of("values.yaml", "v: 1\n"));

    WriteResult result = repo.write(write("p-1", PRODUCTION, before));

    assertThat(result.status()).isEqualTo(WriteStatus.WRITTEN);
    assertThat(repo.findWrite(PROJECT, PRODUCTION, PromotionId.of("p-1")))
        .contains(result.revision());
    assertThat(repo.read(PROJECT, PRODUCTION).files())
        .containsExactly(entry("values.yaml", "v: 1\n"));
  }

  /**
   * A second write of the same promotion is ALREADY_WRITTEN and adds no revision.
   *
   * @since 0.1
   */
  @Test
  public void secondWriteOfAPromotionIsAlreadyWritten() {
    Revision before = seed(repo, PROJECT, PRODUCTION, Map.of("values.yaml", "v: 1\n"));
    WriteResult first = repo.write(write("p-1", PRODUCTION, before,
        FileChange.write("values.yaml", "v: 2\n")));

    WriteResult again = repo.write(write("p-1", PRODUCTION, first.revision(),
        FileChange.write("values.yaml", "v: 3\n")));

    assertThat(again).isEqualTo(new WriteResult(WriteStatus.ALREADY_WRITTEN, first.revision()));
    EnvironmentFiles now = repo.read(PROJECT, PRODUCTION);
    assertThat(now.revision()).isEqualTo(first.revision());
    assertThat(now.files()).containsExactly(entry("values.yaml", "v: 2\n"));
  }

  /**
   * A repeated write is ALREADY_WRITTEN even when the environment moved on since.
   *
   * @since 0.1
   */
  @Test
  public void alreadyWrittenWinsOverStale() {
    Revision before = seed(repo, PROJECT, PRODUCTION, Map.of("values.yaml", "v: 1\n"));
    WriteResult first = repo.write(write("p-1", PRODUCTION, before,
        FileChange.write("values.yaml", "v: 2\n")));
    seed(repo, PROJECT, PRODUCTION, Map.of("values.yaml", "hand edit\n"));

    WriteResult again = repo.write(write("p-1", PRODUCTION, before,
        FileChange.write("values.yaml", "v: 2\n")));

    assertThat(again).isEqualTo(new WriteResult(WriteStatus.ALREADY_WRITTEN, first.revision()));
    assertThat(repo.read(PROJECT, PRODUCTION).files())
        .containsExactly(entry("values.yaml", "hand edit\n"));
  }

  /**
   * A write is STALE, writing nothing, when its environment changed since the expected one.
   *
   * @since 0.1
   */
  @Test
  public void writeIsStaleWhenTheEnvironmentChanged() {
    Revision before = seed(repo, PROJECT, PRODUCTION, Map.of("values.yaml", "v: 1\n"));
    Revision drift = seed(repo, PROJECT, PRODUCTION, Map.of("values.yaml", "hand edit\n"));

    WriteResult result = repo.write(write("p-1", PRODUCTION, before,
        FileChange.write("values.yaml", "v: 2\n")));

    assertThat(result).isEqualTo(new WriteResult(WriteStatus.STALE, drift));
    EnvironmentFiles now = repo.read(PROJECT, PRODUCTION);
    assertThat(now.revision()).isEqualTo(drift);
    assertThat(now.files()).containsExactly(entry("values.yaml", "hand edit\n"));
    assertThat(repo.findWrite(PROJECT, PRODUCTION, PromotionId.of("p-1"))).isEmpty();
  }

  /**
   * A change to another environment does not make a write stale, nor is it lost.
   *
   * @since 0.1
   */
  @Test
  public void changeOfAnotherEnvironmentIsNotStale() {
    seed(repo, PROJECT, STAGING, Map.of("values.yaml", "s: 1\n"));
    Revision before = seed(repo, PROJECT, PRODUCTION, Map.of("values.yaml", "v: 1\n"));
    seed(repo, PROJECT, STAGING, Map.of("values.yaml", "s: 2\n"));

    WriteResult result = repo.write(write("p-1", PRODUCTION, before,
        FileChange.write("values.yaml", "v: 2\n")));

    assertThat(result.status()).isEqualTo(WriteStatus.WRITTEN);
    assertThat(repo.read(PROJECT, PRODUCTION).files())
        .containsExactly(entry("values.yaml", "v: 2\n"));
    assertThat(repo.read(PROJECT, STAGING).files())
        .containsExactly(entry("values.yaml", "s: 2\n"));
  }

  /**
   * A write touches only its own environment and project.
   *
   * @since 0.1
   */
  @Test
  public void writeTouchesOnlyItsEnvironment() {
    seed(repo, PROJECT, STAGING, Map.of("values.yaml", "s: 1\n"));
    seed(repo, OTHER_PROJECT, PRODUCTION, Map.of("values.yaml", "other: 1\n"));
    Revision before = seed(repo, PROJECT, PRODUCTION, Map.of("values.yaml", "v: 1\n"));

    repo.write(write("p-1", PRODUCTION, before, FileChange.write("values.yaml", "v: 2\n")));

    assertThat(repo.read(PROJECT, STAGING).files())
        .containsExactly(entry("values.yaml", "s: 1\n"));
    assertThat(repo.read(OTHER_PROJECT, PRODUCTION).files())
        .containsExactly(entry("values.yaml", "other: 1\n"));
  }

  /**
   * findWrite answers the revision a promotion wrote, per environment.
   *
   * @since 0.1
   */
  @Test
  public void findWriteAnswersThePromotionsRevision() {
    Revision before = seed(repo, PROJECT, PRODUCTION, Map.of("values.yaml", "v: 1\n"));
    PromotionId p1 = PromotionId.of("p-1");

    assertThat(repo.findWrite(PROJECT, PRODUCTION, p1)).isEmpty();
    WriteResult result = repo.write(write("p-1", PRODUCTION, before,
        FileChange.write("values.yaml", "v: 2\n")));
    seed(repo, PROJECT, PRODUCTION, Map.of("values.yaml", "later edit\n"));

    assertThat(repo.findWrite(PROJECT, PRODUCTION, p1)).contains(result.revision());
    assertThat(repo.findWrite(PROJECT, STAGING, p1)).isEmpty();
    assertThat(repo.findWrite(PROJECT, PRODUCTION, PromotionId.of("p-2"))).isEmpty();
  }

  /**
   * isAncestor answers, of two revisions of an environment, whether the first came first (a
   * revision comes first of itself), whether they were made by writes or by direct edits, and
   * whatever other environments did in between.
   *
   * @since 0.2
   */
  @Test
  public void isAncestorOrdersRevisionsAsTheyWereMade() {
    Revision seeded = seed(repo, PROJECT, PRODUCTION, Map.of("values.yaml", "v: 1\n"));
    Revision written = repo.write(write("p-1", PRODUCTION, seeded,
        FileChange.write("values.yaml", "v: 2\n"))).revision();
    seed(repo, PROJECT, STAGING, Map.of("values.yaml", "s: 1\n"));
    Revision later = repo.write(write("p-2", PRODUCTION, written,
        FileChange.write("values.yaml", "v: 3\n"))).revision();
    Revision edited = seed(repo, PROJECT, PRODUCTION, Map.of("values.yaml", "v: 4\n"));
    List<Revision> inOrder = List.of(seeded, written, later, edited);

    for (int i = 0; i < inOrder.size(); i++) {
      for (int j = 0; j < inOrder.size(); j++) {
        Optional<Boolean> answer = repo.isAncestor(PROJECT, PRODUCTION, inOrder.get(i),
            inOrder.get(j));
        if (ordersRevisions() || answer.isPresent()) {
          assertThat(answer).as("revision %d comes before or is revision %d", i, j)
              .contains(i <= j);
        }
      }
    }
  }

  /**
   * isAncestor cannot tell the order of a revision the repository never made: it answers
   * empty, never true or false.
   *
   * @since 0.2
   */
  @Test
  public void isAncestorCannotTellARevisionItNeverMade() {
    Revision known = seed(repo, PROJECT, PRODUCTION, Map.of("values.yaml", "v: 1\n"));
    Revision unknown = Revision.of("0123456789abcdef0123456789abcdef01234567");

    assertThat(repo.isAncestor(PROJECT, PRODUCTION, unknown, known)).isEmpty();
    assertThat(repo.isAncestor(PROJECT, PRODUCTION, known, unknown)).isEmpty();
  }

  /**
   * Writers racing on the same revision of an environment: exactly one writes, each round.
   *
   * @since 0.1
   */
  @Test
  public void exactlyOneRacingWriterWrites() {
    Revision current = seed(repo, PROJECT, PRODUCTION, Map.of("values.yaml", "v: 0\n"));

    for (int round = 0; round < ROUNDS; round++) {
      Revision expected = current;
      int r = round;
      List<WriteResult> results = Races.race(RACERS, i -> {
        EnvironmentWrite w = write("r-" + r + "-" + i, PRODUCTION, expected,
            FileChange.write("values.yaml", "v: " + r + "-" + i + "\n"));
        return () -> repo.write(w);
      });

      assertThat(results).extracting(WriteResult::status).as("round %d", r)
          .filteredOn(s -> s == WriteStatus.WRITTEN).hasSize(1);
      assertThat(results).extracting(WriteResult::status)
          .filteredOn(s -> s == WriteStatus.STALE).hasSize(RACERS - 1);
      int winner = results.stream().map(WriteResult::status).toList()
          .indexOf(WriteStatus.WRITTEN);
      EnvironmentFiles now = repo.read(PROJECT, PRODUCTION);
      assertThat(now.revision()).isEqualTo(results.get(winner).revision());
      assertThat(now.files()).containsExactly(entry("values.yaml", "v: " + r + "-" + winner
          + "\n"));
      current = now.revision();
    }
  }

  // ----------------------------------------------------------------------------------- helpers

  private static EnvironmentWrite write(String promotion, EnvironmentName environment,
      Revision expected, FileChange... changes) {
    return new EnvironmentWrite(PROJECT, environment, expected, List.of(changes),
        SamplePromotions.commit(PromotionId.of(promotion), T0));
  }
}
