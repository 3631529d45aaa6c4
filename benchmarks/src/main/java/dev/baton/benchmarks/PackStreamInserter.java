package dev.baton.benchmarks;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PackParser;

/**
 * Benchmark setup only: an {@link ObjectInserter} that writes every object into one pack, so that
 * a repository of 100,000 files is built in seconds rather than as 100,000 loose files. It writes
 * the pack stream itself (whole objects, no deltas, fast compression) into a temporary file and,
 * on {@link #flush()}, hands it to the repository's own public {@link PackParser}, which indexes
 * it and moves it into the object database. Until then the new objects are not in the
 * repository: {@link #tree} answers the trees inserted so far, for setup that edits them. Not
 * thread-safe.
 */
final class PackStreamInserter extends ObjectInserter {
  private final Repository repository;
  private final Path entries;
  private final OutputStream out;
  private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
  private final byte[] buffer = new byte[64 * 1024];
  private final Set<ObjectId> written = new HashSet<>();
  private final Map<ObjectId, byte[]> trees = new HashMap<>();

  PackStreamInserter(Repository repository) throws IOException {
    this.repository = repository;
    this.entries = Files.createTempFile("baton-bench-", ".pack-entries");
    this.out = new BufferedOutputStream(Files.newOutputStream(entries), 1 << 16);
  }

  /** The content of a tree inserted here (null when it was not). */
  byte[] tree(ObjectId id) {
    return trees.get(id);
  }

  @Override
  public ObjectId insert(int type, byte[] data, int off, int len) throws IOException {
    ObjectId id = idFor(type, data, off, len);
    if (!written.add(id)) {
      return id;
    }
    if (type == Constants.OBJ_TREE) {
      byte[] copy = new byte[len];
      System.arraycopy(data, off, copy, 0, len);
      trees.put(id, copy);
    }
    // Entry header: type and size, 4 bits of the size in the first byte, then 7 bits a byte.
    long size = len;
    int first = (type << 4) | (int) (size & 0x0F);
    size >>>= 4;
    while (size != 0) {
      out.write(first | 0x80);
      first = (int) (size & 0x7F);
      size >>>= 7;
    }
    out.write(first);
    deflater.reset();
    deflater.setInput(data, off, len);
    deflater.finish();
    while (!deflater.finished()) {
      int n = deflater.deflate(buffer);
      out.write(buffer, 0, n);
    }
    return id;
  }

  @Override
  public ObjectId insert(int type, long length, InputStream in) throws IOException {
    byte[] data = in.readNBytes((int) length);
    return insert(type, data, 0, data.length);
  }

  @Override
  public PackParser newPackParser(InputStream in) {
    throw new UnsupportedOperationException("a pack stream inserter does not parse packs");
  }

  /** A reader of the repository; it sees the new objects only after {@link #flush()}. */
  @Override
  public ObjectReader newReader() {
    return repository.newObjectReader();
  }

  /** Parses the pack into the repository. Once only: later inserts are refused. */
  @Override
  public void flush() throws IOException {
    out.close();
    ByteBuffer header = ByteBuffer.allocate(12);
    header.put(Constants.PACK_SIGNATURE).putInt(2).putInt(written.size());
    MessageDigest sha1 = sha1();
    sha1.update(header.array());
    try (InputStream in = new DigestInputStream(Files.newInputStream(entries), sha1)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    byte[] trailer = sha1.digest();
    try (InputStream pack = new SequenceInputStream(Collections.enumeration(List.of(
            new ByteArrayInputStream(header.array()), Files.newInputStream(entries),
            new ByteArrayInputStream(trailer))));
        ObjectInserter inserter = repository.newObjectInserter()) {
      PackParser parser = inserter.newPackParser(pack);
      parser.parse(NullProgressMonitor.INSTANCE);
      inserter.flush();
    }
  }

  @Override
  public void close() {
    deflater.end();
    try {
      out.close();
      Files.deleteIfExists(entries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
