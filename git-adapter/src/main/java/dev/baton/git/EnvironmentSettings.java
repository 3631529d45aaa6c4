package dev.baton.git;

import dev.baton.error.Arguments;
import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.git.internal.Backoff;
import dev.baton.spi.PullRequestOpener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link GitEnvironmentRepository.Builder} was told, each setting given at most once, and
 * their validation together with the defaults. Not thread-safe, like the builder it serves.
 */
final class EnvironmentSettings {
  private static final Logger LOG = LoggerFactory.getLogger(EnvironmentSettings.class);

  Path repositoryPath;
  String branch;
  EnvironmentLayout layout;
  String remote;
  WriteMode mode;
  PullRequestOpener opener;
  String committerName;
  String committerEmail;
  Integer maxAttempts;
  Duration initialBackoff;
  Duration maxBackoff;
  Sleeper sleeper;
  Random random;
  Long maxFileBytes;
  Integer historyScanLimit;
  Boolean fetchOnRead;
  RaceHook raceHook;
  WriteSteps writeSteps;

  /** The validated settings, defaults filled in. */
  record Checked(Path repositoryPath, String branch, EnvironmentLayout layout, String remote,
      WriteMode mode, PullRequestOpener opener, String committerName, String committerEmail,
      int maxAttempts, Backoff backoff, long maxFileBytes, int historyScanLimit,
      boolean fetchOnRead, RaceHook raceHook, WriteSteps writeSteps) {}

  /** {@code value} (not null) when {@code current} is unset; a second setting is refused. */
  static <T> T once(T current, T value, String what) {
    unset(current, what);
    return Arguments.notNull(value, what);
  }

  /** Refuses a setting given before. */
  static void unset(Object current, String what) {
    if (current != null) {
      throw new BatonException(ErrorCode.INVALID_ARGUMENT, what + " was already set");
    }
  }

  Checked check() {
    Arguments.check(repositoryPath != null, "repository is required");
    String branchName = orElse(branch, "main");
    if (!Repository.isValidRefName(Constants.R_HEADS + branchName)) {
      throw new BatonException(ErrorCode.INVALID_REF_NAME,
          "'" + branchName + "' is not a valid branch name");
    }
    String name = orElse(committerName, "Baton");
    String email = orElse(committerEmail, "baton@localhost");
    Arguments.check(identityPart(name) && identityPart(email),
        "committer name and email must be non-blank, one line, without '<' or '>'");
    int attempts = orElse(maxAttempts, 5);
    Arguments.check(attempts >= 1 && attempts <= 100,
        "max attempts must be 1..100, was " + attempts);
    Duration initial = orElse(initialBackoff, Duration.ofMillis(50));
    Duration max = orElse(maxBackoff, Duration.ofSeconds(2));
    Arguments.check(!initial.isNegative() && max.compareTo(initial) >= 0
            && max.compareTo(Duration.ofMinutes(10)) <= 0,
        "backoff must satisfy 0 <= initial <= max <= 10 minutes");
    long fileBytes = orElse(maxFileBytes, 1L << 20);
    Arguments.check(fileBytes >= 1 && fileBytes <= Integer.MAX_VALUE - 16,
        "max file bytes must be 1..2^31-17, was " + fileBytes);
    int scanLimit = orElse(historyScanLimit, 500);
    Arguments.check(scanLimit >= 1, "history scan limit must be >= 1, was " + scanLimit);
    WriteMode writeMode = orElse(mode, WriteMode.DIRECT);
    if (writeMode == WriteMode.PULL_REQUEST && opener == null) {
      LOG.warn("The Git environment repository at {} writes in pull-request mode but has no"
          + " pull-request opener: promotion branches are pushed and no pull request is opened,"
          + " so promotions wait for merges nobody is asked for. Set one with"
          + " GitEnvironmentRepository.builder().pullRequestOpener(PullRequestOpener)",
          repositoryPath);
    }
    return new Checked(repositoryPath, branchName,
        orElse(layout, EnvironmentLayout.defaultLayout()), remote, writeMode,
        opener == null ? new InMemoryPullRequestOpener() : opener, name, email, attempts,
        new Backoff(initial, max, random == null ? new Random() : random,
            orElse(sleeper, Sleeper.system())),
        fileBytes, scanLimit, orElse(fetchOnRead, true), orElse(raceHook, RaceHook.NONE),
        orElse(writeSteps, WriteSteps.NONE));
  }

  /** Checks the remote against the opened repository. */
  static void checkRemote(Repository repository, String remote, String branch) {
    if (remote == null) {
      return;
    }
    Arguments.check(repository.getConfig().getSubsections("remote").contains(remote),
        "the repository has no remote named '" + remote + "'");
    if (!Repository.isValidRefName(Constants.R_REMOTES + remote + "/" + branch)) {
      throw new BatonException(ErrorCode.INVALID_REF_NAME,
          "'" + remote + "' is not a usable remote name");
    }
  }

  private static <T> T orElse(T value, T fallback) {
    return value == null ? fallback : value;
  }

  private static boolean identityPart(String value) {
    return !value.isBlank() && value.chars().noneMatch(
        c -> c == '<' || c == '>' || Character.isISOControl(c));
  }
}
