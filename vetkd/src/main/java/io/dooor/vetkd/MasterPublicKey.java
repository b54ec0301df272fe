package io.dooor.vetkd;

import io.dooor.common.Bytes;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G2Point;
import io.dooor.vetkd.internal.IdentityPolicy;
import java.util.Map;
import java.util.Optional;

/**
 * A vetKD master public key: a G2 point, 96 bytes compressed (spec §1), from which canister keys
 * are derived (spec §3 step 1).
 */
public final class MasterPublicKey {
  static final String CANISTER_ID_DST = "ic-vetkd-bls12-381-g2-canister-id";

  /** ICP mainnet keys for curve bls12_381_g2 as hard-coded in ic-vetkeys (spec §7). */
  private static final Map<String, String> MAINNET =
      Map.of(
          "key_1",
          "a9caf9ae8af0c7c7272f8a122133e2e0c7c0899b75e502bda9e109ca8193ded3ef042ed96db1125e1bdaad77d8cc60d917e122fe2501c45b96274f43705edf0cfd455bc66c3c060faa2fcd15486e76351edf91fecb993797273bbc8beaa47404",
          "test_key_1",
          "ad86e8ff845912f022a0838a502d763fdea547c9948f8cb20ea7738dd52c1c38dcb4c6ca9ac29f9ac690fc5ad7681cb41922b8dffbd65d94bff141f5fb5b6624eccc03bf850f222052df888cf9b1e47203556d7522271cbb879b2ef4b8c2bfb1");

  private final G2Point point;

  private MasterPublicKey(G2Point point) {
    this.point = point;
  }

  /** Decodes 96 compressed bytes; refuses the identity and points outside the subgroup. */
  public static MasterPublicKey parse(Bytes bytes) throws VetKdException {
    return new MasterPublicKey(
        G2Point.decode(bytes.toArray(), IdentityPolicy.REFUSE, "master public key"));
  }

  /** An ICP mainnet master key by name ({@code key_1}, {@code test_key_1}). */
  public static Optional<MasterPublicKey> forMainnetKey(String keyName) {
    String hex = MAINNET.get(keyName);
    if (hex == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(Bytes.fromHex(hex)));
    } catch (VetKdException e) {
      throw new IllegalStateException("built-in mainnet key does not decode", e);
    }
  }

  /** Wraps a point produced by key generation (internal use by the threshold service). */
  public static MasterPublicKey of(G2Point point) {
    return new MasterPublicKey(point);
  }

  /**
   * The canister key {@code CK = MPK + hash_to_scalar_two_inputs(MPK, canisterId, DST)·G2} (spec §3
   * step 1), where {@code canisterId} is the raw principal bytes.
   */
  public DerivedPublicKey deriveCanisterKey(Bytes canisterId) {
    return DerivedPublicKey.of(point.add(G2Point.generator().mul(canisterOffset(canisterId))));
  }

  /** δ1 of spec §3: the scalar the canister key adds to the master key. */
  public Fr canisterOffset(Bytes canisterId) {
    return Fr.hashToScalarTwoInputs(point.toBytes(), canisterId.toArray(), CANISTER_ID_DST);
  }

  public G2Point point() {
    return point;
  }

  public Bytes toBytes() {
    return Bytes.of(point.toBytes());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MasterPublicKey m && point.equals(m.point);
  }

  @Override
  public int hashCode() {
    return point.hashCode();
  }

  @Override
  public String toString() {
    return "MasterPublicKey[" + toBytes().hex() + "]";
  }
}
