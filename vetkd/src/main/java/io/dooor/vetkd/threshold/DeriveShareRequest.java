package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.TransportPublicKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;

/**
 * What the combiner asks every key-share holder: the vetkd_derive_key arguments (spec §7) plus the
 * canister id. Wire form: "DVKQ" || version || blob canisterId || blob context || blob input ||
 * transport public key (48).
 */
public record DeriveShareRequest(
    Bytes canisterId, Bytes context, Bytes input, TransportPublicKey transportPublicKey) {
  /** Upper bound on context and input, in bytes. */
  public static final int MAX_FIELD = 64 * 1024;

  /**
   * Longest canister id: an ICP principal is at most 29 bytes (Internet Computer interface spec).
   */
  public static final int MAX_CANISTER_ID = 29;

  private static final String MAGIC = "DVKQ";

  /** Checks the lengths: canister id at most 29 bytes, context and input at most 64 KiB. */
  public DeriveShareRequest {
    if (canisterId.length() > MAX_CANISTER_ID
        || context.length() > MAX_FIELD
        || input.length() > MAX_FIELD) {
      throw new IllegalArgumentException("canister id, context or input too long");
    }
  }

  /** The same checks as the constructor, as a checked exception for untrusted callers. */
  public static DeriveShareRequest of(
      Bytes canisterId, Bytes context, Bytes input, TransportPublicKey tpk) throws VetKdException {
    if (canisterId.length() > MAX_CANISTER_ID
        || context.length() > MAX_FIELD
        || input.length() > MAX_FIELD) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT,
          "canister id must be <= 29 bytes, context and input <= " + MAX_FIELD + " bytes");
    }
    return new DeriveShareRequest(canisterId, context, input, tpk);
  }

  public Bytes toBytes() {
    return new Wire.Writer(MAGIC)
        .blob(canisterId.toArray())
        .blob(context.toArray())
        .blob(input.toArray())
        .raw(transportPublicKey.toBytes().toArray())
        .toBytes();
  }

  public static DeriveShareRequest parse(Bytes bytes) throws VetKdException {
    Wire.Reader r = new Wire.Reader(bytes, MAGIC, "derive share request");
    Bytes canister = Bytes.of(r.blob(MAX_CANISTER_ID));
    Bytes context = Bytes.of(r.blob(MAX_FIELD));
    Bytes input = Bytes.of(r.blob(MAX_FIELD));
    TransportPublicKey tpk = TransportPublicKey.parse(Bytes.of(r.raw(48)));
    r.end();
    return new DeriveShareRequest(canister, context, input, tpk);
  }
}
