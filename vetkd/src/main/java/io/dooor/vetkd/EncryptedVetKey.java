package io.dooor.vetkd;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.G1Point;
import io.dooor.vetkd.internal.G2Point;
import io.dooor.vetkd.internal.IdentityPolicy;
import io.dooor.vetkd.internal.Pairings;
import io.dooor.vetkd.internal.Pairings.Term;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * An encrypted vetKey: 192 bytes c1 (G1) || c2 (G2) || c3 (G1) (spec §1, §4), as returned by {@code
 * vetkd_derive_key}. Each point is decoded with on-curve and subgroup checks.
 */
public final class EncryptedVetKey {
  /** Encoded length. */
  public static final int BYTES = 192;

  private static final SecureRandom RNG = new SecureRandom();
  private final G1Point c1;
  private final G2Point c2;
  private final G1Point c3;

  private EncryptedVetKey(G1Point c1, G2Point c2, G1Point c3) {
    this.c1 = c1;
    this.c2 = c2;
    this.c3 = c3;
  }

  /** Decodes the 192-byte wire form (ic-vetkeys {@code EncryptedVetKey::deserialize}). */
  public static EncryptedVetKey parse(Bytes bytes) throws VetKdException {
    if (bytes.length() != BYTES) {
      throw new VetKdException(
          Reason.INVALID_ENCODING, "encrypted vetKey must be 192 bytes, got " + bytes.length());
    }
    byte[] b = bytes.toArray();
    return new EncryptedVetKey(
        G1Point.decode(Arrays.copyOfRange(b, 0, 48), IdentityPolicy.ALLOW, "c1"),
        G2Point.decode(Arrays.copyOfRange(b, 48, 144), IdentityPolicy.ALLOW, "c2"),
        G1Point.decode(Arrays.copyOfRange(b, 144, 192), IdentityPolicy.ALLOW, "c3"));
  }

  /** Assembles computed points (server side: key creation and share combination). */
  public static EncryptedVetKey of(G1Point c1, G2Point c2, G1Point c3) {
    return new EncryptedVetKey(c1, c2, c3);
  }

  /**
   * Client-side decrypt-and-verify (spec §4; ic-vetkeys {@code decrypt_and_verify}): checks that c1
   * and c2 share a discrete log, computes k = c3 - tsk·c1 and checks that k is a BLS signature on
   * {@code input} under {@code dpk}. Both pairing equations are checked at once with a random
   * linear combination (a random 64-bit s); on failure they are re-checked apart to name the
   * reason.
   */
  public VetKey decryptAndVerify(TransportSecretKey tsk, DerivedPublicKey dpk, Bytes input)
      throws VetKdException {
    G1Point k = c3.sub(c1.mul(tsk.scalar()));
    G1Point h = dpk.augmentedHash(input);
    List<BigInteger> oneS = List.of(BigInteger.ONE, weight());
    List<Term> both =
        List.of(
            new Term(G1Point.sumOfMultiples(List.of(k, c1), oneS), Pairings.negG2()),
            new Term(G1Point.generator().mulPublic(oneS.get(1)), c2),
            new Term(h, dpk.point()));
    if (Pairings.productIsOne(both)) {
      return new VetKey(k);
    }
    if (!Pairings.productIsOne(c1, Pairings.negG2(), G1Point.generator(), c2)) {
      throw new VetKdException(Reason.ENCRYPTED_KEY_INCONSISTENT, "c1 is inconsistent with c2");
    }
    return dpk.verify(input, k);
  }

  /**
   * Server-side validity (replica {@code check_validity}, spec §4): e(c1, G2) = e(G1, c2) and e(c3,
   * G2) = e(TPK, c2)·e(H_aug(DPK, input), DPK), checked together with a random scalar s as e(c3 +
   * s·c1, -G2)·e(TPK + s·G1, c2)·e(H, DPK) == 1.
   */
  public void verifyFor(DerivedPublicKey dpk, Bytes input, TransportPublicKey tpk)
      throws VetKdException {
    List<BigInteger> oneS = List.of(BigInteger.ONE, weight());
    List<Term> terms =
        List.of(
            new Term(G1Point.sumOfMultiples(List.of(c3, c1), oneS), Pairings.negG2()),
            new Term(G1Point.sumOfMultiples(List.of(tpk.point(), G1Point.generator()), oneS), c2),
            new Term(dpk.augmentedHash(input), dpk.point()));
    if (!Pairings.productIsOne(terms)) {
      throw new VetKdException(
          Reason.SIGNATURE_INVALID,
          "encrypted key is not a valid encryption of the vetKey for this input and transport key");
    }
  }

  /**
   * A random odd 64-bit scalar joining two pairing equations into one check: a pair with either
   * equation false passes with probability at most 2^-63 (small-exponent batch test).
   */
  private static BigInteger weight() {
    return new BigInteger(64, RNG).setBit(0);
  }

  public G1Point c1() {
    return c1;
  }

  public G2Point c2() {
    return c2;
  }

  public G1Point c3() {
    return c3;
  }

  public Bytes toBytes() {
    byte[] out = new byte[BYTES];
    System.arraycopy(c1.toBytes(), 0, out, 0, 48);
    System.arraycopy(c2.toBytes(), 0, out, 48, 96);
    System.arraycopy(c3.toBytes(), 0, out, 144, 48);
    return Bytes.of(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptedVetKey e && toBytes().equals(e.toBytes());
  }

  @Override
  public int hashCode() {
    return toBytes().hashCode();
  }

  @Override
  public String toString() {
    return "EncryptedVetKey[" + toBytes().hex() + "]";
  }
}
