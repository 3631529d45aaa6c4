package dev.baton.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A FIFO a test's deploy command writes {@code started} to, so the test can kill {@code baton}
 * exactly while the deploy runs. Reading blocks until the command writes; the bounded waits only
 * keep a broken run from hanging the build.
 */
final class DeployStarted {
  private final Path fifo;

  private DeployStarted(Path fifo) {
    this.fifo = fifo;
  }

  /** Creates the FIFO at {@code path} with {@code mkfifo}. */
  static DeployStarted at(Path path) throws IOException, InterruptedException {
    new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor();
    return new DeployStarted(path);
  }

  /** The FIFO's path, for the deploy command. */
  Path path() {
    return fifo;
  }

  /** Waits until the deploy command of {@code running} says it started. */
  void await(CliProcess.Running running) throws Exception {
    CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
      try {
        return Files.readString(fifo);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    for (int i = 0; i < 240 && !read.isDone(); i++) {
      if (!running.process().isAlive()) {
        unblock();
        throw new AssertionError("baton ended before deploying\n" + running.printed());
      }
      try {
        read.get(500, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillWaiting) {
        // keep waiting while the process lives
      }
    }
    if (!read.isDone()) {
      unblock();
      running.kill();
      throw new AssertionError("the deploy command never started\n" + running.printed());
    }
    assertThat(read.get(1, TimeUnit.SECONDS)).isEqualTo("started\n");
  }

  /** Lets a reader that waits on the FIFO go. */
  private void unblock() throws IOException {
    try (OutputStream out = Files.newOutputStream(fifo)) {
      out.write("aborted\n".getBytes(StandardCharsets.UTF_8));
    }
  }
}
