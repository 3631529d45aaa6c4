package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system configuration the CLI hands JGit is the one git itself reads, or none is handed. */
class SystemGitConfigTest {

  private static final Path GIT = Path.of("/usr/bin/git");

  @TempDir
  Path tmp;

  private static Map<String, String> env(String path) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", path);
    return env;
  }

  @Test
  void aDistributionsGitOnLinuxReadsEtcGitconfig() {
    assumeTrue(Files.isExecutable(GIT));

    assertThat(SystemGitConfig.knownLocation(env("/nowhere:/usr/bin:/bin"), "Linux"))
        .contains(Optional.of(new File("/etc/gitconfig")));
  }

  @Test
  void gitIsAskedEverywhereElse() throws Exception {
    assertThat(SystemGitConfig.knownLocation(env("/usr/bin:/bin"), "Mac OS X")).isEmpty();
    assertThat(SystemGitConfig.knownLocation(env(tmp.toString()), "Linux")).isEmpty();
    Map<String, String> named = env("/usr/bin:/bin");
    named.put("GIT_CONFIG_SYSTEM", tmp.resolve("system").toString());
    assertThat(SystemGitConfig.knownLocation(named, "Linux")).isEmpty();
    Map<String, String> none = env("/usr/bin:/bin");
    none.put("GIT_CONFIG_NOSYSTEM", "1");
    assertThat(SystemGitConfig.knownLocation(none, "Linux")).isEmpty();
    // Another git first on the path: its own build decides where its configuration is.
    Path other = Files.writeString(tmp.resolve("git"), "#!/bin/sh\n");
    other.toFile().setExecutable(true);
    assertThat(SystemGitConfig.knownLocation(env(tmp + ":/usr/bin"), "Linux")).isEmpty();
  }

  @Test
  void theFileIsTheOneGitReportsForItsSystemConfiguration() throws Exception {
    assumeTrue(Files.isExecutable(GIT) && System.getProperty("os.name").equals("Linux"));
    // 'git config --edit' would create a missing file: ask only about one that is there.
    assumeTrue(Files.isRegularFile(Path.of("/etc/gitconfig")));
    Optional<Optional<File>> known =
        SystemGitConfig.knownLocation(env("/usr/bin:/bin"), "Linux");
    assertThat(known).isPresent();

    // The question JGit asks git (the editor trick works for an empty or missing file too).
    ProcessBuilder asked = new ProcessBuilder(GIT.toString(), "config", "--system", "--edit");
    asked.environment().keySet().removeIf(name -> name.startsWith("GIT_"));
    asked.environment().put("GIT_EDITOR", "echo");
    asked.redirectErrorStream(true);
    Process git = asked.start();
    String answer = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .strip();
    assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(known.get().map(File::getPath)).contains(answer);
  }
}
