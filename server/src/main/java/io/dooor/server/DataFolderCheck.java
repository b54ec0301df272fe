package io.dooor.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The start-up check of a data folder's permissions: everything in it should be owner-only (0700
 * folders, 0600 files), as the product creates it. A folder or file that group or others may use
 * gives a warning; a private key file that they may read is refused, since its key must be presumed
 * copied (the fix is a chmod, and a new key if others did read it).
 */
public final class DataFolderCheck {
  /** The private key files of a data folder, by name. */
  private static final Set<String> SECRETS =
      Set.of(
          "audit-signer.key", "sim-root.der", "control-plane.pem", "controller.pem", "sealing.key");

  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.complementOf(
          EnumSet.of(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE));

  private DataFolderCheck() {}

  /**
   * The warnings for {@code dataDir} and everything under it (none where the file system has no
   * POSIX permissions).
   *
   * @throws IOException if a private key file is readable or writable by group or others
   */
  public static List<String> check(Path dataDir) throws IOException {
    List<String> warnings = new ArrayList<>();
    if (!Files.getFileStore(dataDir).supportsFileAttributeView(PosixFileAttributeView.class)) {
      return warnings;
    }
    try (Stream<Path> paths = Files.walk(dataDir)) {
      for (Path p : paths.toList()) {
        checkOne(p, warnings);
      }
    }
    return warnings;
  }

  private static void checkOne(Path p, List<String> warnings) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    if (perms.stream().noneMatch(OTHERS::contains)) {
      return;
    }
    String mode = PosixFilePermissions.toString(perms);
    if (SECRETS.contains(p.getFileName().toString()) && Files.isRegularFile(p)) {
      throw new IOException(
          "private key file "
              + p
              + " is accessible to group or others ("
              + mode
              + "): refusing to use it; run chmod 600 "
              + p
              + ", and replace the key if someone else could have read it");
    }
    String kind = Files.isDirectory(p) ? "folder" : "file";
    String fix = Files.isDirectory(p) ? "chmod 700 " : "chmod 600 ";
    warnings.add(
        "data "
            + kind
            + " "
            + p
            + " is accessible to group or others ("
            + mode
            + "); it should be owner-only: "
            + fix
            + p);
  }
}
