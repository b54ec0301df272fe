package io.dooor.audit;

import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.internal.NoteCodec;
import io.dooor.common.crypto.Ed25519PrivateKey;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * A witness's cosigning key (C2SP tlog-cosignature, Ed25519 cosignature/v1). The private key string
 * is {@code PRIVATE+KEY+<name>+<hex key ID>+<base64(0x04 || seed)>}, the shape of a signed-note
 * private key with the cosignature type; {@link #toString()} never prints it.
 */
public final class Cosigner {
  private static final String PREFIX = "PRIVATE+KEY+";
  private final CosignerKey key;
  private final Ed25519PrivateKey privateKey;

  private Cosigner(String name, Ed25519PrivateKey privateKey) {
    this.privateKey = privateKey;
    this.key = CosignerKey.of(name, privateKey.publicKey().encoded());
  }

  /** A cosigner named {@code name} with a fresh random key. */
  public static Cosigner generate(String name) {
    return new Cosigner(name, Ed25519PrivateKey.generate(new SecureRandom()));
  }

  /**
   * Parses a cosigner private key string, checking its key ID against its name and key.
   *
   * @throws AuditException MALFORMED_KEY naming the problem (never echoing the key)
   */
  public static Cosigner parse(String privateKeyString) throws AuditException {
    String s = privateKeyString.strip();
    if (!s.startsWith(PREFIX)) {
      throw new AuditException(Reason.MALFORMED_KEY, "cosigner key does not start with " + PREFIX);
    }
    String[] parts = s.substring(PREFIX.length()).split("\\+", 3);
    if (parts.length != 3 || !parts[1].matches("[0-9a-f]{8}")) {
      throw new AuditException(Reason.MALFORMED_KEY, "cosigner key is not name+hash+key");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new AuditException(Reason.MALFORMED_KEY, "cosigner key is not base64");
    }
    if (raw.length != 33
        || raw[0] != CosignerKey.ALG_COSIGNATURE_V1
        || !NoteCodec.isValidName(parts[0])) {
      throw new AuditException(Reason.MALFORMED_KEY, "not an Ed25519 cosigner key (type 0x04)");
    }
    Cosigner c;
    try {
      c = new Cosigner(parts[0], Ed25519PrivateKey.fromSeed(Arrays.copyOfRange(raw, 1, 33)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new AuditException(Reason.MALFORMED_KEY, "cosigner key unusable", e);
    }
    if (c.key.keyId() != Integer.parseUnsignedInt(parts[1], 16)) {
      throw new AuditException(Reason.MALFORMED_KEY, "cosigner key ID does not match its key");
    }
    return c;
  }

  /** The public cosigner key, for the logs and verifiers that trust this witness. */
  public CosignerKey key() {
    return key;
  }

  /** The private key string, for the operator to store; handle as a secret. */
  public String privateKeyString() {
    byte[] raw = new byte[33];
    raw[0] = CosignerKey.ALG_COSIGNATURE_V1;
    System.arraycopy(privateKey.seed().toArray(), 0, raw, 1, 32);
    return PREFIX
        + key.name()
        + "+"
        + String.format(Locale.ROOT, "%08x", key.keyId())
        + "+"
        + Base64.getEncoder().encodeToString(raw);
  }

  /**
   * The note signature line of a cosignature/v1 over {@code checkpoint} at {@code timestamp} (POSIX
   * seconds, C2SP tlog-cosignature "Ed25519 signed message").
   */
  public String cosign(Checkpoint checkpoint, long timestamp) {
    if (timestamp < 0) {
      throw new IllegalArgumentException("negative timestamp");
    }
    byte[] sig = privateKey.sign(CosignerKey.message(timestamp, checkpoint.body()));
    byte[] blob =
        ByteBuffer.allocate(CosignerKey.SIGNATURE_LENGTH).putLong(timestamp).put(sig).array();
    return NoteCodec.signatureLine(key.name(), key.keyId(), blob);
  }

  @Override
  public String toString() {
    return "Cosigner[" + key + "]";
  }
}
