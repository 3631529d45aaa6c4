package dev.baton.memory;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.baton.testkit.random.Gen;
import dev.baton.testkit.random.Property;
import dev.baton.testkit.random.Randomness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The in-memory repository against a plain one that keeps every revision as a tree of its files
 * and every promotion's write under its (project, environment, promotion): random seeds and
 * writes (the same promotion written again, into another environment and into another project;
 * expected revisions current, old, of another environment, {@code mem-0} and unknown), and after
 * each step every read, read at every revision, write look-up and commit list compared. Also
 * what the repository keeps: the newest revisions of a project hold one text object per equal
 * content at a path, though every content here is a new string.
 */
class InMemoryEnvironmentRepositoryProperties {
  private static final List<ProjectId> PROJECTS = List.of(ProjectId.of("shop"),
      ProjectId.of("bank"));
  private static final List<EnvironmentName> ENVIRONMENTS = List.of(EnvironmentName.of("dev"),
      EnvironmentName.of("staging"), EnvironmentName.of("production"));
  private static final List<PromotionId> PROMOTIONS = List.of(PromotionId.of("p-1"),
      PromotionId.of("p-2"), PromotionId.of("p-3"), PromotionId.of("p-4"));
  private static final List<String> PATHS = List.of("values.yaml", "a/b.yaml", "run.sh",
      "kustomization.yaml");
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  /** One step: a seed when {@code changes} is null, else a write. */
  record Step(int project, int environment, Map<String, String> seed, Set<String> executable,
      List<FileChange> changes, int promotion, int expected) {}

  @Test
  void answersAsAPlainRepositoryAndKeepsEachEqualTextOnce() {
    int[] written = new int[1];
    Property.forAll(Gen.of(InMemoryEnvironmentRepositoryProperties::steps)).runs(400)
        .verify(steps -> {
      InMemoryEnvironmentRepository repository = new InMemoryEnvironmentRepository();
      Plain plain = new Plain();
      for (Step step : steps) {
        ProjectId project = PROJECTS.get(step.project());
        EnvironmentName environment = ENVIRONMENTS.get(step.environment());
        if (step.changes() == null) {
          assertThat(repository.seed(project, environment, step.seed(), step.executable()))
              .isEqualTo(plain.seed(project, environment, step.seed(), step.executable()));
        } else {
          Revision expected = plain.expected(step.expected());
          CommitInfo commit = new CommitInfo(PROMOTIONS.get(step.promotion()), "promote", "",
              UserId.of("alice"), List.of(), T, false);
          EnvironmentWrite write = new EnvironmentWrite(project, environment, expected,
              step.changes(), commit);
          WriteResult result = repository.write(write);
          assertThat(result).as("%s", step).isEqualTo(plain.write(write));
          if (result.status() == WriteStatus.WRITTEN) {
            written[0]++;
          }
        }
        compare(repository, plain);
      }
    });
    assertThat(written[0]).isGreaterThan(1_000);
  }

  private static void compare(InMemoryEnvironmentRepository repository, Plain plain) {
    List<Revision> revisions = new ArrayList<>(plain.given());
    revisions.add(InMemoryEnvironmentRepository.EMPTY);
    revisions.add(Revision.of("mem-" + (plain.given().size() + 1)));
    for (ProjectId project : PROJECTS) {
      assertThat(repository.environments(project)).isEqualTo(plain.environments(project));
      Map<String, Map<String, String>> texts = new HashMap<>();
      for (EnvironmentName environment : ENVIRONMENTS) {
        EnvironmentFiles read = repository.read(project, environment);
        assertThat(read).isEqualTo(plain.read(project, environment));
        for (Revision revision : revisions) {
          assertThat(repository.readAt(project, environment, revision))
              .isEqualTo(plain.readAt(project, environment, revision));
        }
        for (PromotionId promotion : PROMOTIONS) {
          assertThat(repository.findWrite(project, environment, promotion))
              .isEqualTo(plain.findWrite(project, environment, promotion));
        }
        assertThat(repository.commits(project, environment))
            .isEqualTo(plain.commits(project, environment));
        // equal texts at a path of the newest revisions are one object
        read.files().forEach((path, content) -> {
          String first = texts.computeIfAbsent(path, p -> new HashMap<>())
              .putIfAbsent(content, content);
          assertThat(first == null || first == content)
              .as("%s at %s in %s", content, path, environment).isTrue();
        });
      }
    }
  }

  private static List<Step> steps(Randomness random) {
    List<Step> steps = new ArrayList<>();
    for (int i = random.nextInt(1, 30); i > 0; i--) {
      int project = random.nextInt(0, 5) == 0 ? 1 : 0;
      int environment = random.nextInt(0, ENVIRONMENTS.size() - 1);
      if (random.nextInt(0, 2) == 0) {
        Map<String, String> files = new HashMap<>();
        Set<String> executable = new TreeSet<>();
        for (String path : PATHS) {
          if (random.nextBoolean()) {
            files.put(path, text(random));
            if (random.nextInt(0, 5) == 0) {
              executable.add(path);
            }
          }
        }
        steps.add(new Step(project, environment, files, executable, null, 0, 0));
      } else {
        List<FileChange> changes = new ArrayList<>();
        for (String path : PATHS) {
          switch (random.nextInt(0, 5)) {
            case 0 -> changes.add(FileChange.delete(path));
            case 1 -> changes.add(FileChange.write(path, text(random), random.nextBoolean()));
            case 2 -> changes.add(FileChange.write(path, text(random)));
            default -> { }
          }
        }
        steps.add(new Step(project, environment, null, null, List.copyOf(changes),
            random.nextInt(0, PROMOTIONS.size() - 1), random.nextInt(0, 1_000)));
      }
    }
    return steps;
  }

  /** A new string each time (not a constant), one of a few texts. */
  private static String text(Randomness random) {
    return new StringBuilder("tag: ").append(random.nextInt(0, 3)).toString();
  }

  /** The repository as plainly as it can be written: every revision a tree, nothing shared. */
  private static final class Plain {
    /** One revision: where it was made, its files and the commit that made it (or null). */
    record Made(ProjectId project, EnvironmentName environment, TreeMap<String, String> files,
        TreeSet<String> executable, CommitInfo commit) {}

    private final List<Made> made = new ArrayList<>();
    private final Map<List<Object>, Revision> writes = new HashMap<>();

    List<Revision> given() {
      List<Revision> given = new ArrayList<>();
      for (int i = 1; i <= made.size(); i++) {
        given.add(Revision.of("mem-" + i));
      }
      return given;
    }

    /** An expected revision: mostly given out, sometimes mem-0 or one never given out. */
    Revision expected(int pick) {
      int choice = pick % (made.size() + 3);
      if (choice < made.size()) {
        // the newest ones most often
        return Revision.of("mem-" + (made.size() - choice / 2));
      }
      return choice == made.size() ? InMemoryEnvironmentRepository.EMPTY
          : choice == made.size() + 1 ? Revision.of("mem-" + (made.size() + 7))
          : Revision.of("other-1");
    }

    Revision seed(ProjectId project, EnvironmentName environment, Map<String, String> files,
        Set<String> executable) {
      made.add(new Made(project, environment, new TreeMap<>(files), new TreeSet<>(executable),
          null));
      return Revision.of("mem-" + made.size());
    }

    /** The number of the environment's newest revision at or before {@code number}, or 0. */
    int at(ProjectId project, EnvironmentName environment, int number) {
      for (int i = number; i >= 1; i--) {
        Made m = made.get(i - 1);
        if (m.project().equals(project) && m.environment().equals(environment)) {
          return i;
        }
      }
      return 0;
    }

    EnvironmentFiles files(EnvironmentName environment, int number, Revision as) {
      if (number == 0) {
        return new EnvironmentFiles(environment, as, new TreeMap<>());
      }
      Made m = made.get(number - 1);
      return new EnvironmentFiles(environment, as, m.files(), m.executable());
    }

    EnvironmentFiles read(ProjectId project, EnvironmentName environment) {
      int number = at(project, environment, made.size());
      return files(environment, number, number == 0 ? InMemoryEnvironmentRepository.EMPTY
          : Revision.of("mem-" + number));
    }

    /** The number a revision was given out as in this project, 0 for mem-0, -1 otherwise. */
    int numberOf(ProjectId project, Revision revision) {
      if (revision.equals(InMemoryEnvironmentRepository.EMPTY)) {
        return 0;
      }
      for (int i = 1; i <= made.size(); i++) {
        if (revision.value().equals("mem-" + i)) {
          return made.get(i - 1).project().equals(project) ? i : -1;
        }
      }
      return -1;
    }

    Optional<EnvironmentFiles> readAt(ProjectId project, EnvironmentName environment,
        Revision revision) {
      int number = numberOf(project, revision);
      if (number < 0) {
        return Optional.empty();
      }
      return Optional.of(files(environment, at(project, environment, number), revision));
    }

    WriteResult write(EnvironmentWrite write) {
      ProjectId project = write.project();
      EnvironmentName environment = write.environment();
      Optional<Revision> existing = findWrite(project, environment, write.commit().promotion());
      if (existing.isPresent()) {
        return new WriteResult(WriteStatus.ALREADY_WRITTEN, existing.get());
      }
      EnvironmentFiles current = read(project, environment);
      Optional<EnvironmentFiles> expected = readAt(project, environment,
          write.expectedRevision());
      if (expected.isEmpty() || !expected.get().files().equals(current.files())) {
        return new WriteResult(WriteStatus.STALE, current.revision());
      }
      TreeMap<String, String> next = new TreeMap<>(current.files());
      TreeSet<String> executable = new TreeSet<>(current.executable());
      for (FileChange change : write.changes()) {
        if (change.content().isPresent()) {
          next.put(change.path(), change.content().get());
          if (change.executable()) {
            executable.add(change.path());
          }
        } else {
          next.remove(change.path());
          executable.remove(change.path());
        }
      }
      made.add(new Made(project, environment, next, executable, write.commit()));
      Revision revision = Revision.of("mem-" + made.size());
      writes.putIfAbsent(List.of(project, environment, write.commit().promotion()), revision);
      return new WriteResult(WriteStatus.WRITTEN, revision);
    }

    Optional<Revision> findWrite(ProjectId project, EnvironmentName environment,
        PromotionId promotion) {
      return Optional.ofNullable(writes.get(List.of(project, environment, promotion)));
    }

    List<CommitInfo> commits(ProjectId project, EnvironmentName environment) {
      return made.stream().filter(m -> m.project().equals(project)
          && m.environment().equals(environment) && m.commit() != null)
          .map(Made::commit).toList();
    }

    Set<EnvironmentName> environments(ProjectId project) {
      Set<EnvironmentName> listed = new TreeSet<>();
      for (EnvironmentName environment : ENVIRONMENTS) {
        if (!read(project, environment).files().isEmpty()) {
          listed.add(environment);
        }
      }
      return listed;
    }
  }
}
