package io.dooor.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;

/**
 * Folders and files readable by their owner only (0700 and 0600 where the file system is POSIX),
 * <em>created</em> that way: the permissions are an attribute of the creating call (POSIX {@code
 * open(2)}/{@code mkdir(2)} mode, narrowed further by the umask), so there is no moment when
 * another user could open the file, as there would be with a chmod after creating it.
 */
public final class OwnerOnlyFiles {
  private OwnerOnlyFiles() {}

  /** Creates {@code dir} and any missing parents, each created 0700; existing ones are kept. */
  public static Path createDirectories(Path dir) throws IOException {
    return Files.createDirectories(dir, folderAttributes());
  }

  /**
   * Writes {@code content} to a new file, created 0600, and syncs it.
   *
   * @throws java.nio.file.FileAlreadyExistsException if {@code file} exists
   */
  public static void writeNew(Path file, byte[] content) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            file,
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            fileAttributes())) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
  }

  /** The attributes that create a file 0600 (none where the file system is not POSIX). */
  public static FileAttribute<?>[] fileAttributes() {
    return posix("rw-------");
  }

  /** The attributes that create a folder 0700 (none where the file system is not POSIX). */
  public static FileAttribute<?>[] folderAttributes() {
    return posix("rwx------");
  }

  private static FileAttribute<?>[] posix(String mode) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))
    };
  }
}
