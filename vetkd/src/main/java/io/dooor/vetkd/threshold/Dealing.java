package io.dooor.vetkd.threshold;

import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G2Point;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A Feldman verifiable secret sharing of one secret: a random polynomial f of degree t-1 with f(0)
 * = secret, the commitments a_k·G2 and the evaluations f(j) for recipients 1..n. Recipients check
 * their evaluation against the commitments ({@link #verifyShare}) before using it. Dealings are the
 * building block of key generation (a sum of n dealings, so no dealer knows the key) and of
 * resharing (each old holder deals its own share).
 */
final class Dealing {
  private final List<G2Point> commitments;
  private final List<Fr> evaluations;

  private Dealing(List<G2Point> commitments, List<Fr> evaluations) {
    this.commitments = commitments;
    this.evaluations = evaluations;
  }

  static Dealing create(Fr secret, int threshold, int recipients, SecureRandom rng) {
    return of(randomPolynomial(secret, threshold, rng), recipients);
  }

  /** The coefficients of a random polynomial of degree t-1 with f(0) = secret. */
  static List<Fr> randomPolynomial(Fr secret, int threshold, SecureRandom rng) {
    List<Fr> coeffs = new ArrayList<>();
    coeffs.add(secret);
    for (int k = 1; k < threshold; k++) {
      coeffs.add(Fr.random(rng));
    }
    return coeffs;
  }

  /** The dealing of the polynomial with coefficients {@code coeffs} (a_0 first). */
  static Dealing of(List<Fr> coeffs, int recipients) {
    List<G2Point> commitments = new ArrayList<>();
    for (Fr a : coeffs) {
      commitments.add(G2Point.generator().mul(a));
    }
    List<Fr> evals = new ArrayList<>();
    for (int j = 1; j <= recipients; j++) {
      evals.add(evaluate(coeffs, j));
    }
    return new Dealing(List.copyOf(commitments), List.copyOf(evals));
  }

  /** f(x) = Σ_k a_k·x^k (Horner). */
  static Fr evaluate(List<Fr> coeffs, int x) {
    Fr fx = Fr.of(BigInteger.valueOf(x));
    Fr acc = Fr.of(BigInteger.ZERO);
    for (int k = coeffs.size() - 1; k >= 0; k--) {
      acc = acc.mul(fx).add(coeffs.get(k));
    }
    return acc;
  }

  /** Recipient j's check: f(j)·G2 == Σ_k j^k·C_k. */
  Fr verifyShare(int recipient) throws VetKdException {
    Fr s = evaluations.get(recipient - 1);
    if (!ThresholdPublicKey.fits(commitments, recipient, s)) {
      throw new VetKdException(
          Reason.DEALING_INVALID, "dealt share for holder " + recipient + " fails its commitments");
    }
    return s;
  }

  List<G2Point> commitments() {
    return commitments;
  }
}
