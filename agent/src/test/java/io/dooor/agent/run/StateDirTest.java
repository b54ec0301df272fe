package io.dooor.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirTest {
  @TempDir Path dir;

  @Test
  void theFolderAndItsFilesAreOwnerOnlyAndTheIdentityIsNeverReplaced() throws Exception {
    StateDir s = new StateDir(dir.resolve("state"));
    s.storeSealedIdentity(Bytes.of(new byte[] {1, 2, 3}));
    s.writeStatus(status("ACTIVE"));
    assertThat(perms(s.path())).isEqualTo("rwx------");
    assertThat(perms(s.path().resolve(StateDir.IDENTITY))).isEqualTo("rw-------");
    assertThat(perms(s.path().resolve(StateDir.STATUS))).isEqualTo("rw-------");
    assertThatThrownBy(() -> s.storeSealedIdentity(Bytes.of(new byte[] {9})))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(s.sealedIdentity()).contains(Bytes.of(new byte[] {1, 2, 3}));
  }

  @Test
  void theLatestStatusIsRead() throws Exception {
    StateDir s = new StateDir(dir.resolve("state"));
    assertThat(s.status()).isEmpty();
    s.writeStatus(status("PENDING"));
    s.writeStatus(status("ACTIVE"));
    assertThat(s.status().orElseThrow().state()).isEqualTo("ACTIVE");
  }

  @Test
  void wipeLeavesNothing() throws Exception {
    StateDir s = new StateDir(dir.resolve("state"));
    s.storeSealedIdentity(Bytes.of(new byte[] {1, 2, 3}));
    s.writeStatus(status("ACTIVE"));
    Files.writeString(s.path().resolve("sim-sealing.key"), "k");
    s.wipe();
    assertThat(s.path()).doesNotExist();
    assertThat(s.sealedIdentity()).isEmpty();
    s.wipe();
  }

  private static AgentStatus status(String state) {
    return new AgentStatus("n", "p", state, null, null, "2026-12-07T00:00:00Z", 1, "");
  }

  private static String perms(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
