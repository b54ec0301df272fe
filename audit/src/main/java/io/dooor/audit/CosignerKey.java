package io.dooor.audit;

import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.internal.NoteCodec;
import io.dooor.common.Bytes;
import io.dooor.common.crypto.Ed25519PublicKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.util.Arrays;

/**
 * A witness's Ed25519 cosigner key (C2SP tlog-cosignature, "Format"): the verifier key string
 * {@code <name>+<hex key ID>+<base64(0x04 || public key)>}, key ID = SHA-256(name || 0x0A || 0x04
 * || public key)[:4]. It verifies cosignature/v1 signatures, whose signed message is {@code
 * "cosignature/v1\ntime <T>\n"} followed by the checkpoint body, and whose signature is the 8-byte
 * big-endian timestamp followed by the 64-byte Ed25519 signature.
 *
 * @param name the cosigner's name (a schema-less URL, by convention)
 * @param keyId the 32-bit key ID
 * @param publicKey the raw 32-byte Ed25519 public key
 */
public record CosignerKey(String name, int keyId, Bytes publicKey) {
  /** C2SP tlog-cosignature signature type of Ed25519 cosignatures. */
  public static final byte ALG_COSIGNATURE_V1 = 0x04;

  /** Length of a cosignature/v1 signature: 8-byte timestamp, 64-byte Ed25519 signature. */
  public static final int SIGNATURE_LENGTH = 8 + Ed25519PublicKey.SIGNATURE_LENGTH;

  public CosignerKey {
    if (!NoteCodec.isValidName(name)) {
      throw new IllegalArgumentException("invalid cosigner name '" + name + "'");
    }
    ed25519(publicKey);
    if (keyId != NoteCodec.keyId(name, ALG_COSIGNATURE_V1, publicKey.toArray())) {
      throw new IllegalArgumentException("key ID does not match name and public key");
    }
  }

  /** The key named {@code name} for a raw Ed25519 public key, with its computed key ID. */
  public static CosignerKey of(String name, Bytes publicKey) {
    return new CosignerKey(
        name, NoteCodec.keyId(name, ALG_COSIGNATURE_V1, publicKey.toArray()), publicKey);
  }

  /**
   * Parses a cosigner verifier key string.
   *
   * @throws AuditException MALFORMED_KEY naming what is wrong
   */
  public static CosignerKey parse(String text) throws AuditException {
    NoteCodec.KeyText key = NoteCodec.parseKey(text, ALG_COSIGNATURE_V1, "cosigner key");
    try {
      return new CosignerKey(key.name(), key.keyId(), Bytes.of(key.publicKey()));
    } catch (IllegalArgumentException e) {
      throw new AuditException(Reason.MALFORMED_KEY, "cosigner key: " + e.getMessage(), e);
    }
  }

  /** The signed message of a cosignature/v1 at {@code timestamp} over a checkpoint body. */
  public static byte[] message(long timestamp, String checkpointBody) {
    return ("cosignature/v1\ntime " + timestamp + "\n" + checkpointBody)
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Verifies a cosignature/v1 by this key over the note text {@code checkpointBody}.
   *
   * @param signature the signature bytes of the note signature line (after the key ID)
   * @return the verified cosignature with its timestamp
   * @throws AuditException SIGNATURE_INVALID when it is not this key's valid cosignature
   */
  public Cosignature verify(String checkpointBody, byte[] signature) throws AuditException {
    if (signature.length != SIGNATURE_LENGTH) {
      throw new AuditException(
          Reason.SIGNATURE_INVALID,
          "cosignature by " + name + " is " + signature.length + " bytes, not " + SIGNATURE_LENGTH);
    }
    long timestamp = ByteBuffer.wrap(signature).getLong();
    byte[] sig = Arrays.copyOfRange(signature, 8, SIGNATURE_LENGTH);
    if (timestamp < 0 || !ed25519(publicKey).isValid(message(timestamp, checkpointBody), sig)) {
      throw new AuditException(
          Reason.SIGNATURE_INVALID, "cosignature by " + name + " does not verify");
    }
    return new Cosignature(this, timestamp);
  }

  private static Ed25519PublicKey ed25519(Bytes publicKey) {
    try {
      return Ed25519PublicKey.parse(publicKey);
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("cosigner key: " + e.getMessage(), e);
    }
  }

  /** The verifier key string. */
  @Override
  public String toString() {
    return NoteCodec.formatKey(name, keyId, ALG_COSIGNATURE_V1, publicKey.toArray());
  }
}
