package dev.baton.git;

import dev.baton.error.BatonException;
import dev.baton.error.ErrorCode;
import dev.baton.model.EnvironmentWrite;
import dev.baton.model.FileChange;
import dev.baton.model.PromotionId;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Everything a write needs, checked before any object is written: the folder, the refs it
 * touches, the encoded file contents, the commit message and identities.
 *
 * @param write the write asked for
 * @param folder the environment's folder
 * @param marker the promotion's marker ref
 * @param pullRequestRef the promotion's pull request branch, as a full ref name
 * @param changes path in the folder to its new content (empty: delete)
 * @param executable the paths the write marks executable
 * @param message the commit message
 * @param author the requester
 * @param committer Baton, dated at the write
 */
record PreparedWrite(EnvironmentWrite write, String folder, String marker,
    String pullRequestRef, Map<String, Optional<byte[]>> changes, Set<String> executable,
    String message, PersonIdent author, PersonIdent committer) {

  PromotionId promotion() {
    return write.commit().promotion();
  }

  /**
   * Checks and encodes a write.
   *
   * @throws BatonException INVALID_REF_NAME for a promotion id that makes a bad ref name,
   *     INVALID_ARGUMENT for a path changed twice or a file-folder clash, DOCUMENT_TOO_LARGE or
   *     MALFORMED_DOCUMENT for content that cannot be written
   */
  static PreparedWrite of(EnvironmentWrite write, EnvironmentLayout layout,
      String committerName, String committerEmail, long maxFileBytes) {
    String folder = layout.folder(write.project(), write.environment());
    PromotionId promotion = write.commit().promotion();
    String marker = PromotionMarkers.requireRefName(PromotionMarkers.markerRef(promotion));
    String pullRequestRef =
        PromotionMarkers.requireRefName(PromotionMarkers.pullRequestRef(promotion));
    Map<String, Optional<byte[]>> changes = new LinkedHashMap<>();
    Set<String> executable = new TreeSet<>();
    for (FileChange change : write.changes()) {
      if (changes.containsKey(change.path())) {
        throw new BatonException(ErrorCode.INVALID_ARGUMENT,
            "the write changes '" + change.path() + "' twice");
      }
      String path = folder + "/" + change.path();
      changes.put(change.path(), change.content().map(text -> encode(path, text, maxFileBytes)));
      if (change.executable()) {
        executable.add(change.path());
      }
    }
    FolderTrees.requireNoFileFolderClash(
        changes.entrySet().stream().filter(e -> e.getValue().isPresent())
            .map(Map.Entry::getKey).toList());
    PersonIdent committer = new PersonIdent(committerName, committerEmail, write.commit().at(),
        ZoneOffset.UTC);
    return new PreparedWrite(write, folder, marker, pullRequestRef,
        Collections.unmodifiableMap(changes), Collections.unmodifiableSet(executable),
        PromotionMessage.format(write.commit(), folder),
        CommitIdentity.author(write.commit().requestedBy(), write.commit().at()), committer);
  }

  private static byte[] encode(String path, String text, long maxFileBytes) {
    if (text.length() > maxFileBytes) {
      throw FolderTrees.tooLarge(path, text.length(), maxFileBytes);
    }
    ByteBuffer encoded;
    try {
      encoded = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
    } catch (CharacterCodingException e) {
      throw new BatonException(ErrorCode.MALFORMED_DOCUMENT,
          path + " cannot be written as UTF-8 (unpaired surrogate)", e);
    }
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    if (bytes.length > maxFileBytes) {
      throw FolderTrees.tooLarge(path, bytes.length, maxFileBytes);
    }
    return bytes;
  }
}
