package dev.baton.git;

import dev.baton.model.EnvironmentName;
import dev.baton.model.ProjectId;
import dev.baton.model.Revision;
import dev.baton.spi.EnvironmentRepository;
import dev.baton.testkit.EnvironmentRepositoryContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Git adapter passes the same contract as every other environment repository. The contract
 * keeps projects apart, so the layout names the project.
 */
class GitEnvironmentRepositoryContractTest extends EnvironmentRepositoryContract {
  @Override
  protected boolean ordersRevisions() {
    return true;
  }

  private static final EnvironmentLayout LAYOUT =
      EnvironmentLayout.of("projects/{project}/envs/{environment}");

  @TempDir
  Path tmp;

  private final Map<EnvironmentRepository, Path> worktrees = new IdentityHashMap<>();
  private final List<GitEnvironmentRepository> opened = new ArrayList<>();

  @Override
  protected EnvironmentRepository newRepository() {
    Path worktree = GitCli.init(tmp.resolve("repo-" + opened.size()), false);
    GitCli.commitAll(worktree, "initial");
    GitEnvironmentRepository repository = GitEnvironmentRepository.builder()
        .repository(worktree).branch("main").layout(LAYOUT).build();
    opened.add(repository);
    worktrees.put(repository, worktree);
    return repository;
  }

  /** A person pushing to the environment folder directly: replace its files, commit. */
  @Override
  protected Revision seed(EnvironmentRepository repository, ProjectId project,
      EnvironmentName environment, Map<String, String> files) {
    Path worktree = worktrees.get(repository);
    String prefix = LAYOUT.folder(project, environment);
    Path folder = worktree.resolve(prefix);
    deleteRecursively(folder);
    Map<String, String> inRepo = new java.util.HashMap<>();
    files.forEach((path, content) -> inRepo.put(prefix + "/" + path, content));
    return Revision.of(GitCli.commitFiles(worktree, inRepo, "edit " + environment));
  }

  @AfterEach
  void closeRepositories() {
    opened.forEach(GitEnvironmentRepository::close);
  }

  private static void deleteRecursively(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
