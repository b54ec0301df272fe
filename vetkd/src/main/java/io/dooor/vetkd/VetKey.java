package io.dooor.vetkd;

import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import io.dooor.vetkd.internal.G1Point;
import io.dooor.vetkd.internal.Hkdf;
import io.dooor.vetkd.internal.IdentityPolicy;
import java.security.MessageDigest;

/**
 * A vetKey: the BLS signature (G1, 48 bytes) of the derived key on an input (spec §1, §4). It is
 * secret key material: printed redacted, compared in constant time.
 */
public final class VetKey {
  private final G1Point point;

  VetKey(G1Point point) {
    this.point = point;
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
    return SecretBytes.of(Hkdf.derive(point.toBytes(), domainSep, len));
  }

  /** The DerivedKeyMaterial for AES-GCM message encryption (spec §5). */
  public DerivedKeyMaterial asDerivedKeyMaterial() {
    return DerivedKeyMaterial.of(point.toBytes());
  }

  /** The 48-byte compressed vetKey. Handle as a secret. */
  public Bytes toBytes() {
    return Bytes.of(point.toBytes());
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
    return o instanceof VetKey v && MessageDigest.isEqual(point.toBytes(), v.point.toBytes());
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
