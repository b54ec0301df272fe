package io.dooor.server;

import io.dooor.common.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lock on a data folder, {@code DATA/dooor.lock}: one process at a time serves or
 * writes a data folder (a second server would keep its own nonce memory and its own audit
 * integrator). It is an OS file lock ({@code fcntl} on Linux) held for the holder's lifetime, so
 * the OS releases it when the process dies, even by kill -9: a crash leaves no stale lock. The file
 * records the holder's pid for the refusal message. With PostgreSQL the lock covers only this data
 * folder's local files, not the database, which several replicas (each with its own data folder)
 * share.
 */
public final class DataFolderLock implements AutoCloseable {
  /** The lock file's name in the data folder. */
  public static final String FILE = "dooor.lock";

  /** Folders locked by this process: a second channel's close would drop the fcntl lock. */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path folder;
  private final FileChannel channel;

  private DataFolderLock(Path folder, FileChannel channel) {
    this.folder = folder;
    this.channel = channel;
  }

  /**
   * Locks {@code dataDir} (created 0700 if absent) for this process.
   *
   * @throws DataFolderLockedException if another process, or this one, holds it
   */
  public static DataFolderLock acquire(Path dataDir) throws IOException {
    OwnerOnlyFiles.createDirectories(dataDir);
    Path folder = dataDir.toRealPath();
    if (!HELD.add(folder)) {
      throw new DataFolderLockedException(folder, ProcessHandle.current().pid());
    }
    try {
      return lock(folder);
    } catch (IOException | RuntimeException e) {
      HELD.remove(folder);
      throw e;
    }
  }

  private static DataFolderLock lock(Path folder) throws IOException {
    FileChannel ch =
        FileChannel.open(
            folder.resolve(FILE),
            EnumSet.of(
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
            OwnerOnlyFiles.fileAttributes());
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      long holder = holderPid(ch);
      ch.close();
      throw new DataFolderLockedException(folder, holder);
    }
    writePid(ch);
    return new DataFolderLock(folder, ch);
  }

  private static long holderPid(FileChannel ch) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(32);
    ch.read(buf, 0);
    String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void writePid(FileChannel ch) throws IOException {
    ch.truncate(0);
    ch.write(
        ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
        0);
    ch.force(true);
  }

  /** The locked folder (its real path). */
  public Path folder() {
    return folder;
  }

  /** Releases the lock; the file stays, its pid now stale and ignored by the next holder. */
  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      HELD.remove(folder);
    }
  }
}
