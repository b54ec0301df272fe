package io.dooor.vetkd;

import io.dooor.common.Bytes;
import io.dooor.vetkd.internal.G1Point;
import io.dooor.vetkd.internal.IdentityPolicy;

/**
 * A transport public key: G1, 48 bytes compressed (spec §1). The identity is accepted: it requests
 * an "unencrypted" vetKey (spec §4, ic-vetkeys {@code is_valid_transport_public_key_encoding}).
 */
public final class TransportPublicKey {
  private final G1Point point;

  private TransportPublicKey(G1Point point) {
    this.point = point;
  }

  /** Decodes 48 compressed bytes with on-curve and subgroup checks; the identity is allowed. */
  public static TransportPublicKey parse(Bytes bytes) throws VetKdException {
    return new TransportPublicKey(
        G1Point.decode(bytes.toArray(), IdentityPolicy.ALLOW, "transport public key"));
  }

  /** The identity: c3 of the reply is then the vetKey itself (spec §4). */
  public static TransportPublicKey unencrypted() {
    return new TransportPublicKey(G1Point.identity());
  }

  static TransportPublicKey of(G1Point point) {
    return new TransportPublicKey(point);
  }

  public boolean isUnencrypted() {
    return point.isIdentity();
  }

  public G1Point point() {
    return point;
  }

  public Bytes toBytes() {
    return Bytes.of(point.toBytes());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransportPublicKey t && point.equals(t.point);
  }

  @Override
  public int hashCode() {
    return point.hashCode();
  }

  @Override
  public String toString() {
    return "TransportPublicKey[" + toBytes().hex() + "]";
  }
}
