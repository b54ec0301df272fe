package io.dooor.agent.seal;

import io.dooor.agent.seal.SealingException.Reason;
import io.dooor.common.Bytes;
import io.dooor.common.OwnerOnlyFiles;
import io.dooor.common.SecretBytes;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * DEVELOPMENT ONLY: seals under a random 32-byte key kept in a plain file (created 0600 at first
 * use, refused when others may read it). Whoever reads the file opens every blob, so this proves
 * nothing about the TEE; it pairs only with sim evidence, which the production policy refuses. The
 * AES-256-GCM key is HKDF-SHA256(file key, "dooor-seal-v1 sim").
 */
public final class SimSealer implements Sealer {
  static final int KEY_LENGTH = 32;
  private static final String INFO = "dooor-seal-v1 sim";
  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.complementOf(
          EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

  private final Path keyFile;

  public SimSealer(Path keyFile) {
    this.keyFile = keyFile;
  }

  @Override
  public String name() {
    return "sim";
  }

  @Override
  public Bytes seal(Bytes secret) throws IOException, SealingException {
    return SealedBox.seal(key(), name(), Bytes.empty(), secret);
  }

  @Override
  public Bytes unseal(Bytes sealed) throws IOException, SealingException {
    SealedBox.Parsed p = SealedBox.parse(sealed, name());
    return SealedBox.open(key(), p, "not sealed under the key in " + keyFile + ", or altered");
  }

  private SecretBytes key() throws IOException, SealingException {
    if (!Files.exists(keyFile)) {
      create();
    }
    checkOwnerOnly();
    byte[] raw = Files.readAllBytes(keyFile);
    try {
      if (raw.length != KEY_LENGTH) {
        throw new SealingException(
            Reason.KEY_FILE_INVALID, keyFile + " holds " + raw.length + " bytes, not 32");
      }
      return Hkdf.aesKey(SecretBytes.of(raw), INFO);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private void create() throws IOException {
    Path parent = keyFile.toAbsolutePath().getParent();
    if (parent != null) {
      OwnerOnlyFiles.createDirectories(parent);
    }
    byte[] key = new byte[KEY_LENGTH];
    new SecureRandom().nextBytes(key);
    try {
      OwnerOnlyFiles.writeNew(keyFile, key);
    } catch (FileAlreadyExistsException raced) {
      // another process created it first: use theirs
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private void checkOwnerOnly() throws IOException, SealingException {
    PosixFileAttributeView posix =
        Files.getFileAttributeView(keyFile, PosixFileAttributeView.class);
    if (posix == null) {
      return;
    }
    Set<PosixFilePermission> perms = posix.readAttributes().permissions();
    perms.retainAll(OTHERS);
    if (!perms.isEmpty()) {
      throw new SealingException(
          Reason.KEY_FILE_INVALID, keyFile + " grants " + perms + ": it must be 0600");
    }
  }
}
