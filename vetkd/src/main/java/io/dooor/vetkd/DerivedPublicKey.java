package io.dooor.vetkd;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G1Point;
import io.dooor.vetkd.internal.G2Point;
import io.dooor.vetkd.internal.IdentityPolicy;
import io.dooor.vetkd.internal.Pairings;

/**
 * A derived (canister or context) public key: a G2 point that is never the identity (spec §3). It
 * verifies vetKeys, which are augmented BLS signatures on {@code input} (spec §2, §4).
 */
public final class DerivedPublicKey {
  static final String CONTEXT_DST = "ic-vetkd-bls12-381-g2-context";
  static final String AUG_DST = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_AUG_";

  private final G2Point point;
  private final byte[] encoded;

  private DerivedPublicKey(G2Point point) {
    this.point = point;
    this.encoded = point.toBytes();
  }

  /** Decodes 96 compressed bytes; refuses the identity and points outside the subgroup. */
  public static DerivedPublicKey parse(Bytes bytes) throws VetKdException {
    return new DerivedPublicKey(
        G2Point.decode(bytes.toArray(), IdentityPolicy.REFUSE, "derived public key"));
  }

  /**
   * Wraps a computed point; throws IllegalArgumentException for the identity (programmer error).
   */
  public static DerivedPublicKey of(G2Point point) {
    if (point.isIdentity()) {
      throw new IllegalArgumentException("derived public key is the identity");
    }
    return new DerivedPublicKey(point);
  }

  /**
   * Second derivation step (spec §3 step 2): {@code DPK = CK + hash_to_scalar_two_inputs(CK,
   * context, DST)·G2}; an empty context returns this key unchanged.
   */
  public DerivedPublicKey deriveSubKey(Bytes context) {
    if (context.isEmpty()) {
      return this;
    }
    return of(point.add(G2Point.generator().mul(contextOffset(context))));
  }

  /** δ2 of spec §3 for a non-empty context. */
  public Fr contextOffset(Bytes context) {
    return Fr.hashToScalarTwoInputs(encoded, context.toArray(), CONTEXT_DST);
  }

  /** {@code H_aug(DPK, input)} (spec §2): the G1 point that the vetKey for {@code input} signs. */
  public G1Point augmentedHash(Bytes input) {
    byte[] in = input.toArray();
    byte[] msg = new byte[encoded.length + in.length];
    System.arraycopy(encoded, 0, msg, 0, encoded.length);
    System.arraycopy(in, 0, msg, encoded.length, in.length);
    return G1Point.hashToCurve(msg, AUG_DST);
  }

  /**
   * Verifies a 48-byte BLS signature on {@code input}: e(sig, -G2)·e(H_aug(DPK, input), DPK) == 1
   * (spec §4 step 3, ic-vetkeys {@code verify_bls_signature}).
   *
   * @return the verified vetKey
   */
  public VetKey verifySignature(Bytes input, Bytes signature) throws VetKdException {
    G1Point sig = G1Point.decode(signature.toArray(), IdentityPolicy.ALLOW, "signature");
    return verify(input, sig);
  }

  VetKey verify(Bytes input, G1Point sig) throws VetKdException {
    if (!Pairings.productIsOne(sig, Pairings.negG2(), augmentedHash(input), point)) {
      throw new VetKdException(
          Reason.SIGNATURE_INVALID, "vetKey is not a valid BLS signature on the input");
    }
    return new VetKey(sig);
  }

  public G2Point point() {
    return point;
  }

  public Bytes toBytes() {
    return Bytes.of(encoded);
  }

  byte[] encoded() {
    return encoded;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DerivedPublicKey d && point.equals(d.point);
  }

  @Override
  public int hashCode() {
    return point.hashCode();
  }

  @Override
  public String toString() {
    return "DerivedPublicKey[" + toBytes().hex() + "]";
  }
}
