package io.dooor.audit;

import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.internal.NoteCodec;
import io.dooor.common.crypto.Ed25519PrivateKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * Signs checkpoints as C2SP signed notes with an Ed25519 key. The private key string is {@code
 * PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || seed)>} (the format of Go's note.GenerateKey);
 * {@link #toString()} never prints it.
 */
public final class CheckpointSigner {
  private static final String PREFIX = "PRIVATE+KEY+";
  private final VerifierKey verifierKey;
  private final Ed25519PrivateKey privateKey;

  private CheckpointSigner(String name, Ed25519PrivateKey privateKey) {
    this.privateKey = privateKey;
    this.verifierKey = VerifierKey.of(name, privateKey.publicKey().encoded());
  }

  /** A signer with a fresh random key named {@code origin}. */
  public static CheckpointSigner generate(String origin) {
    return new CheckpointSigner(origin, Ed25519PrivateKey.generate(new SecureRandom()));
  }

  /**
   * Parses a signer key string, checking its key ID against its name and derived public key.
   *
   * @throws AuditException MALFORMED_KEY naming the problem (never echoing the key)
   */
  public static CheckpointSigner parse(String privateKeyString) throws AuditException {
    if (!privateKeyString.startsWith(PREFIX)) {
      throw new AuditException(Reason.MALFORMED_KEY, "signer key does not start with " + PREFIX);
    }
    String[] parts = privateKeyString.substring(PREFIX.length()).split("\\+", 3);
    if (parts.length != 3 || !parts[1].matches("[0-9a-f]{8}")) {
      throw new AuditException(Reason.MALFORMED_KEY, "signer key is not name+hash+key");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new AuditException(Reason.MALFORMED_KEY, "signer key is not base64");
    }
    if (raw.length != 33 || raw[0] != VerifierKey.ALG_ED25519 || !NoteCodec.isValidName(parts[0])) {
      throw new AuditException(Reason.MALFORMED_KEY, "signer key is not an Ed25519 key");
    }
    CheckpointSigner s = fromSeed(parts[0], Arrays.copyOfRange(raw, 1, 33));
    if (s.verifierKey.keyId() != Integer.parseUnsignedInt(parts[1], 16)) {
      throw new AuditException(Reason.MALFORMED_KEY, "signer key ID does not match its key");
    }
    return s;
  }

  private static CheckpointSigner fromSeed(String name, byte[] seed) throws AuditException {
    try {
      return new CheckpointSigner(name, Ed25519PrivateKey.fromSeed(seed));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new AuditException(Reason.MALFORMED_KEY, "signer key unusable", e);
    }
  }

  /** The log's origin (= key name). */
  public String origin() {
    return verifierKey.name();
  }

  /** The public verifier key string to give to verifiers. */
  public VerifierKey verifierKey() {
    return verifierKey;
  }

  /** The private key string, for the operator to store; handle as a secret. */
  public String privateKeyString() {
    byte[] raw = new byte[33];
    raw[0] = VerifierKey.ALG_ED25519;
    System.arraycopy(privateKey.seed().toArray(), 0, raw, 1, 32);
    return PREFIX
        + verifierKey.name()
        + "+"
        + String.format(Locale.ROOT, "%08x", verifierKey.keyId())
        + "+"
        + Base64.getEncoder().encodeToString(raw);
  }

  /** Signs a checkpoint of this log, returning the complete signed note. */
  public String sign(Checkpoint checkpoint) {
    if (!checkpoint.origin().equals(origin())) {
      throw new IllegalArgumentException("checkpoint origin is not this signer's name");
    }
    return signText(checkpoint.body());
  }

  /** Signs arbitrary note text; package-private so the log key only ever signs checkpoints. */
  String signText(String text) {
    byte[] sig = privateKey.sign(text.getBytes(StandardCharsets.UTF_8));
    return text + "\n" + NoteCodec.signatureLine(origin(), verifierKey.keyId(), sig);
  }

  @Override
  public String toString() {
    return "CheckpointSigner[" + verifierKey + "]";
  }
}
