package io.dooor.vetkd.threshold;

import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.internal.G1Point;
import io.dooor.vetkd.internal.G2Point;
import io.dooor.vetkd.internal.Pairings;
import io.dooor.vetkd.internal.Pairings.Term;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;

/**
 * Verifies one encrypted key share on its own against its holder's public key share (the check
 * {@link ShareCombiner} applies to every share when its batch fails): e(c1, G2) = e(G1, c2) and
 * e(c3, G2) = e(TPK, c2)·e(H, PK_i + δ·G2), merged with a random 64-bit σ into one product of three
 * pairings. Used by the {@link ThresholdDeriver} for shares it did not hand to the combiner: those
 * that arrive after a request was answered, and those it must name after a failed combination.
 */
final class ShareCheck {
  /** The combiner's wording, so that an excluded holder reads the same whoever checked it. */
  static final String INVALID =
      "encrypted key share fails verification against its public key share";

  private final ThresholdPublicKey publicKey;
  private final Derivation.Cache derivations;
  private final SecureRandom rng;

  ShareCheck(ThresholdPublicKey publicKey, SecureRandom rng) {
    this.publicKey = publicKey;
    this.derivations = new Derivation.Cache(publicKey.masterPublicKey());
    this.rng = rng;
  }

  /** Null if the share verifies for the request, else why not. */
  String problem(DeriveShareRequest req, EncryptedKeyShare share) {
    int i = share.holderIndex();
    if (i < 1 || i > publicKey.holders()) {
      return ShareCombiner.BEYOND_N + publicKey.holders();
    }
    Derivation d = derivations.get(req.canisterId(), req.context());
    G2Point delta = d.publicKey().point().sub(publicKey.masterPublicKey().point());
    G2Point key = publicKey.publicKeyShare(i).add(delta);
    G1Point h = d.publicKey().augmentedHash(req.input());
    EncryptedVetKey k = share.share();
    BigInteger sigma = new BigInteger(64, rng).setBit(0);
    G1Point tpk = req.transportPublicKey().point();
    boolean ok =
        Pairings.productIsOne(
            List.of(
                new Term(k.c3().add(k.c1().mulPublic(sigma)), Pairings.negG2()),
                new Term(tpk.add(G1Point.generator().mulPublic(sigma)), k.c2()),
                new Term(h, key)));
    return ok ? null : INVALID;
  }
}
