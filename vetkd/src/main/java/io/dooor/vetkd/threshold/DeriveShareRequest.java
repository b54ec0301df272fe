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

  /**
   * Decodes a request from untrusted bytes; a failure names the field that is wrong ({@link
   * VetKdException#field()}: {@code canister_id}, {@code context}, {@code input}, {@code
   * transport_public_key}, or {@code body} for the framing: magic, version, trailing bytes).
   */
  public static DeriveShareRequest parse(Bytes bytes) throws VetKdException {
    Wire.Reader r = field("body", () -> new Wire.Reader(bytes, MAGIC, "derive share request"));
    Bytes canister = field("canister_id", () -> Bytes.of(r.blob(MAX_CANISTER_ID)));
    Bytes context = field("context", () -> Bytes.of(r.blob(MAX_FIELD)));
    Bytes input = field("input", () -> Bytes.of(r.blob(MAX_FIELD)));
    TransportPublicKey tpk =
        field("transport_public_key", () -> TransportPublicKey.parse(Bytes.of(r.raw(48))));
    field(
        "body",
        () -> {
          r.end();
          return null;
        });
    return new DeriveShareRequest(canister, context, input, tpk);
  }

  /** One step of decoding. */
  @FunctionalInterface
  private interface Step<T> {
    T read() throws VetKdException;
  }

  private static <T> T field(String name, Step<T> step) throws VetKdException {
    try {
      return step.read();
    } catch (VetKdException e) {
      throw VetKdException.inField(name, e);
    }
  }
}
