package io.dooor.vetkd;

import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import io.dooor.vetkd.internal.G1Point;
import io.dooor.vetkd.internal.Hkdf;
import io.dooor.vetkd.internal.IdentityPolicy;

/**
 * A vetKey: the BLS signature (G1, 48 bytes) of the derived key on an input (spec §1, §4). It is
 * secret key material: its bytes live in {@link SecretBytes}, it is printed redacted and compared
 * in constant time. The decoded point is kept beside them for the pairings (never printed).
 */
public final class VetKey {
  private final SecretBytes encoded;
  private final G1Point point;

  VetKey(G1Point point) {
    this.point = point;
    this.encoded = SecretBytes.of(point.toBytes());
  }

  /**
   * Decodes a vetKey that the caller already verified (e.g. one it stored); checks the encoding
   * only, like ic-vetkeys {@code VetKey::deserialize}. Use {@link EncryptedVetKey#decryptAndVerify}
   * or {@link DerivedPublicKey#verifySignature} for keys from elsewhere.
   */
  public static VetKey fromBytes(Bytes bytes) throws VetKdException {
    return new VetKey(G1Point.decode(bytes.toArray(), IdentityPolicy.ALLOW, "vetKey"));
  }

  /** HKDF-SHA256(IKM = 48-byte vetKey, info = domainSep, len) (spec §5). */
  public SecretBytes deriveSymmetricKey(String domainSep, int len) throws VetKdException {
    checkLength(len);
    return SecretBytes.of(Hkdf.derive(encoded.toArray(), domainSep, len));
  }

  /** The DerivedKeyMaterial for AES-GCM message encryption (spec §5). */
  public DerivedKeyMaterial asDerivedKeyMaterial() {
    return DerivedKeyMaterial.of(encoded.toArray());
  }

  /** The 48-byte compressed vetKey, a secret. */
  public SecretBytes toBytes() {
    return encoded;
  }

  G1Point point() {
    return point;
  }

  static void checkLength(int len) throws VetKdException {
    if (len < 1 || len > 255 * 32) {
      throw new VetKdException(
          VetKdException.Reason.INVALID_ARGUMENT, "HKDF output length out of range: " + len);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VetKey v && encoded.equals(v.encoded);
  }

  @Override
  public int hashCode() {
    return 48;
  }

  @Override
  public String toString() {
    return "VetKey[redacted]";
  }
}
