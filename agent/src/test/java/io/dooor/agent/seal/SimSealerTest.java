package io.dooor.agent.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.agent.seal.SealingException.Reason;
import io.dooor.common.Bytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development sealer: a 0600 key file, and blobs that open only under that file's key. */
class SimSealerTest {
  static final Bytes SECRET = Bytes.of("the node's PKCS#8 key".getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;

  @Test
  void sealsAndUnsealsAndCreatesTheKeyFileOwnerOnly() throws Exception {
    Path keyFile = dir.resolve("state/seal.key");
    SimSealer sealer = new SimSealer(keyFile);
    Bytes sealed = sealer.seal(SECRET);

    assertThat(new SimSealer(keyFile).unseal(sealed)).isEqualTo(SECRET);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    assertThat(Files.size(keyFile)).isEqualTo(32);
    assertThat(sealed.slice(0, 9).toArray())
        .isEqualTo("DOOORSEAL".getBytes(StandardCharsets.US_ASCII));
    assertThat(sealer.seal(SECRET)).as("fresh nonce each time").isNotEqualTo(sealed);
  }

  @Test
  void anotherKeyFileDoesNotUnseal() throws Exception {
    Bytes sealed = new SimSealer(dir.resolve("a.key")).seal(SECRET);
    assertRefused(new SimSealer(dir.resolve("b.key")), sealed, Reason.UNSEAL_FAILED);
  }

  @Test
  void anAlteredBlobDoesNotUnseal() throws Exception {
    SimSealer sealer = new SimSealer(dir.resolve("k"));
    byte[] sealed = sealer.seal(SECRET).toArray();
    byte[] body = sealed.clone();
    body[body.length - 1] ^= 1;
    assertRefused(sealer, Bytes.of(body), Reason.UNSEAL_FAILED);
    byte[] version = sealed.clone();
    version[9] = 2;
    assertRefused(sealer, Bytes.of(version), Reason.MALFORMED);
    byte[] name = sealed.clone();
    name[11] = 'x';
    assertRefused(sealer, Bytes.of(name), Reason.WRONG_SEALER);
  }

  @Test
  void aKeyFileReadableByOthersOrOfTheWrongSizeIsRefused() throws Exception {
    Path open = dir.resolve("open.key");
    Files.write(open, new byte[32]);
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> new SimSealer(open).seal(SECRET))
        .isInstanceOfSatisfying(
            SealingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_FILE_INVALID))
        .hasMessageContaining("0600");
    Path shortKey = dir.resolve("short.key");
    Files.write(shortKey, new byte[16]);
    Files.setPosixFilePermissions(shortKey, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> new SimSealer(shortKey).seal(SECRET))
        .isInstanceOfSatisfying(
            SealingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_FILE_INVALID));
  }

  static void assertRefused(Sealer sealer, Bytes sealed, Reason reason) {
    assertThatThrownBy(() -> sealer.unseal(sealed))
        .isInstanceOfSatisfying(
            SealingException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
