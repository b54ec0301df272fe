package io.dooor.vetkd;

import io.dooor.vetkd.VetKdException.Reason;

/**
 * A vetKD key id as in the management canister API (spec §7): {@code record { curve : vetkd_curve;
 * name : text }}, where the only curve is {@code bls12_381_g2}.
 */
public record VetKdKeyId(String curve, String name) {
  /** The only supported curve. */
  public static final String BLS12_381_G2 = "bls12_381_g2";

  public VetKdKeyId {
    if (!BLS12_381_G2.equals(curve) || name.isEmpty() || name.length() > 64) {
      throw new IllegalArgumentException("key id must be bls12_381_g2 with a 1..64 char name");
    }
  }

  /** A key id on the only curve. */
  public static VetKdKeyId of(String name) throws VetKdException {
    return parse(BLS12_381_G2, name);
  }

  /** Checks an untrusted key id. */
  public static VetKdKeyId parse(String curve, String name) throws VetKdException {
    if (!BLS12_381_G2.equals(curve)) {
      throw new VetKdException(Reason.INVALID_ARGUMENT, "unsupported vetKD curve: " + curve);
    }
    if (name.isEmpty() || name.length() > 64) {
      throw new VetKdException(Reason.INVALID_ARGUMENT, "key name must have 1..64 characters");
    }
    return new VetKdKeyId(curve, name);
  }
}
