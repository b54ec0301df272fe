package io.dooor.vetkd.threshold;

import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G2Point;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Key generation at init: a joint-Feldman sharing in which each of the n holders deals a random
 * secret and the master secret is the (never computed) sum. Every dealt share is verified against
 * its dealer's commitments. In the embedded default all dealings run in this process; with remote
 * holders each holder would create its own {@link Dealing} and send the evaluations to its peers.
 */
public final class ThresholdKeyGenerator {
  private final SecureRandom rng;

  public ThresholdKeyGenerator(SecureRandom rng) {
    this.rng = rng;
  }

  /** The public key and the n secret shares, each already checked against the public key. */
  public record Generated(ThresholdPublicKey publicKey, List<KeyShare> shares) {
    public Generated {
      shares = List.copyOf(shares);
    }
  }

  public Generated generate(int threshold, int holders) throws VetKdException {
    ThresholdPublicKey.checkShape(threshold, holders);
    List<Dealing> dealings = new ArrayList<>();
    for (int d = 0; d < holders; d++) {
      dealings.add(Dealing.create(Fr.random(rng), threshold, holders, rng));
    }
    List<G2Point> commitments = new ArrayList<>();
    for (int k = 0; k < threshold; k++) {
      G2Point c = G2Point.identity();
      for (Dealing d : dealings) {
        c = c.add(d.commitments().get(k));
      }
      commitments.add(c);
    }
    ThresholdPublicKey pk = ThresholdPublicKey.of(threshold, holders, commitments);
    List<KeyShare> shares = new ArrayList<>();
    for (int j = 1; j <= holders; j++) {
      Fr s = Fr.of(BigInteger.ZERO);
      for (Dealing d : dealings) {
        s = s.add(d.verifyShare(j));
      }
      shares.add(KeyShare.of(j, s, pk));
    }
    return new Generated(pk, shares);
  }
}
