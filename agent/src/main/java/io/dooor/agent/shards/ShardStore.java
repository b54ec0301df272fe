package io.dooor.agent.shards;

import io.dooor.client.data.DataException;
import io.dooor.client.data.ShardVerifier;
import io.dooor.common.Bytes;
import io.dooor.common.OwnerOnlyFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;

/**
 * The shards this node holds, one file per shard at {@code DIR/<blobId>/<index>} (owner-only). A
 * shard is written to a temporary file in the same folder while its SHA-256 is computed, checked
 * (its header names this blob and index, its hash is the one its grant names), synced, then renamed
 * into place and the folder synced: a crash leaves the old shard or the new one, never part of one.
 * Putting the same bytes again is harmless (the same content lands at the same name). Memory is one
 * buffer per request, whatever the shard size.
 */
public final class ShardStore {
  static final int BUFFER = 64 << 10;
  private static final String TEMP_SUFFIX = ".part";

  private final Path dir;

  public ShardStore(Path dir) throws IOException {
    this.dir = OwnerOnlyFiles.createDirectories(dir);
  }

  public Path dir() {
    return dir;
  }

  /** Whether the shard was new here or the same bytes were already held. */
  public enum Outcome {
    STORED,
    ALREADY_STORED
  }

  /**
   * Stores shard {@code at} from {@code body}, accepted only with SHA-256 {@code sha256}.
   *
   * @throws ShardRequestException 400 naming {@code body} when the bytes are not that shard
   */
  public Outcome put(ShardAddress at, Bytes sha256, InputStream body)
      throws IOException, ShardRequestException {
    Path folder = OwnerOnlyFiles.createDirectories(dir.resolve(at.blobId().toString()));
    Path target = folder.resolve(Integer.toString(at.index()));
    Path temp = folder.resolve(at.index() + "." + UUID.randomUUID() + TEMP_SUFFIX);
    try {
      Bytes actual = writeSynced(at, body, temp);
      if (!MessageDigest.isEqual(actual.toArray(), sha256.toArray())) {
        throw new ShardRequestException(
            400,
            "shard-hash-mismatch",
            "body",
            "the shard's SHA-256 is not the one its grant names");
      }
      boolean held = Files.exists(target) && sha256(target).equals(sha256);
      moveAtomically(temp, target);
      syncFolder(folder);
      return held ? Outcome.ALREADY_STORED : Outcome.STORED;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The file of shard {@code at}, if held here. */
  public Optional<Path> find(ShardAddress at) {
    Path file = dir.resolve(at.blobId().toString()).resolve(Integer.toString(at.index()));
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /** Writes {@code body} to {@code temp}, checks its header, syncs it; returns its SHA-256. */
  private static Bytes writeSynced(ShardAddress at, InputStream body, Path temp)
      throws IOException, ShardRequestException {
    MessageDigest sha = sha256();
    byte[] buf = new byte[BUFFER];
    long total = 0;
    try (FileChannel out =
        FileChannel.open(
            temp,
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            OwnerOnlyFiles.fileAttributes())) {
      for (int n; (n = body.read(buf)) >= 0; ) {
        if (total < ShardVerifier.HEADER_LENGTH && total + n >= ShardVerifier.HEADER_LENGTH) {
          checkHeader(at, headerOf(temp, buf, total, n));
        }
        sha.update(buf, 0, n);
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
          out.write(bb);
        }
        total += n;
      }
      if (total < ShardVerifier.HEADER_LENGTH) {
        throw new ShardRequestException(
            400,
            "malformed-shard",
            "body",
            "a shard has at least a "
                + ShardVerifier.HEADER_LENGTH
                + "-byte header, got "
                + total
                + " bytes");
      }
      out.force(true);
    }
    return Bytes.of(sha.digest());
  }

  /** The header: what the file holds so far and the start of this read. */
  private static byte[] headerOf(Path temp, byte[] buf, long written, int n) throws IOException {
    byte[] header = new byte[ShardVerifier.HEADER_LENGTH];
    if (written > 0) {
      try (InputStream in = Files.newInputStream(temp)) {
        in.readNBytes(header, 0, (int) written);
      }
    }
    System.arraycopy(buf, 0, header, (int) written, header.length - (int) written);
    return header;
  }

  private static void checkHeader(ShardAddress at, byte[] header) throws ShardRequestException {
    try {
      ShardVerifier.checkHeader(at.blobId(), at.index(), header);
    } catch (DataException e) {
      throw new ShardRequestException(400, "malformed-shard", "body", e.getMessage());
    }
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes the rename durable (POSIX: fsync the folder); a no-op where folders cannot be opened. */
  private static void syncFolder(Path folder) {
    try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // not every platform can open a folder for syncing; the file itself was synced
    }
  }

  static Bytes sha256(Path file) throws IOException {
    MessageDigest sha = sha256();
    byte[] buf = new byte[BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        sha.update(buf, 0, n);
      }
    }
    return Bytes.of(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
