package io.dooor.vetkd.threshold;

import io.dooor.core.Bytes;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G1Point;
import io.dooor.vetkd.internal.G2Point;
import io.dooor.vetkd.internal.Lagrange;
import io.dooor.vetkd.internal.Pairings;
import io.dooor.vetkd.internal.Pairings.Term;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Verifies encrypted key shares against their holders' public key shares, combines t valid ones by
 * Lagrange interpolation at zero (of c1, c2 and c3 separately) and verifies the result (spec §4,
 * threshold version). Share i is valid iff e(c1_i, G2) = e(G1, c2_i) and e(c3_i, G2) = e(TPK,
 * c2_i)·e(H, PK_i + δ·G2); all shares (and the combined key) are first checked in one batch with
 * random 64-bit weights, and only if the batch fails one by one, to name the faulty holders.
 */
public final class ShareCombiner {
  private static final int WEIGHT_BITS = 64;
  private final ThresholdPublicKey publicKey;
  private final SecureRandom rng;
  private final Derivation.Cache derivations;

  public ShareCombiner(ThresholdPublicKey publicKey, SecureRandom rng) {
    this.publicKey = publicKey;
    this.rng = rng;
    this.derivations = new Derivation.Cache(publicKey.masterPublicKey());
  }

  /** The derived public key for (canister id, context) (spec §3), cached. */
  public DerivedPublicKey publicKey(Bytes canisterId, Bytes context) {
    return derivations.get(canisterId, context).publicKey();
  }

  public ThresholdPublicKey thresholdPublicKey() {
    return publicKey;
  }

  /**
   * Verifies every answer, combines the first t valid ones and verifies the result. Holders that
   * did not answer are passed in {@code excluded} (index to reason) and reported with the faulty
   * ones.
   *
   * @throws VetKdException {@link Reason#NOT_ENOUGH_SHARES} naming every excluded holder
   */
  public ThresholdDerivation combine(
      DeriveShareRequest req, List<EncryptedKeyShare> answers, Map<Integer, String> excluded)
      throws VetKdException {
    return combine(req, derivations.get(req.canisterId(), req.context()), answers, excluded);
  }

  /** Per-request values shared by every check. */
  private record Ctx(DeriveShareRequest req, Derivation d, G1Point h, G2Point deltaG2) {}

  private ThresholdDerivation combine(
      DeriveShareRequest req,
      Derivation d,
      List<EncryptedKeyShare> answers,
      Map<Integer, String> excluded)
      throws VetKdException {
    Map<Integer, String> bad = new TreeMap<>(excluded);
    List<EncryptedKeyShare> shares = new ArrayList<>(wellFormed(answers, bad).values());
    Ctx ctx =
        new Ctx(
            req,
            d,
            d.publicKey().augmentedHash(req.input()),
            d.publicKey().point().sub(publicKey.masterPublicKey().point()));
    int t = publicKey.threshold();
    if (shares.size() >= t) {
      // optimistic path: every share and the combined key in one batched pairing check
      List<EncryptedKeyShare> chosen = shares.subList(0, t);
      EncryptedVetKey key = interpolate(chosen);
      if (batchValid(shares, key, ctx)) {
        return result(key, d, chosen, bad);
      }
    }
    List<EncryptedKeyShare> valid = individuallyValid(shares, ctx, bad);
    if (valid.size() < t) {
      throw new VetKdException(
          Reason.NOT_ENOUGH_SHARES,
          "need " + t + " valid shares, got " + valid.size() + "; excluded " + bad);
    }
    List<EncryptedKeyShare> chosen = valid.subList(0, t);
    EncryptedVetKey key = interpolate(chosen);
    key.verifyFor(d.publicKey(), req.input(), req.transportPublicKey());
    return result(key, d, chosen, bad);
  }

  private static ThresholdDerivation result(
      EncryptedVetKey key, Derivation d, List<EncryptedKeyShare> chosen, Map<Integer, String> bad) {
    List<Integer> used = chosen.stream().map(EncryptedKeyShare::holderIndex).toList();
    return new ThresholdDerivation(key, d.publicKey(), used, bad);
  }

  private Map<Integer, EncryptedKeyShare> wellFormed(
      List<EncryptedKeyShare> answers, Map<Integer, String> bad) {
    Map<Integer, EncryptedKeyShare> out = new TreeMap<>();
    for (EncryptedKeyShare s : answers) {
      int i = s.holderIndex();
      if (i > publicKey.holders()) {
        bad.put(i, "holder index beyond n=" + publicKey.holders());
      } else if (out.putIfAbsent(i, s) != null) {
        bad.put(i, "answered twice");
      }
    }
    return out;
  }

  /**
   * One pairing check for all shares and the combined key, each weighted by a random 64-bit ρ: the
   * share equations with keys PK_i + δ·G2, the combined key's with key DPK.
   */
  private boolean batchValid(List<EncryptedKeyShare> shares, EncryptedVetKey combined, Ctx ctx) {
    G1Point c3s = G1Point.identity();
    G1Point c1s = G1Point.identity();
    G2Point c2s = G2Point.identity();
    G2Point pks = G2Point.identity();
    BigInteger weights = BigInteger.ZERO;
    for (EncryptedKeyShare s : shares) {
      BigInteger w = weight();
      EncryptedVetKey k = s.share();
      c3s = c3s.add(k.c3().mulPublic(w));
      c1s = c1s.add(k.c1().mulPublic(w));
      c2s = c2s.add(k.c2().mulPublic(w));
      pks = pks.add(publicKey.publicKeyShare(s.holderIndex()).mulPublic(w));
      weights = weights.add(w);
    }
    BigInteger w0 = weight();
    c3s = c3s.add(combined.c3().mulPublic(w0));
    c1s = c1s.add(combined.c1().mulPublic(w0));
    c2s = c2s.add(combined.c2().mulPublic(w0));
    G2Point keys =
        pks.add(ctx.deltaG2().mulPublic(weights.mod(Fr.ORDER)))
            .add(ctx.d().publicKey().point().mulPublic(w0));
    return check(c3s, c1s, c2s, keys, ctx);
  }

  /**
   * A random 64-bit weight, as in blst-based batch verification of BLS signatures (Teku,
   * Lighthouse): a wrong share passes a batch with probability at most 2^-64.
   */
  private BigInteger weight() {
    return new BigInteger(WEIGHT_BITS, rng).setBit(0);
  }

  private List<EncryptedKeyShare> individuallyValid(
      List<EncryptedKeyShare> shares, Ctx ctx, Map<Integer, String> bad) {
    List<EncryptedKeyShare> ok = new ArrayList<>();
    for (EncryptedKeyShare s : shares) {
      EncryptedVetKey k = s.share();
      G2Point pk = publicKey.publicKeyShare(s.holderIndex()).add(ctx.deltaG2());
      if (check(k.c3(), k.c1(), k.c2(), pk, ctx)) {
        ok.add(s);
      } else {
        bad.put(
            s.holderIndex(), "encrypted key share fails verification against its public key share");
      }
    }
    return ok;
  }

  /** e(c3 + σ·c1, -G2)·e(TPK + σ·G1, c2)·e(H, key) == 1 for a fresh random 64-bit σ. */
  private boolean check(G1Point c3, G1Point c1, G2Point c2, G2Point key, Ctx ctx) {
    BigInteger sigma = weight();
    G1Point tpk = ctx.req().transportPublicKey().point();
    return Pairings.productIsOne(
        List.of(
            new Term(c3.add(c1.mulPublic(sigma)), Pairings.negG2()),
            new Term(tpk.add(G1Point.generator().mulPublic(sigma)), c2),
            new Term(ctx.h(), key)));
  }

  private static EncryptedVetKey interpolate(List<EncryptedKeyShare> shares) {
    int[] xs = shares.stream().mapToInt(EncryptedKeyShare::holderIndex).toArray();
    Fr[] lambda = Lagrange.atZero(xs);
    G1Point c1 = G1Point.identity();
    G2Point c2 = G2Point.identity();
    G1Point c3 = G1Point.identity();
    for (int i = 0; i < xs.length; i++) {
      EncryptedVetKey k = shares.get(i).share();
      c1 = c1.add(k.c1().mul(lambda[i]));
      c2 = c2.add(k.c2().mul(lambda[i]));
      c3 = c3.add(k.c3().mul(lambda[i]));
    }
    return EncryptedVetKey.of(c1, c2, c3);
  }
}
