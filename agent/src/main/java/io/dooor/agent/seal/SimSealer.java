package io.dooor.agent.seal;

import io.dooor.common.Bytes;
import io.dooor.common.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * DEVELOPMENT ONLY: seals under AES-256-GCM with a key kept in a file (created owner-only at first
 * use). It protects nothing a TEE would: anyone who reads the file opens the blob. It pairs only
 * with sim evidence, which the production policy refuses.
 */
public final class SimSealer implements Sealer {
  private static final byte[] AAD = "dooor-sim-seal-v1".getBytes(StandardCharsets.UTF_8);
  private static final int NONCE = 12;
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
    byte[] nonce = new byte[NONCE];
    new SecureRandom().nextBytes(nonce);
    byte[] body = crypt(Cipher.ENCRYPT_MODE, key(true), nonce, secret.toArray());
    return Bytes.of(ByteBuffer.allocate(NONCE + body.length).put(nonce).put(body).array());
  }

  @Override
  public Bytes unseal(Bytes sealed) throws IOException, SealingException {
    byte[] all = sealed.toArray();
    if (all.length < NONCE + 16) {
      throw new SealingException("sealed blob is too short");
    }
    byte[] nonce = java.util.Arrays.copyOf(all, NONCE);
    byte[] body = java.util.Arrays.copyOfRange(all, NONCE, all.length);
    return Bytes.of(crypt(Cipher.DECRYPT_MODE, key(false), nonce, body));
  }

  private byte[] key(boolean create) throws IOException, SealingException {
    if (!Files.exists(keyFile)) {
      if (!create) {
        throw new SealingException("no sim sealing key at " + keyFile);
      }
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      try {
        OwnerOnlyFiles.createDirectories(keyFile.toAbsolutePath().getParent());
        OwnerOnlyFiles.writeNew(keyFile, key);
      } catch (FileAlreadyExistsException raced) {
        // another start wrote it first: use that one
      }
    }
    byte[] key = Files.readAllBytes(keyFile);
    if (key.length != 32) {
      throw new SealingException("sim sealing key " + keyFile + " is not 32 bytes");
    }
    return key;
  }

  private static byte[] crypt(int mode, byte[] key, byte[] nonce, byte[] in)
      throws SealingException {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(AAD);
      return c.doFinal(in);
    } catch (GeneralSecurityException e) {
      throw new SealingException("sealed blob does not open under this key: " + e.getMessage());
    }
  }
}
