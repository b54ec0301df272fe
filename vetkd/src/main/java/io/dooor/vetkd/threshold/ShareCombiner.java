package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.G1Point;
import io.dooor.vetkd.internal.G2Point;
import io.dooor.vetkd.internal.Lagrange;
import io.dooor.vetkd.internal.Pairings;
import io.dooor.vetkd.internal.Pairings.Term;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Function;

/**
 * Verifies encrypted key shares against their holders' public key shares, combines t valid ones by
 * Lagrange interpolation at zero (of c1, c2 and c3 separately) and verifies the result (spec §4,
 * threshold version). Share i is valid iff e(c1_i, G2) = e(G1, c2_i) and e(c3_i, G2) = e(TPK,
 * c2_i)·e(H, PK_i + δ·G2); all shares (and the combined key) are first checked in one batch with
 * random 64-bit weights, and only if the batch fails one by one, to name the faulty holders. Shares
 * are public values: the arithmetic here is variable-time (short scalars where they suffice).
 */
public final class ShareCombiner {
  private static final int WEIGHT_BITS = 64;

  /** How a share labelled with an index beyond n is excluded. */
  static final String BEYOND_N = "holder index beyond n=";

  /** How a second answer from one holder is excluded. */
  static final String TWICE = "answered twice";

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

  private ThresholdDerivation combine(
      DeriveShareRequest req,
      Derivation d,
      List<EncryptedKeyShare> answers,
      Map<Integer, String> excluded)
      throws VetKdException {
    Map<Integer, String> bad = new TreeMap<>(excluded);
    List<EncryptedKeyShare> shares = new ArrayList<>(wellFormed(answers, bad).values());
    int t = publicKey.threshold();
    if (shares.size() >= t) {
      // optimistic path: every share and the combined key in one batched pairing check
      List<EncryptedKeyShare> chosen = shares.subList(0, t);
      Optional<EncryptedVetKey> key = batch(req, d, shares, chosen);
      if (key.isPresent()) {
        return result(key.get(), d, chosen, bad);
      }
    }
    G1Point h = AugmentedHashes.of(d.publicKey(), req.input());
    List<EncryptedKeyShare> valid = individuallyValid(shares, req, d, h, bad);
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
        bad.put(i, BEYOND_N + publicKey.holders());
      } else if (out.putIfAbsent(i, s) != null) {
        bad.put(i, TWICE);
      }
    }
    return out;
  }

  /**
   * Interpolates {@code chosen} and checks every share and the result in one pairing product: share
   * i weighted by a random 64-bit ρ_i, the combined key by 1 (one fixed weight keeps the
   * small-exponent test sound: a wrong item other than the fixed one passes with probability at
   * most 2^-63 over its own weight), the two equations joined by a random σ:
   *
   * <p>e(Σ(c3) + σ·Σ(c1), -G2)·e(TPK + σ·G1, Σ(c2))·e(H, Σ ρ_i (PK_i + δ·G2) + DPK) == 1, where
   * Σ(x) = Σ ρ_i x_i + x_combined. The c2 side and its Miller loop run on a second core (common
   * pool) while this thread does the G1 side, the key and the other two Miller loops; the two
   * Miller products share one final exponentiation.
   *
   * @return the combined key if the product is one, empty if some share or the result is wrong
   */
  private Optional<EncryptedVetKey> batch(
      DeriveShareRequest req,
      Derivation d,
      List<EncryptedKeyShare> shares,
      List<EncryptedKeyShare> chosen) {
    Lagrange.Scaled lambda = Lagrange.atZeroScaled(indices(chosen));
    List<BigInteger> rho = new ArrayList<>();
    shares.forEach(s -> rho.add(weight()));
    List<BigInteger> oneSigma = List.of(BigInteger.ONE, weight());
    ForkJoinTask<C2Side> c2 =
        ForkJoinPool.commonPool().submit(() -> c2Side(req, shares, chosen, lambda, rho, oneSigma));
    G1Point c1 = lambda.combineG1(component(chosen, EncryptedVetKey::c1));
    G1Point c3 = lambda.combineG1(component(chosen, EncryptedVetKey::c3));
    List<BigInteger> weights = withOne(rho);
    G1Point c1s = G1Point.sumOfMultiples(with(component(shares, EncryptedVetKey::c1), c1), weights);
    G1Point c3s = G1Point.sumOfMultiples(with(component(shares, EncryptedVetKey::c3), c3), weights);
    Pairings.MillerProduct here =
        Pairings.millerLoop(
            List.of(
                new Term(G1Point.sumOfMultiples(List.of(c3s, c1s), oneSigma), Pairings.negG2()),
                new Term(
                    AugmentedHashes.of(d.publicKey(), req.input()), combinedKey(d, shares, rho))));
    C2Side there = c2.join();
    return here.times(there.miller()).isOne()
        ? Optional.of(EncryptedVetKey.of(c1, there.c2(), c3))
        : Optional.empty();
  }

  /** The c2 side of {@link #batch}: the combined c2 and the Miller loop of (TPK + σ·G1, Σ(c2)). */
  private record C2Side(G2Point c2, Pairings.MillerProduct miller) {}

  private static C2Side c2Side(
      DeriveShareRequest req,
      List<EncryptedKeyShare> shares,
      List<EncryptedKeyShare> chosen,
      Lagrange.Scaled lambda,
      List<BigInteger> rho,
      List<BigInteger> oneSigma) {
    G2Point c2 = lambda.combineG2(component(chosen, EncryptedVetKey::c2));
    G2Point c2s =
        G2Point.sumOfMultiples(with(component(shares, EncryptedVetKey::c2), c2), withOne(rho));
    G1Point tpk = req.transportPublicKey().point();
    G1Point transport = G1Point.sumOfMultiples(List.of(tpk, G1Point.generator()), oneSigma);
    return new C2Side(c2, Pairings.millerLoop(List.of(new Term(transport, c2s))));
  }

  /**
   * Σ ρ_i (PK_i + δ·G2) + DPK from the Feldman commitments: with PK_i = Σ_k i^k C_k and δ·G2 = DPK
   * - C_0 it is Σ_{k>=1} (Σ_i ρ_i i^k)·C_k + (Σ_i ρ_i + 1)·DPK, t short multiplications in G2
   * however many shares there are.
   */
  private G2Point combinedKey(Derivation d, List<EncryptedKeyShare> shares, List<BigInteger> rho) {
    List<G2Point> cs = publicKey.commitments();
    BigInteger[] b = new BigInteger[cs.size()];
    Arrays.fill(b, BigInteger.ZERO);
    for (int i = 0; i < shares.size(); i++) {
      BigInteger x = BigInteger.valueOf(shares.get(i).holderIndex());
      BigInteger term = rho.get(i);
      for (int k = 0; k < b.length; k++) {
        b[k] = b[k].add(term);
        term = term.multiply(x);
      }
    }
    List<BigInteger> scalars = new ArrayList<>(Arrays.asList(b).subList(1, b.length));
    scalars.add(b[0].add(BigInteger.ONE));
    return G2Point.sumOfMultiples(with(cs.subList(1, cs.size()), d.publicKey().point()), scalars);
  }

  private static <P> List<P> component(
      List<EncryptedKeyShare> shares, Function<EncryptedVetKey, P> part) {
    return shares.stream().map(s -> part.apply(s.share())).toList();
  }

  private static <T> List<T> with(List<T> list, T last) {
    List<T> out = new ArrayList<>(list);
    out.add(last);
    return out;
  }

  private static List<BigInteger> withOne(List<BigInteger> weights) {
    return with(weights, BigInteger.ONE);
  }

  private static int[] indices(List<EncryptedKeyShare> shares) {
    return shares.stream().mapToInt(EncryptedKeyShare::holderIndex).toArray();
  }

  /**
   * A random 64-bit weight, as in blst-based batch verification of BLS signatures (Teku,
   * Lighthouse): a wrong share passes a batch with probability at most 2^-64.
   */
  private BigInteger weight() {
    return new BigInteger(WEIGHT_BITS, rng).setBit(0);
  }

  private List<EncryptedKeyShare> individuallyValid(
      List<EncryptedKeyShare> shares,
      DeriveShareRequest req,
      Derivation d,
      G1Point h,
      Map<Integer, String> bad) {
    List<EncryptedKeyShare> ok = new ArrayList<>();
    for (EncryptedKeyShare s : shares) {
      EncryptedVetKey k = s.share();
      G2Point pk = publicKey.publicKeyShare(s.holderIndex()).add(d.offsetG2());
      if (check(k.c3(), k.c1(), k.c2(), pk, req.transportPublicKey().point(), h)) {
        ok.add(s);
      } else {
        bad.put(s.holderIndex(), ShareCheck.INVALID);
      }
    }
    return ok;
  }

  /** e(c3 + σ·c1, -G2)·e(TPK + σ·G1, c2)·e(H, key) == 1 for a fresh random 64-bit σ. */
  private boolean check(G1Point c3, G1Point c1, G2Point c2, G2Point key, G1Point tpk, G1Point h) {
    List<BigInteger> oneSigma = List.of(BigInteger.ONE, weight());
    return Pairings.productIsOne(
        List.of(
            new Term(G1Point.sumOfMultiples(List.of(c3, c1), oneSigma), Pairings.negG2()),
            new Term(G1Point.sumOfMultiples(List.of(tpk, G1Point.generator()), oneSigma), c2),
            new Term(h, key)));
  }

  /** Lagrange interpolation at zero of c1, c2 and c3 (one thread; the fallback path). */
  private static EncryptedVetKey interpolate(List<EncryptedKeyShare> shares) {
    Lagrange.Scaled lambda = Lagrange.atZeroScaled(indices(shares));
    return EncryptedVetKey.of(
        lambda.combineG1(component(shares, EncryptedVetKey::c1)),
        lambda.combineG2(component(shares, EncryptedVetKey::c2)),
        lambda.combineG1(component(shares, EncryptedVetKey::c3)));
  }
}
