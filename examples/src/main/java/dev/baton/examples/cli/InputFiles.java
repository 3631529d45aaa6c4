package dev.baton.examples.cli;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads files people name on the command line: bounded (a device such as {@code /dev/zero} or a
 * huge file is refused after reading at most the limit, never loaded whole) and strictly UTF-8.
 * Stateless; thread-safe.
 */
final class InputFiles {

  private InputFiles() {}

  /**
   * The file's text.
   *
   * @throws BatonException DOCUMENT_TOO_LARGE past {@code limit} bytes; MALFORMED_DOCUMENT when
   *     the bytes are not UTF-8 text; both name the file
   * @throws IOException when the file cannot be read (missing, a folder, no permission)
   */
  static String readText(Path file, int limit) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(limit + 1);
    }
    if (bytes.length > limit) {
      throw new BatonException(ErrorCode.DOCUMENT_TOO_LARGE, file + " is larger than the limit"
          + " of " + limit + " bytes; nothing was read past it");
    }
    return utf8(bytes, file.toString());
  }

  /**
   * The bytes as UTF-8 text, strictly: a byte sequence that is not UTF-8 is refused, never
   * replaced by U+FFFD (which would change a name or a path without a word).
   *
   * @throws BatonException MALFORMED_DOCUMENT naming {@code what}
   */
  static String utf8(byte[] bytes, String what) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new BatonException(ErrorCode.MALFORMED_DOCUMENT, what + " is not UTF-8 text ("
          + e.getMessage() + "); save it as UTF-8", e);
    }
  }
}
