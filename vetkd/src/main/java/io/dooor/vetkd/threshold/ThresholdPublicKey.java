package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.MasterPublicKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G2Point;
import io.dooor.vetkd.internal.IdentityPolicy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The public side of a t-of-n sharing of the master secret: Feldman commitments C_k = a_k·G2 to the
 * coefficients of the sharing polynomial. C_0 is the master public key; holder i's public key share
 * is PK_i = Σ_k i^k·C_k = sk_i·G2, against which its encrypted key shares are verified.
 */
public final class ThresholdPublicKey {
  /** The largest number of holders supported. */
  public static final int MAX_HOLDERS = 255;

  private static final String MAGIC = "DVKP";
  private final int threshold;
  private final int holders;
  private final List<G2Point> commitments;
  private final AtomicReferenceArray<G2Point> shares;

  private ThresholdPublicKey(int threshold, int holders, List<G2Point> commitments) {
    this.threshold = threshold;
    this.holders = holders;
    this.commitments = List.copyOf(commitments);
    this.shares = new AtomicReferenceArray<>(holders);
  }

  /** Checks 1 <= t <= n <= 255 and that there are t commitments, C_0 not the identity. */
  public static ThresholdPublicKey of(int threshold, int holders, List<G2Point> commitments)
      throws VetKdException {
    checkShape(threshold, holders);
    if (commitments.size() != threshold) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT, "need " + threshold + " commitments, got " + commitments.size());
    }
    if (commitments.get(0).isIdentity()) {
      throw new VetKdException(Reason.IDENTITY_NOT_ALLOWED, "master public key is the identity");
    }
    return new ThresholdPublicKey(threshold, holders, commitments);
  }

  static void checkShape(int threshold, int holders) throws VetKdException {
    if (threshold < 1 || holders < threshold || holders > MAX_HOLDERS) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT, "need 1 <= t <= n <= 255, got t=" + threshold + " n=" + holders);
    }
  }

  /**
   * Feldman's check: true iff {@code share}·G2 == Σ_k x^k·C_k, i.e. the share is the value at x of
   * the polynomial these commitments commit to.
   */
  static boolean fits(List<G2Point> commitments, int x, Fr share) {
    return G2Point.generator().mul(share).equals(evaluate(commitments, x));
  }

  /** Σ_k x^k·C_k (Horner). */
  static G2Point evaluate(List<G2Point> commitments, int x) {
    G2Point acc = G2Point.identity();
    BigInteger bx = BigInteger.valueOf(x);
    for (int k = commitments.size() - 1; k >= 0; k--) {
      acc = acc.mulPublic(bx).add(commitments.get(k));
    }
    return acc;
  }

  public int threshold() {
    return threshold;
  }

  public int holders() {
    return holders;
  }

  public MasterPublicKey masterPublicKey() {
    return MasterPublicKey.of(commitments.get(0));
  }

  public List<G2Point> commitments() {
    return commitments;
  }

  /** PK_i for holder index i in 1..n (computed on first use, then cached). */
  public G2Point publicKeyShare(int index) {
    if (index < 1 || index > holders) {
      throw new IllegalArgumentException("holder index out of range: " + index);
    }
    G2Point pk = shares.get(index - 1);
    if (pk == null) {
      pk = evaluate(commitments, index);
      shares.set(index - 1, pk);
    }
    return pk;
  }

  /** PK_i's 96-byte compressed encoding, for callers outside vetkd (which never see G2Point). */
  public Bytes publicKeyShareBytes(int index) {
    return Bytes.of(publicKeyShare(index).toBytes());
  }

  /** "DVKP" || version || u16 t || u16 n || t compressed G2 commitments. */
  public Bytes toBytes() {
    Wire.Writer w = new Wire.Writer(MAGIC).u16(threshold).u16(holders);
    commitments.forEach(c -> w.raw(c.toBytes()));
    return w.toBytes();
  }

  public static ThresholdPublicKey parse(Bytes bytes) throws VetKdException {
    Wire.Reader r = new Wire.Reader(bytes, MAGIC, "threshold public key");
    int t = r.u16();
    int n = r.u16();
    checkShape(t, n);
    List<G2Point> cs = new ArrayList<>();
    for (int k = 0; k < t; k++) {
      cs.add(G2Point.decode(r.raw(96), IdentityPolicy.ALLOW, "commitment " + k));
    }
    r.end();
    return of(t, n, cs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ThresholdPublicKey k && toBytes().equals(k.toBytes());
  }

  @Override
  public int hashCode() {
    return toBytes().hashCode();
  }

  @Override
  public String toString() {
    return "ThresholdPublicKey[t="
        + threshold
        + ", n="
        + holders
        + ", mpk="
        + masterPublicKey()
        + "]";
  }
}
