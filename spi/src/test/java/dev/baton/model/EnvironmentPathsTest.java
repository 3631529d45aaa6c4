package dev.baton.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentPathsTest {

  @ParameterizedTest
  @ValueSource(strings = {"values.yaml", "manifests/service.yaml", "a/b/c.yml", "..hidden",
      ".gitignore", ".github/workflows/ci.yaml", "git", "gitea.yaml", "my.git.yaml", "git~x",
      "console.yaml", "com10.yaml", "aux-jobs/job.yaml", "caf\u00e9/men\u00fc.yaml",
      "\u00e9l\u00e8ve.yaml", "emoji-\uD83D\uDE80.yaml", "a b/c d.yaml", "co n.yaml",
      " conx.yaml", "com.yaml", "lpt.txt", "a/ aux1.yaml"})
  void acceptsRelativePathsInside(String path) {
    assertThat(EnvironmentPaths.requireInside(path)).isEqualTo(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/etc/passwd", "../prod/values.yaml", "a/../../b", "a//b", "./a",
      "a\\b", "C:/x", ".git/config", "a/\u0000b", "a/"})
  void refusesPathsThatLeaveTheFolder(String path) {
    assertThatThrownBy(() -> FileChange.write(path, "x"))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PATH_OUTSIDE_ENVIRONMENT));
  }

  @ParameterizedTest
  @ValueSource(strings = {".git", ".GIT", "a/.Git/config", ".git.", ".git ", ".git. . ",
      "a/.git./hooks/post-checkout", "GIT~1", "git~1/config", "a/Git~12",
      ".g\u200Bit", ".g\u200Cit", ".\u200Dgit", ".git\uFEFF", "\u206A.git", ".gi\u200Et",
      ".gi\u200Ft", ".g\u202Eit", ".g\u2066it", ".g\u2060it", ".git::$INDEX_ALLOCATION/x",
      ".git:stream", "values\u202Egpj.yaml", "val\u00ADues.yaml", "a\u2028b.yaml",
      "a:b.yaml", "a<b", "a>b", "a\"b", "a|b", "a?b", "a*b", "values.yaml.", "values.yaml ",
      "dir./values.yaml", "CON", "con.yaml", "a/Nul.txt", "AUX", "prn.yaml", "COM1", "lpt9.log",
      "nul .yaml", " con.yaml", "com1 .log", "\u2003aux", "a/ lpt1 ", "\u2003 prn \u2003.txt"})
  void refusesNamesThatAFileSystemGitRunsOnReadsAsSomethingElse(String path) {
    assertThatThrownBy(() -> EnvironmentPaths.requireInside(path))
        .isInstanceOfSatisfying(BatonException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.PATH_OUTSIDE_ENVIRONMENT);
          assertThat(e.getMessage()).doesNotContain("\u200B", "\u202E", "\uFEFF");
        });
    assertThatThrownBy(() -> EnvironmentFiles.of(EnvironmentName.of("dev"), Revision.of("c1"),
        Map.of(path, "x"))).isInstanceOf(BatonException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"*.yaml", "values*.yaml", "dashboards/", "a/**/b?.json"})
  void ruleGlobsKeepTheirWildcards(String glob) {
    assertThat(PromotionRule.wholeFiles(glob).files()).isEqualTo(glob);
  }

  @ParameterizedTest
  @ValueSource(strings = {".git./**", "GIT~1/*.yaml", "a:b/*.yaml", ".g\u200Cit/"})
  void ruleGlobsFollowThePathRule(String glob) {
    assertThatThrownBy(() -> PromotionRule.wholeFiles(glob))
        .isInstanceOfSatisfying(BatonException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void theHandWrittenChecksAreWhatTheirPatternsSay() {
    String alphabet = "aZc:gGit~019/.\\\n\r\u0085\u2028\u2029\u00e9x ";
    Random random = new Random(17);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder value = new StringBuilder(i % 3 == 0 ? "git~" : i % 3 == 1 ? "C:" : "");
      int length = random.nextInt(7);
      for (int j = 0; j < length; j++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = value.toString();
      assertThat(EnvironmentPaths.isDrive(s)).as("drive '%s'", s)
          .isEqualTo(EnvironmentPaths.DRIVE.matcher(s).matches());
      assertThat(EnvironmentPaths.isShortGit(s)).as("short name '%s'", s)
          .isEqualTo(EnvironmentPaths.SHORT_GIT.matcher(s).matches());
    }
  }

  /**
   * The one-pass check of plain paths against the full one, on seeded random paths of segments
   * drawn among the rule's edges (devices in any case and with extensions, '.git' spellings,
   * trailing dots and spaces, short names, reserved, control, invisible and non-ASCII
   * characters, empty segments, drives, lengths around 1024): every path the one pass accepts,
   * the full way accepts, and requireInside answers or refuses (same message) as the full way.
   */
  @Test
  void plainPathsAreThoseTheFullCheckAccepts() {
    String[] segments = {"values.yaml", "apps", "a", "A_b-c.9", "", ".", "..", "...", "a.",
        ".git", ".GiT", ".gitx", ".git.", "git~1", "git", "con", "CON", "Con.txt", "cono",
        "com1", "COM9.yaml", "com0", "com10", "lpt3", "LpT9.x", "lpt", "nul", "nul.", "aux.a.b",
        "prn", "prnx", "a b", "b ", "x:y", "C:", "c", "a\\b", "tab\t", "\u00e9t\u00e9",
        "zero\u200bwidth", "q?", "x*", "p|q", "~", "a~b", "_", "-", "1", "x".repeat(300)};
    String[] accepted = {"values.yaml", "apps", "a", "A_b-c.9", "git", "cono", "com0", "com10",
        "prnx", ".gitx", "lpt", "..x", "x.y.z", "-", "_"};
    String loose = "aZ09._-/:~ \\\t\u00e9\u200b<>";
    Random random = new Random(20261201L);
    int plain = 0;
    for (int i = 0; i < 60_000; i++) {
      StringBuilder path = new StringBuilder(random.nextInt(20) == 0 ? "/" : "");
      int count = 1 + random.nextInt(5);
      for (int j = 0; j < count; j++) {
        if (j > 0) {
          path.append('/');
        }
        int kind = random.nextInt(6);
        if (kind == 0) {
          for (int k = random.nextInt(6); k >= 0; k--) {
            path.append(loose.charAt(random.nextInt(loose.length())));
          }
        } else if (kind < 4) {
          path.append(accepted[random.nextInt(accepted.length)]);
        } else {
          path.append(segments[random.nextInt(segments.length)]);
        }
      }
      String p = path.toString();
      if (EnvironmentPaths.isPlain(p)) {
        plain++;
        assertThat(EnvironmentPaths.requireInsideChecked(p)).as("'%s'", p).isEqualTo(p);
      }
      assertThat(outcome(() -> EnvironmentPaths.requireInside(p))).as("'%s'", p)
          .isEqualTo(outcome(() -> EnvironmentPaths.requireInsideChecked(p)));
    }
    // a good part of the paths is plain: both sides of the one pass are exercised
    assertThat(plain).isBetween(5_000, 55_000);
    for (String p : new String[] {null, "x".repeat(1024), "x".repeat(1025), "a/".repeat(512),
        "CON", "apps/Com7", "nul.tar.gz", "a/.GIT", "a/.git/b", "a.b/c."}) {
      assertThat(outcome(() -> EnvironmentPaths.requireInside(p))).as("'%s'", p)
          .isEqualTo(outcome(() -> EnvironmentPaths.requireInsideChecked(p)));
    }
  }

  // what a check returned, or the refusal's code and message
  private static String outcome(Supplier<String> check) {
    try {
      return "accepted " + check.get();
    } catch (BatonException e) {
      return "refused " + e.code() + " " + e.getMessage();
    }
  }
}
