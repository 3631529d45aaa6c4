package dev.baton.memory;

import static dev.baton.testkit.SamplePromotions.OTHER_PROJECT;
import static dev.baton.testkit.SamplePromotions.PRODUCTION;
import static dev.baton.testkit.SamplePromotions.PROJECT;
import static dev.baton.testkit.SamplePromotions.STAGING;
import static dev.baton.testkit.SamplePromotions.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.CommitInfo;
import dev.baton.model.EnvironmentFiles;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.FileChange;
import dev.baton.model.ProjectId;
import dev.baton.model.PromotionId;
import dev.baton.model.Revision;
import dev.baton.model.UserId;
import dev.baton.model.WriteResult;
import dev.baton.model.WriteStatus;
import dev.baton.spi.EnvironmentRepository;
import dev.baton.testkit.EnvironmentRepositoryContract;
import dev.baton.testkit.SamplePromotions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryEnvironmentRepositoryTest extends EnvironmentRepositoryContract {
  @Override
  protected boolean ordersRevisions() {
    return true;
  }

  private final InMemoryEnvironmentRepository repo = new InMemoryEnvironmentRepository();

  @Override
  protected EnvironmentRepository newRepository() {
    return new InMemoryEnvironmentRepository();
  }

  @Override
  protected Revision seed(EnvironmentRepository repository, ProjectId project,
      EnvironmentName environment, Map<String, String> files) {
    return ((InMemoryEnvironmentRepository) repository).seed(project, environment, files);
  }

  @Test
  void revisionsAreNumberedAndUniqueAcrossProjectsAndEnvironments() {
    Revision a = repo.seed(PROJECT, STAGING, Map.of("a", "1"));
    Revision b = repo.seed(PROJECT, PRODUCTION, Map.of("a", "1"));
    Revision c = repo.seed(OTHER_PROJECT, STAGING, Map.of("a", "1"));

    assertThat(List.of(a, b, c)).extracting(Revision::value)
        .containsExactly("mem-1", "mem-2", "mem-3");
    assertThat(repo.read(PROJECT, PRODUCTION).revision()).isEqualTo(b);
    assertThat(repo.read(ProjectId.of("fresh"), STAGING).revision())
        .isEqualTo(InMemoryEnvironmentRepository.EMPTY);
  }

  @Test
  void seedReplacesEveryFile() {
    repo.seed(PROJECT, STAGING, Map.of("a.yaml", "1", "b.yaml", "2"));

    repo.seed(PROJECT, STAGING, Map.of("b.yaml", "3"));

    assertThat(repo.read(PROJECT, STAGING).files()).containsExactly(entry("b.yaml", "3"));
  }

  @Test
  void seedRefusesAPathOutsideTheFolderAndChangesNothing() {
    Revision before = repo.seed(PROJECT, STAGING, Map.of("a.yaml", "1"));

    assertThatThrownBy(() -> repo.seed(PROJECT, STAGING, Map.of("../prod/a.yaml", "x")))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PATH_OUTSIDE_ENVIRONMENT));

    assertThat(repo.read(PROJECT, STAGING).revision()).isEqualTo(before);
  }

  @Test
  void commitsListWhatPromotionsWroteOldestFirst() {
    Revision r0 = repo.seed(PROJECT, PRODUCTION, Map.of("v", "0"));
    CommitInfo first = SamplePromotions.commit(PromotionId.of("p-1"), T0);
    CommitInfo second = SamplePromotions.commit(PromotionId.of("p-2"), T0.plusSeconds(60));
    WriteResult w1 = repo.write(new EnvironmentWrite(PROJECT, PRODUCTION, r0,
        List.of(FileChange.write("v", "1")), first));
    repo.seed(PROJECT, PRODUCTION, Map.of("v", "hand"));
    repo.write(new EnvironmentWrite(PROJECT, PRODUCTION,
        repo.read(PROJECT, PRODUCTION).revision(), List.of(FileChange.write("v", "2")), second));

    assertThat(w1.status()).isEqualTo(WriteStatus.WRITTEN);
    assertThat(repo.commits(PROJECT, PRODUCTION)).containsExactly(first, second);
    assertThat(repo.commits(PROJECT, STAGING)).isEmpty();
  }

  /**
   * The repository keeps a commit's texts, people and approvers shared with the commit before
   * it where they are equal: each commit still lists as it was written, whichever of its parts
   * repeat the one before (in any environment) and whichever do not.
   */
  @Test
  void commitsThatRepeatPartsOfTheOneBeforeListAsWritten() {
    UserId alice = UserId.of("alice");
    UserId bob = UserId.of("bob");
    UserId carol = UserId.of("carol");
    List<CommitInfo> written = List.of(
        new CommitInfo(PromotionId.of("p-1"), "Promote staging to production", "", alice,
            List.of(bob, carol), T0),
        // all equal to the one before but for the id and time, from new equal objects
        new CommitInfo(PromotionId.of("p-2"), new String("Promote staging to production"),
            new String(""), UserId.of("alice"), List.of(UserId.of("bob"), carol),
            T0.plusSeconds(1).plusNanos(123_456_789)),
        new CommitInfo(PromotionId.of("p-3"), "Promote staging to production", "hotfix", bob,
            List.of(bob, carol), T0.plusSeconds(2), true),
        new CommitInfo(PromotionId.of("p-4"), "Promote dev to production", "hotfix", bob,
            List.of(carol), T0.plusSeconds(3)),
        new CommitInfo(PromotionId.of("p-5"), "Promote dev to production", "", carol,
            List.of(carol), T0.plusSeconds(4)));
    int i = 0;
    for (CommitInfo commit : written) {
      EnvironmentName into = i++ % 2 == 0 ? PRODUCTION : STAGING;
      repo.write(new EnvironmentWrite(PROJECT, into, repo.read(PROJECT, into).revision(),
          List.of(FileChange.write("v", commit.promotion().value())), commit));
    }

    List<CommitInfo> listed = new ArrayList<>(repo.commits(PROJECT, PRODUCTION));
    listed.addAll(repo.commits(PROJECT, STAGING));
    assertThat(listed).containsExactlyInAnyOrderElementsOf(written);
    assertThat(repo.commits(PROJECT, PRODUCTION)).extracting(CommitInfo::promotion)
        .extracting(PromotionId::value).containsExactly("p-1", "p-3", "p-5");
  }

  @Test
  void anyRevisionOfTheProjectReadsEveryEnvironmentAsOfThen() {
    Revision s1 = repo.seed(PROJECT, STAGING, Map.of("v", "s1"));
    Revision p1 = repo.seed(PROJECT, PRODUCTION, Map.of("v", "p1"));
    repo.seed(PROJECT, STAGING, Map.of("v", "s2"));

    assertThat(repo.readAt(PROJECT, STAGING, p1).orElseThrow().files())
        .containsExactly(entry("v", "s1"));
    assertThat(repo.readAt(PROJECT, PRODUCTION, s1).orElseThrow().files()).isEmpty();
    assertThat(repo.readAt(OTHER_PROJECT, STAGING, s1)).isEmpty();
    assertThat(repo.readAt(PROJECT, STAGING, InMemoryEnvironmentRepository.EMPTY)
        .orElseThrow().files()).isEmpty();
  }

  @Test
  void aWriteExpectingAnotherEnvironmentsRevisionIsJudgedByItsOwnFiles() {
    Revision p1 = repo.seed(PROJECT, PRODUCTION, Map.of("v", "p1"));
    Revision s1 = repo.seed(PROJECT, STAGING, Map.of("v", "s1"));

    WriteResult result = repo.write(new EnvironmentWrite(PROJECT, PRODUCTION, s1,
        List.of(FileChange.write("v", "p2")),
        SamplePromotions.commit(PromotionId.of("p-1"), T0)));

    assertThat(result.status()).isEqualTo(WriteStatus.WRITTEN);
    assertThat(repo.readAt(PROJECT, PRODUCTION, p1).orElseThrow().files())
        .containsExactly(entry("v", "p1"));
  }

  @Test
  void aWriteExpectingAnUnknownRevisionIsStale() {
    Revision current = repo.seed(PROJECT, PRODUCTION, Map.of("v", "1"));
    Revision foreign = repo.seed(OTHER_PROJECT, PRODUCTION, Map.of("v", "1"));

    WriteResult result = repo.write(new EnvironmentWrite(PROJECT, PRODUCTION, foreign,
        List.of(FileChange.write("v", "2")), SamplePromotions.commit(PromotionId.of("p-1"), T0)));

    assertThat(result).isEqualTo(new WriteResult(WriteStatus.STALE, current));
  }

  /**
   * Revisions are found by their number: only the spelling given out finds a snapshot, and it
   * reads, in each environment of its project, the files last seeded there up to that step, as
   * that revision. Texts near it (leading zeros, numbers not given out or too long for a long,
   * other prefixes, signs) read nothing, like any revision never made; a failed seed gives out no
   * number.
   */
  @Test
  void onlyTheRevisionsGivenOutAreRead() {
    List<Seeded> seeded = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ProjectId project = i % 3 == 0 ? OTHER_PROJECT : PROJECT;
      EnvironmentName environment = i % 2 == 0 ? STAGING : PRODUCTION;
      Map<String, String> files = Map.of("a", "v" + i);
      seeded.add(new Seeded(project, environment, files,
          repo.seed(project, environment, files)));
    }
    assertThatThrownBy(() -> repo.seed(PROJECT, STAGING, Map.of("../x", "1")))
        .isInstanceOf(BatonException.class);
    seeded.add(new Seeded(PROJECT, STAGING, Map.of("a", "last"),
        repo.seed(PROJECT, STAGING, Map.of("a", "last"))));

    assertThat(seeded.get(12).revision().value()).isEqualTo("mem-13");
    for (int i = 0; i < seeded.size(); i++) {
      Revision r = seeded.get(i).revision();
      ProjectId owner = seeded.get(i).project();
      for (EnvironmentName environment : List.of(STAGING, PRODUCTION)) {
        Optional<EnvironmentFiles> read = repo.readAt(owner, environment, r);
        assertThat(read).as("%s in %s", r, environment).isPresent();
        assertThat(read.get().revision()).as("%s in %s", r, environment).isEqualTo(r);
        assertThat(read.get().environment()).isEqualTo(environment);
        assertThat(read.get().files()).as("%s in %s", r, environment)
            .isEqualTo(filesAt(seeded, i, owner, environment));
      }
      assertThat(repo.readAt(owner == PROJECT ? OTHER_PROJECT : PROJECT, STAGING, r))
          .as("%s of the other project", r).isEmpty();
    }
    for (String near : List.of("mem-01", "mem-001", "mem-00", "mem-14", "mem-99",
        "mem-1x", "mem-+1", "mem-1-", "Mem-1", "mem1", "mem-12345678901234567890",
        "mem-999999999999999999", "mem-9223372036854775807", "x-mem-1", "mem-0x1")) {
      assertThat(repo.readAt(PROJECT, STAGING, Revision.of(near))).as(near).isEmpty();
      assertThat(repo.readAt(OTHER_PROJECT, STAGING, Revision.of(near))).as(near).isEmpty();
    }
    assertThat(repo.readAt(PROJECT, STAGING, InMemoryEnvironmentRepository.EMPTY)).isPresent();
  }

  /** What the environment held after seed {@code step}: the last seed there up to it. */
  private static Map<String, String> filesAt(List<Seeded> seeded, int step, ProjectId project,
      EnvironmentName environment) {
    for (int j = step; j >= 0; j--) {
      Seeded s = seeded.get(j);
      if (s.project().equals(project) && s.environment().equals(environment)) {
        return s.files();
      }
    }
    return Map.of();
  }

  private record Seeded(ProjectId project, EnvironmentName environment,
      Map<String, String> files, Revision revision) {}

  @Test
  void anEnvironmentWhoseFilesAreAllDeletedIsNoLongerListed() {
    Revision r = repo.seed(PROJECT, PRODUCTION, Map.of("v", "1"));
    repo.seed(PROJECT, STAGING, Map.of("v", "1"));

    repo.write(new EnvironmentWrite(PROJECT, PRODUCTION, r, List.of(FileChange.delete("v")),
        SamplePromotions.commit(PromotionId.of("p-1"), T0)));

    assertThat(repo.environments(PROJECT)).containsExactly(STAGING);
  }
}
