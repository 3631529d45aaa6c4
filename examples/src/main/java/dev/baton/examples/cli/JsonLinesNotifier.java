package dev.baton.examples.cli;

import dev.baton.http.json.Json;
import dev.baton.model.Notification;
import dev.baton.spi.Notifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link Notifier} that appends each notification as one line of JSON to a file (by default
 * {@code <git dir>/baton/notifications.jsonl}), for a chat bot or a mail script to tail. Delivery
 * is at least once, so a reader drops repeated ids. A failed append throws, and the engine retries
 * the notification later. Thread-safe: appends are serialised.
 */
final class JsonLinesNotifier implements Notifier {
  private final Path file;

  JsonLinesNotifier(Path file) {
    this.file = file;
  }

  @Override
  public synchronized void deliver(Notification notification) {
    byte[] line = (Json.line(notification) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("appending to " + file + " failed", e);
    }
  }
}
