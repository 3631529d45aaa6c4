package dev.baton.benchmarks;

import dev.baton.git.state.GitStateStore;
import dev.baton.git.state.internal.StateRefSeeder;
import dev.baton.model.ProjectId;
import dev.baton.model.Promotion;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Adds completed promotions of one project to a repository's state ref in one commit and
 * one pack, as {@link StateStoreOpenBenchmark} seeds them: the setup of
 * {@code benchmarks/cli-scale.sh}. Usage: {@code StateStoreSeed GIT_DIR PROJECT COUNT}.
 * Not a library class; single-threaded.
 */
public final class StateStoreSeed {
  private StateStoreSeed() {}

  /**
   * Seeds the state ref.
   *
   * @param args the Git directory, the project, how many promotions
   * @throws IOException when the repository cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: StateStoreSeed GIT_DIR PROJECT COUNT");
    }
    ProjectId project = ProjectId.of(args[1]);
    int count = Integer.parseInt(args[2]);
    List<Promotion> all = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      all.add(StateStoreOpenBenchmark.promotion(i, project));
    }
    PersonIdent who = new PersonIdent("Bench Setup", "setup@localhost",
        Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    try (Repository repository = new FileRepositoryBuilder()
        .setGitDir(Path.of(args[0]).toFile()).build();
         PackStreamInserter inserter = new PackStreamInserter(repository)) {
      StateRefSeeder.append(repository, inserter, GitStateStore.DEFAULT_REF, all, who);
    }
  }
}
