package dev.baton.examples.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.util.FS;

/**
 * Where git keeps its system-wide configuration, found without running git. JGit finds that
 * file by starting {@code git --version} and {@code git config --system --show-origin --list}
 * once per process: two processes on every command of a short-lived CLI. Where the answer is
 * known in advance, a Linux distribution's git ({@code /usr/bin/git}, configured with
 * {@code sysconfdir=/etc}), this hands JGit {@code /etc/gitconfig} instead; anywhere else (another
 * git, another system, {@code GIT_CONFIG_SYSTEM} set) JGit asks git as before. The user's and the
 * repository's configuration are read as always. Stateless; thread-safe.
 */
final class SystemGitConfig {

  private static final Path DISTRIBUTION_GIT = Path.of("/usr/bin/git");
  private static final File DISTRIBUTION_CONFIG = new File("/etc/gitconfig");

  private SystemGitConfig() {
  }

  /** Tells JGit's file system where the system configuration is, when it is known here. */
  static void useKnownLocation() {
    knownLocation(System.getenv(), System.getProperty("os.name", ""))
        .ifPresent(config -> FS.DETECTED.setGitSystemConfig(config.orElse(null)));
  }

  /**
   * The system configuration git uses in this environment, when known without running git: the
   * file (empty when git reads none, as JGit concludes from a file git cannot read); nothing
   * when git must be asked.
   */
  static Optional<Optional<File>> knownLocation(Map<String, String> env, String os) {
    if (!os.equals("Linux") || env.containsKey("GIT_CONFIG_SYSTEM")
        || env.containsKey("GIT_CONFIG_NOSYSTEM")) {
      return Optional.empty(); // JGit's own rules (it reads GIT_CONFIG_NOSYSTEM itself)
    }
    Optional<Path> git = onPath(env.getOrDefault("PATH", ""));
    if (git.isEmpty() || !git.get().equals(DISTRIBUTION_GIT)) {
      return Optional.empty();
    }
    // A missing file is an empty configuration for both; one git cannot read gives JGit none.
    Path config = DISTRIBUTION_CONFIG.toPath();
    return Optional.of(Files.exists(config) && !Files.isReadable(config)
        ? Optional.empty() : Optional.of(DISTRIBUTION_CONFIG));
  }

  /** The real path of the {@code git} JGit would run: the first executable one on the path. */
  private static Optional<Path> onPath(String path) {
    for (String folder : path.split(File.pathSeparator)) {
      File git = new File(folder, "git");
      if (git.isFile() && git.canExecute()) {
        try {
          return Optional.of(git.toPath().toRealPath());
        } catch (IOException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
