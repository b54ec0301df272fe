package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11, defects 8 and 9 within one process: the data folder's lock is refused while held here
 * too, released by close, and created owner-only; the permission check warns on an open folder or
 * file. (DataFolderProcessTest covers other processes and kill -9.)
 */
class DataFolderLockTest {
  @TempDir Path dir;

  @Test
  void aHeldFolderIsRefusedNamingThePidUntilReleased() throws Exception {
    Path data = dir.resolve("data");
    long pid = ProcessHandle.current().pid();
    try (DataFolderLock held = DataFolderLock.acquire(data)) {
      assertThatThrownBy(() -> DataFolderLock.acquire(data))
          .isInstanceOf(DataFolderLockedException.class)
          .hasMessageContaining("pid " + pid)
          .satisfies(e -> assertThat(((DataFolderLockedException) e).holderPid()).isEqualTo(pid));
      assertThat(Files.readString(data.resolve(DataFolderLock.FILE)).strip())
          .isEqualTo(Long.toString(pid));
      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(data.resolve(DataFolderLock.FILE))).isEqualTo("rw-------");
    }
    DataFolderLock.acquire(data).close();
  }

  @Test
  void openPathsAreWarnedAboutAndOwnerOnlyOnesAreNot() throws Exception {
    Path data = dir.resolve("data");
    DataFolderLock.acquire(data).close();
    assertThat(DataFolderCheck.check(data)).isEmpty();
    Path db = Files.createFile(data.resolve("dooor.db"));
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r-----"));
    assertThat(DataFolderCheck.check(data))
        .singleElement()
        .asString()
        .contains("data file " + db, "(rw-r-----)", "chmod 600");
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
