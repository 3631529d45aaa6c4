package dev.baton.git;

import static dev.baton.git.Fixtures.DEV;
import static dev.baton.git.Fixtures.PRODUCTION;
import static dev.baton.git.Fixtures.SHOP;
import static dev.baton.git.Fixtures.write;
import static dev.baton.git.GitCli.assertFsckClean;
import static dev.baton.git.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.git.Fixtures.RecordingSleeper;
import dev.baton.model.FileChange;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Executable bits through reads and writes, checked with {@code git ls-tree}. */
class GitEnvironmentRepositoryFileModeTest {
  @TempDir Path tmp;

  private static Path repoWithHook(Path dir) {
    Path repo = Fixtures.seededRepo(dir);
    GitCli.write(repo, Map.of("envs/dev/hooks/migrate.sh", "#!/bin/sh\necho migrate\n"));
    git(repo, "add", "-A");
    git(repo, "update-index", "--chmod=+x", "envs/dev/hooks/migrate.sh");
    git(repo, "commit", "-q", "-m", "Hook");
    return repo;
  }

  @Test
  void readsSayWhichFilesAreExecutable() {
    Path repo = repoWithHook(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper()).build()) {
      assertThat(git.read(SHOP, DEV).executable()).containsExactly("hooks/migrate.sh");
      assertThat(git.read(SHOP, PRODUCTION).executable()).isEmpty();
    }
  }

  @Test
  void aNewFileMarkedExecutableIsWrittenAs100755() {
    Path repo = repoWithHook(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper()).build()) {
      git.write(write(PRODUCTION, git.read(SHOP, PRODUCTION).revision(), "p-1",
          FileChange.write("hooks/migrate.sh", "#!/bin/sh\necho migrate\n", true),
          FileChange.write("hooks/README", "hooks\n")));

      assertThat(git(repo, "ls-tree", "main", "envs/production/hooks/migrate.sh"))
          .startsWith("100755 blob");
      assertThat(git(repo, "ls-tree", "main", "envs/production/hooks/README"))
          .startsWith("100644 blob");
      assertThat(git.read(SHOP, PRODUCTION).executable()).containsExactly("hooks/migrate.sh");
      assertFsckClean(repo);
    }
  }

  @Test
  void aModifiedExecutableStaysExecutable() {
    Path repo = repoWithHook(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper()).build()) {
      git.write(write(DEV, git.read(SHOP, DEV).revision(), "p-1",
          FileChange.write("hooks/migrate.sh", "#!/bin/sh\necho migrate twice\n", false)));

      assertThat(git(repo, "ls-tree", "main", "envs/dev/hooks/migrate.sh"))
          .startsWith("100755 blob");
      assertThat(git(repo, "show", "main:envs/dev/hooks/migrate.sh")).contains("twice");
    }
  }
}
