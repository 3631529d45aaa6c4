package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher {@code target/baton} (the jar with a class-data-sharing archive) prints exactly
 * what {@code java -jar baton.jar} prints, with the same exit code, whether its archive is
 * absent, present, older than the jar, made for another jar, or truncated; and it creates the
 * archive when it can. Each test runs copies of the launcher and the jar in a folder of its own,
 * so the build's archive stays as it is.
 */
class LauncherIT extends CliTestBase {
  /** Commands that succeed, are refused (3) and are mistyped (2). */
  private static final List<List<String>> COMMANDS = List.of(
      List.of("pipeline", "show"),
      List.of("--json", "pipeline", "show"),
      List.of("show", "p-00000000-0000-0000-0000-000000000000"),
      List.of("pipeline", "shw"));

  private Path bin;
  private Path launcher;
  private Path jar;

  @BeforeEach
  void copies() throws IOException {
    init();
    bin = tmp.resolve("bin");
    Files.createDirectories(bin);
    launcher = bin.resolve("baton");
    jar = bin.resolve("baton.jar");
    Path built = CliProcess.JAR.toAbsolutePath();
    Files.copy(built.resolveSibling("baton"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(built, jar, StandardCopyOption.COPY_ATTRIBUTES);
  }

  @Test
  void withoutAnArchiveItPrintsTheSameAndCreatesOne() {
    assertThat(archives()).isEmpty();

    sameAsJavaJar(COMMANDS.get(0));

    assertThat(archives()).hasSize(1);
    assertThat(maps(archives().get(0))).isTrue();
    COMMANDS.forEach(this::sameAsJavaJar);
    assertThat(archives()).hasSize(1);
  }

  @Test
  void anArchiveOlderThanTheJarIsReplaced() throws IOException {
    sameAsJavaJar(COMMANDS.get(0));
    Path first = archives().get(0);
    Files.setLastModifiedTime(first,
        FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 120_000));

    COMMANDS.forEach(this::sameAsJavaJar);

    assertThat(archives()).hasSize(1);
    assertThat(Files.getLastModifiedTime(archives().get(0)).toMillis())
        .isGreaterThan(Files.getLastModifiedTime(jar).toMillis());
    assertThat(maps(archives().get(0))).isTrue();
  }

  @Test
  void anArchiveOfAnotherJarIsIgnoredSilently() throws IOException {
    // An archive made for the jar in another folder, under the name this folder's launcher
    // looks for: the JVM refuses it (another class path) and must say nothing.
    Path other = tmp.resolve("other");
    Files.createDirectories(other);
    Files.copy(launcher, other.resolve("baton"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(jar, other.resolve("baton.jar"), StandardCopyOption.COPY_ATTRIBUTES);
    launcher(other.resolve("baton"), Map.of(), COMMANDS.get(0)).ok();
    Path foreign = archives(other).get(0);
    sameAsJavaJar(COMMANDS.get(0));
    Path own = archives().get(0);
    Path swapped = own.resolveSibling(withSize(own, Files.size(foreign)));
    Files.delete(own);
    Files.copy(foreign, swapped);
    Files.setLastModifiedTime(swapped, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    assertThat(maps(swapped)).isFalse();

    COMMANDS.forEach(this::sameAsJavaJar);
  }

  @Test
  void aTruncatedArchiveIsNeverMapped() throws IOException {
    // A truncated archive can crash a JDK 17 JVM: its size is not the one in its name.
    sameAsJavaJar(COMMANDS.get(0));
    Path archive = archives().get(0);
    byte[] bytes = Files.readAllBytes(archive);
    Files.delete(archive);
    Files.write(archive, Arrays.copyOf(bytes, bytes.length / 2));
    Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis() + 60_000));

    COMMANDS.forEach(this::sameAsJavaJar);

    assertThat(tmp.resolve("shop")).isDirectoryNotContaining("glob:**/hs_err*");
    assertThat(bin).isDirectoryNotContaining("glob:**/hs_err*");
  }

  @Test
  void cdsOffRunsThePlainJar() {
    COMMANDS.forEach(args -> same(launcher(launcher, Map.of("BATON_CDS", "off"), args),
        cli.baton(repo, args.toArray(String[]::new))));

    assertThat(archives()).isEmpty();
  }

  @Test
  void aRelativeArchiveFolderIsCreatedAndUsed() {
    // BATON_CDS_DIR relative to where the command runs (the repository)
    Map<String, String> relative = Map.of("BATON_CDS_DIR", "cds-cache");
    List<String> args = COMMANDS.get(0);
    CliProcess.Result plain = cli.baton(repo, args.toArray(String[]::new));

    same(launcher(launcher, relative, args), plain);

    Path folder = repo.resolve("cds-cache");
    assertThat(archives(folder)).hasSize(1);
    assertThat(maps(archives(folder).get(0))).isTrue();
    same(launcher(launcher, relative, args), plain);
    assertThat(archives(folder)).hasSize(1);
  }

  @Test
  void theBuildTrainsTheArchiveInAFolderWhosePathHasASpace() throws IOException {
    // make-launcher.sh as the build runs it: the demo's class list is kept beside the jar, and
    // the archive made from it serves the launcher there.
    Path build = tmp.resolve("build dir");
    Files.createDirectories(build);
    Files.copy(jar, build.resolve("baton.jar"), StandardCopyOption.COPY_ATTRIBUTES);
    Path script = CliProcess.JAR.toAbsolutePath().getParent()
        .resolveSibling(Path.of("src", "main", "sh", "make-launcher.sh"));

    CliProcess.Result made = cli.command(tmp,
        Map.of("JAVA_HOME", System.getProperty("java.home")),
        "sh", script.toString(), build.toString()).ok();

    assertThat(made.out()).doesNotContain("no class-data-sharing archive");
    assertThat(build.resolve("baton.classlist")).isNotEmptyFile();
    assertThat(archives(build)).hasSize(1);
    List<String> args = COMMANDS.get(0);
    same(launcher(build.resolve("baton"), Map.of(), args),
        cli.baton(repo, args.toArray(String[]::new)));
    assertThat(archives(build)).hasSize(1);
  }

  /** Runs the launcher and {@code java -jar} and asserts the same exit code and output. */
  private void sameAsJavaJar(List<String> args) {
    same(launcher(launcher, Map.of(), args), cli.baton(repo, args.toArray(String[]::new)));
  }

  private static void same(CliProcess.Result launched, CliProcess.Result plain) {
    String shown = "%s%n--- stdout:%n%s%n--- stderr:%n%s".formatted(launched.command(),
        launched.out(), launched.err());
    assertThat(launched.exit()).as(shown).isEqualTo(plain.exit());
    assertThat(launched.out()).as(shown).isEqualTo(plain.out());
    assertThat(launched.err()).as(shown).isEqualTo(plain.err());
  }

  private CliProcess.Result launcher(Path script, Map<String, String> environment,
      List<String> args) {
    String[] command = Stream.concat(Stream.of(script.toString()), args.stream())
        .toArray(String[]::new);
    // The same home and temporary folder as the plain runs (CliProcess).
    Map<String, String> env = new HashMap<>(environment);
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("BATON_JAVA_OPTS", "-Duser.home=" + CliProcess.HOME + " -Djava.io.tmpdir="
        + tmp.resolve("output").resolve("tmp"));
    if (!environment.containsKey("BATON_CDS_DIR")) {
      env.remove("BATON_CDS_DIR");
    }
    return cli.command(repo, env, command);
  }

  /** Whether a JVM maps the archive with this jar. */
  private boolean maps(Path archive) {
    return cli.command(repo, Map.of(),
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:on",
        "-Xlog:disable", "-XX:SharedArchiveFile=" + archive, "-cp", jar.toString(), "-version")
        .exit() == 0;
  }

  private List<Path> archives() {
    return archives(bin);
  }

  private static List<Path> archives(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The archive's name with another size (the launcher's names end in -SIZE.jsa). */
  private static String withSize(Path archive, long size) {
    String name = archive.getFileName().toString();
    return name.substring(0, name.lastIndexOf('-') + 1) + size + ".jsa";
  }
}
