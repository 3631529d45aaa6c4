package dev.baton.git;

import static dev.baton.git.Fixtures.PRODUCTION;
import static dev.baton.git.Fixtures.SHOP;
import static dev.baton.git.Fixtures.STAGING;
import static dev.baton.git.Fixtures.write;
import static dev.baton.git.GitCli.commitAll;
import static dev.baton.git.GitCli.commitFiles;
import static dev.baton.git.GitCli.git;
import static dev.baton.git.GitCli.head;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.Fixtures.RecordingSleeper;
import dev.baton.model.EnvironmentName;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.FileChange;
import dev.baton.model.Revision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal has its code and leaves the branch, the markers and the objects as they were. */
class GitEnvironmentRepositorySafetyTest {
  @TempDir Path tmp;

  private static void assertRefused(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(BatonException.class,
        e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
  }

  /** Asserts the write is refused with the code and that nothing at all was written. */
  private static void assertWriteRefused(Path repo, GitEnvironmentRepository git,
      EnvironmentWrite write, ErrorCode code) {
    String before = head(repo, "main");
    long objects = GitCli.objectCount(repo);
    assertRefused(() -> git.write(write), code);
    assertThat(head(repo, "main")).as("branch head").isEqualTo(before);
    assertThat(git(repo, "for-each-ref", "refs/baton/")).as("marker refs").isEmpty();
    assertThat(GitCli.objectCount(repo)).as("objects").isEqualTo(objects);
  }

  private GitEnvironmentRepository open(Path repo) {
    return Fixtures.builder(repo, new RecordingSleeper()).build();
  }

  private Revision revision(Path repo) {
    return Revision.of(head(repo, "main"));
  }

  @Test
  void aSymbolicLinkInsideAnEnvironmentIsRefused() throws Exception {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    Files.createSymbolicLink(repo.resolve("envs/staging/secrets.yaml"),
        Path.of("../production/values.yaml"));
    commitAll(repo, "Sneaky link");
    try (GitEnvironmentRepository git = open(repo)) {
      assertRefused(() -> git.read(SHOP, STAGING), ErrorCode.PATH_OUTSIDE_ENVIRONMENT);
      assertWriteRefused(repo, git, write(STAGING, revision(repo), "p-1",
          FileChange.write("values.yaml", "x\n")), ErrorCode.PATH_OUTSIDE_ENVIRONMENT);
      assertThat(git.read(SHOP, PRODUCTION).files()).isNotEmpty();
    }
  }

  @Test
  void anEnvironmentFolderThatIsASymbolicLinkIsRefused() throws Exception {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    Files.createSymbolicLink(repo.resolve("envs/qa"), Path.of("production"));
    commitAll(repo, "Linked folder");
    EnvironmentName qa = EnvironmentName.of("qa");
    try (GitEnvironmentRepository git = open(repo)) {
      assertRefused(() -> git.read(SHOP, qa), ErrorCode.PATH_OUTSIDE_ENVIRONMENT);
      assertWriteRefused(repo, git, write(qa, revision(repo), "p-1",
          FileChange.write("values.yaml", "x\n")), ErrorCode.PATH_OUTSIDE_ENVIRONMENT);
      assertThat(git.environments(SHOP)).doesNotContain(qa);
    }
  }

  @Test
  void aSubmoduleInsideAnEnvironmentIsRefused() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String someCommit = head(repo, "main");
    git(repo, "update-index", "--add", "--cacheinfo",
        "160000," + someCommit + ",envs/staging/vendor");
    git(repo, "commit", "-q", "-m", "Gitlink");
    try (GitEnvironmentRepository git = open(repo)) {
      assertRefused(() -> git.read(SHOP, STAGING), ErrorCode.PATH_OUTSIDE_ENVIRONMENT);
      assertWriteRefused(repo, git, write(STAGING, revision(repo), "p-1"),
          ErrorCode.PATH_OUTSIDE_ENVIRONMENT);
    }
  }

  @Test
  void aFileWhereTheLayoutExpectsAFolderIsRefused() {
    Path repo = GitCli.init(tmp.resolve("repo"), false);
    commitFiles(repo, Map.of("envs", "not a folder\n"), "Odd");
    try (GitEnvironmentRepository git = open(repo)) {
      assertRefused(() -> git.read(SHOP, STAGING), ErrorCode.STORE_CORRUPT);
      assertWriteRefused(repo, git, write(STAGING, revision(repo), "p-1",
          FileChange.write("values.yaml", "x\n")), ErrorCode.STORE_CORRUPT);
    }
  }

  @Test
  void filesOverTheLimitAreRefused() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    commitFiles(repo, Map.of("envs/staging/big.yaml", "x".repeat(65)), "Big file");
    try (GitEnvironmentRepository git = Fixtures.builder(repo, new RecordingSleeper())
        .maxFileBytes(64).build()) {
      assertRefused(() -> git.read(SHOP, STAGING), ErrorCode.DOCUMENT_TOO_LARGE);
      assertThat(git.read(SHOP, PRODUCTION).files()).isNotEmpty();
      assertWriteRefused(repo, git, write(PRODUCTION, revision(repo), "p-1",
          FileChange.write("values.yaml", "y".repeat(65))), ErrorCode.DOCUMENT_TOO_LARGE);
      // 22 characters but 66 bytes of UTF-8.
      assertWriteRefused(repo, git, write(PRODUCTION, revision(repo), "p-1",
          FileChange.write("values.yaml", "\u20ac".repeat(22))), ErrorCode.DOCUMENT_TOO_LARGE);
    }
  }

  @Test
  void contentThatIsNotUtf8IsRefused() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    GitCli.writeBytes(repo, "envs/staging/latin1.yaml",
        new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xe9, '\n'});
    commitAll(repo, "Latin-1");
    try (GitEnvironmentRepository git = open(repo)) {
      assertRefused(() -> git.read(SHOP, STAGING), ErrorCode.MALFORMED_DOCUMENT);
      assertWriteRefused(repo, git, write(PRODUCTION, revision(repo), "p-1",
          FileChange.write("values.yaml", "broken \ud800 surrogate")),
          ErrorCode.MALFORMED_DOCUMENT);
    }
  }

  @Test
  void invalidBranchNamesAreRefusedAtBuild() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    String before = head(repo, "main");
    for (String bad : new String[] {"a..b", "with space", "x.lock", "end/", "a:b", "a~1", "a^b",
        "a?b", "a*"}) {
      assertRefused(() -> Fixtures.builder(repo, new RecordingSleeper()).branch(bad).build(),
          ErrorCode.INVALID_REF_NAME);
    }
    assertThat(head(repo, "main")).isEqualTo(before);
  }

  @Test
  void aPromotionIdThatMakesNoValidRefIsRefused() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo)) {
      assertWriteRefused(repo, git, write(PRODUCTION, revision(repo), "p-1.lock",
          FileChange.write("values.yaml", "x\n")), ErrorCode.INVALID_REF_NAME);
      assertWriteRefused(repo, git, write(PRODUCTION, revision(repo), "p-1.",
          FileChange.write("values.yaml", "x\n")), ErrorCode.INVALID_REF_NAME);
      assertThat(git.findWrite(SHOP, PRODUCTION, dev.baton.model.PromotionId.of("p-1.lock")))
          .isEmpty();
    }
  }

  @Test
  void layoutsThatLeaveTheRepositoryAreRefused() {
    for (String bad : new String[] {"../{environment}", "/etc/{environment}",
        "envs//{environment}", "envs/./{environment}", ".git/{environment}", "C:/{environment}",
        "envs\\{environment}", "envs/{environment}/"}) {
      assertRefused(() -> EnvironmentLayout.of(bad), ErrorCode.PATH_OUTSIDE_ENVIRONMENT);
    }
  }

  @Test
  void aFileAndAFolderUnderOneNameAreRefused() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo)) {
      assertWriteRefused(repo, git, write(PRODUCTION, revision(repo), "p-1",
          FileChange.write("a", "x\n"), FileChange.write("a/b.yaml", "y\n")),
          ErrorCode.INVALID_ARGUMENT);
      assertWriteRefused(repo, git, write(PRODUCTION, revision(repo), "p-1",
          FileChange.write("values.yaml/inner.yaml", "y\n")), ErrorCode.INVALID_ARGUMENT);
      assertWriteRefused(repo, git, write(PRODUCTION, revision(repo), "p-1",
          FileChange.write("manifests", "y\n")), ErrorCode.INVALID_ARGUMENT);
    }
  }

  @Test
  void changingOneFileTwiceIsRefused() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    try (GitEnvironmentRepository git = open(repo)) {
      assertWriteRefused(repo, git, write(PRODUCTION, revision(repo), "p-1",
          FileChange.write("values.yaml", "x\n"), FileChange.delete("values.yaml")),
          ErrorCode.INVALID_ARGUMENT);
    }
  }

  @Test
  void aFolderThatIsNotARepositoryIsRefusedAtBuild() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    assertRefused(() -> Fixtures.builder(plain, new RecordingSleeper()).build(),
        ErrorCode.INVALID_ARGUMENT);
    assertRefused(() -> Fixtures.builder(tmp.resolve("missing"), new RecordingSleeper())
        .build(), ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void settingsAreValidatedAndSetOnce() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    assertRefused(() -> GitEnvironmentRepository.builder().branch("main").branch("dev"),
        ErrorCode.INVALID_ARGUMENT);
    assertRefused(() -> GitEnvironmentRepository.builder().build(), ErrorCode.INVALID_ARGUMENT);
    assertRefused(() -> Fixtures.builder(repo, new RecordingSleeper()).maxAttempts(0).build(),
        ErrorCode.INVALID_ARGUMENT);
    assertRefused(() -> Fixtures.builder(repo, new RecordingSleeper()).maxFileBytes(0).build(),
        ErrorCode.INVALID_ARGUMENT);
    assertRefused(() -> Fixtures.builder(repo, new RecordingSleeper())
        .committer("Eve <evil>", "e@x").build(), ErrorCode.INVALID_ARGUMENT);
    assertRefused(() -> Fixtures.builder(repo, new RecordingSleeper())
        .backoff(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(1)).build(),
        ErrorCode.INVALID_ARGUMENT);
    assertRefused(() -> Fixtures.builder(repo, new RecordingSleeper()).remote("origin").build(),
        ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void aClosedRepositoryRefusesWork() {
    Path repo = Fixtures.seededRepo(tmp.resolve("repo"));
    GitEnvironmentRepository git = open(repo);
    git.close();
    git.close();
    assertRefused(() -> git.read(SHOP, STAGING), ErrorCode.ILLEGAL_STATE);
  }
}
