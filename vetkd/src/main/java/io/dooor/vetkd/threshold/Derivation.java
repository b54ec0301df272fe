package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.common.Lru;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.MasterPublicKey;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G2Point;
import java.util.Map;

/**
 * The derivation of spec §3 for one (canister id, context): the derived public key DPK and the
 * scalar δ = δ1 (+ δ2) with dsk = msk + δ. Because Lagrange coefficients sum to one, holder i's
 * share of dsk is sk_i + δ and its public key share is PK_i + δ·G2, where δ·G2 = DPK - MPK ({@code
 * offsetG2}, kept so that checking a share costs no derivation work).
 */
record Derivation(DerivedPublicKey publicKey, Fr offset, G2Point offsetG2) {

  static Derivation compute(MasterPublicKey mpk, Bytes canisterId, Bytes context) {
    Fr d1 = mpk.canisterOffset(canisterId);
    DerivedPublicKey ck = mpk.deriveCanisterKey(canisterId);
    DerivedPublicKey dpk = context.isEmpty() ? ck : ck.deriveSubKey(context);
    Fr offset = context.isEmpty() ? d1 : d1.add(ck.contextOffset(context));
    return new Derivation(dpk, offset, dpk.point().sub(mpk.point()));
  }

  /**
   * A small LRU of derivations: contexts repeat, and each derivation costs two G2 multiplications.
   */
  static final class Cache {
    private static final int CAPACITY = 1024;
    private final MasterPublicKey mpk;
    private final Map<String, Derivation> map = Lru.map(CAPACITY);

    Cache(MasterPublicKey mpk) {
      this.mpk = mpk;
    }

    Derivation get(Bytes canisterId, Bytes context) {
      String key = canisterId.hex() + "/" + context.hex();
      synchronized (map) {
        Derivation d = map.get(key);
        if (d != null) {
          return d;
        }
      }
      Derivation d = compute(mpk, canisterId, context);
      synchronized (map) {
        map.put(key, d);
      }
      return d;
    }
  }
}
