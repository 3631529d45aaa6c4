package dev.baton.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Scratch folders and the {@code git} command line for benchmark setup and the CLI comparison.
 * Stateless and thread-safe.
 */
final class Scratch {
  private Scratch() {}

  /** The system property naming where scratch repositories go. */
  static final String DIR_PROPERTY = "baton.bench.dir";

  /**
   * A new empty folder under {@code -Dbaton.bench.dir} (created if needed), else under the
   * system temporary folder. The place matters: a write creates a dozen small files, and file
   * creation costs differ by an order of magnitude between file systems.
   */
  static Path newFolder(String prefix) {
    try {
      String base = System.getProperty(DIR_PROPERTY);
      if (base == null || base.isBlank()) {
        return Files.createTempDirectory("baton-bench-" + prefix + "-");
      }
      Path parent = Files.createDirectories(Path.of(base));
      return Files.createTempDirectory(parent, "baton-bench-" + prefix + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a folder and everything in it; missing is fine. */
  static void delete(Path folder) {
    if (folder == null || !Files.exists(folder)) {
      return;
    }
    try {
      Files.walkFileTree(folder, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          if (e != null) {
            throw e;
          }
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code git} in a folder and returns its standard output.
   *
   * @throws IllegalStateException when git exits with a non-zero status (its output attached)
   */
  static String git(Path workTree, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.add("-C");
    command.add(workTree.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // The user's and the machine's configuration must not change what is measured.
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      byte[] output;
      try (InputStream in = process.getInputStream()) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        output = buffer.toByteArray();
      }
      int status = process.waitFor();
      String text = new String(output, StandardCharsets.UTF_8);
      if (status != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited with " + status
            + ": " + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running git", e);
    }
  }
}
