package io.dooor.vetkd.threshold;

import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G1Point;
import io.dooor.vetkd.internal.G2Point;
import java.security.SecureRandom;

/**
 * An in-process holder of one key share. For a request it computes, with a fresh random r_i
 * (replica {@code EncryptedKeyShare::create}, spec §4 threshold version): c1 = r_i·G1, c2 = r_i·G2,
 * c3 = r_i·TPK + (sk_i + δ)·H_aug(DPK, input).
 */
public final class LocalKeyShareHolder implements KeyShareHolder {
  private final KeyShare share;
  private final Derivation.Cache derivations;
  private final SecureRandom rng;

  public LocalKeyShareHolder(KeyShare share, SecureRandom rng) {
    this.share = share;
    this.derivations = new Derivation.Cache(share.publicKey().masterPublicKey());
    this.rng = rng;
  }

  @Override
  public int index() {
    return share.index();
  }

  public KeyShare keyShare() {
    return share;
  }

  @Override
  public EncryptedKeyShare deriveShare(DeriveShareRequest req) {
    Derivation d = derivations.get(req.canisterId(), req.context());
    Fr dsk = share.secret().add(d.offset());
    G1Point h = AugmentedHashes.of(d.publicKey(), req.input());
    Fr r = Fr.random(rng);
    G1Point c3 = G1Point.sumOfProducts(req.transportPublicKey().point(), r, h, dsk);
    EncryptedVetKey key =
        EncryptedVetKey.of(G1Point.generator().mul(r), G2Point.generator().mul(r), c3);
    return new EncryptedKeyShare(share.index(), key);
  }

  @Override
  public String toString() {
    return "LocalKeyShareHolder[" + share.index() + "]";
  }
}
