package dev.baton.git.state;

import dev.baton.error.BatonException;
import dev.baton.git.state.internal.StateJson;
import dev.baton.git.state.internal.StateLayout;
import dev.baton.git.state.internal.StateLayout.Location;
import dev.baton.model.BreakGlass;
import dev.baton.model.Freeze;
import dev.baton.model.PendingNotification;
import dev.baton.model.Pipeline;
import dev.baton.model.Promotion;
import dev.baton.model.PromotionId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Reads one file of the state tree into what {@link StateIndex} keeps of it, checking the file
 * against its path (a promotion's document must be the promotion its path names, and so on).
 * Stateless and thread-safe.
 */
final class StateFiles {
  private static final byte[] FORMAT_BYTES = StateLayout.formatFile();

  private StateFiles() {}

  /**
   * Parses one file of the state tree and checks it against its path.
   *
   * @param blobId the file's blob id (a key file is checked by id, never read)
   * @throws BatonException STORE_CORRUPT naming the path
   */
  static Object parse(Location at, byte[] content, ObjectId blobId) {
    String path = at.path();
    return switch (at.kind()) {
      case FORMAT -> {
        if (!Arrays.equals(content, FORMAT_BYTES)) {
          throw StateLayout.corrupt(path, "must read '" + StateLayout.FORMAT_LINE
              + "'; this ref holds another format or foreign data");
        }
        yield Boolean.TRUE;
      }
      case PROMOTION -> {
        Promotion p = StateJson.read(path, content, Promotion.class);
        if (!p.id().value().equals(at.name())) {
          throw StateLayout.corrupt(path, "holds promotion '" + p.id() + "', not '"
              + at.name() + "'");
        }
        yield new StateIndex.Doc(p, blobId);
      }
      case KEY -> blobId;
      case CLAIM -> readId(path, content);
      case OUTBOX -> {
        PendingNotification n = StateJson.read(path, content, PendingNotification.class);
        if (!StateLayout.outboxName(n.notification().id()).equals(at.name())) {
          throw StateLayout.corrupt(path, "holds notification '" + n.notification().id()
              + "', whose file would be " + StateLayout.outboxPath(n.notification().id()));
        }
        yield n;
      }
      case PIPELINE -> {
        Pipeline p = StateJson.read(path, content, Pipeline.class);
        if (!p.project().value().equals(at.project())) {
          throw StateLayout.corrupt(path, "holds the pipeline of project '" + p.project() + "'");
        }
        yield p;
      }
      case FREEZE -> {
        Freeze f = StateJson.read(path, content, Freeze.class);
        if (!f.project().value().equals(at.project())
            || !f.environment().value().equals(at.environment())) {
          throw StateLayout.corrupt(path, "holds the freeze of " + f.project() + "/"
              + f.environment());
        }
        yield f;
      }
      case BREAK_GLASS -> {
        BreakGlass b = StateJson.read(path, content, BreakGlass.class);
        if (!b.project().value().equals(at.project())
            || !b.environment().value().equals(at.environment())) {
          throw StateLayout.corrupt(path, "holds a break-glass session of " + b.project() + "/"
              + b.environment());
        }
        yield b;
      }
    };
  }

  private static PromotionId readId(String path, byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8);
    if (!text.endsWith("\n") || text.indexOf('\n') != text.length() - 1) {
      throw StateLayout.corrupt(path, "must hold one promotion id and a newline");
    }
    try {
      return PromotionId.of(text.substring(0, text.length() - 1));
    } catch (BatonException e) {
      throw StateLayout.corrupt(path, "does not hold a promotion id: " + e.getMessage());
    }
  }
}
