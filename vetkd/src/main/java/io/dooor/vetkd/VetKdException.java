package io.dooor.vetkd;

/**
 * The one checked exception of the vetKD module. Every failure names what was checked through a
 * {@link Reason}; the message adds detail but never key material.
 */
public final class VetKdException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why an operation failed. Stable: the server maps these to problem+json codes. */
  public enum Reason {
    /** Wrong length, unknown flags or framing of an encoded value. */
    INVALID_ENCODING,
    /** A point that does not decode to a curve point (bad x, not on the curve). */
    POINT_NOT_ON_CURVE,
    /** A curve point outside the prime-order subgroup. */
    POINT_NOT_IN_SUBGROUP,
    /** The identity point where the protocol forbids it (e.g. a derived public key). */
    IDENTITY_NOT_ALLOWED,
    /** A scalar encoding that is not below the group order r. */
    SCALAR_OUT_OF_RANGE,
    /** An encrypted vetKey whose c1 and c2 do not share a discrete log (spec §4 step 1). */
    ENCRYPTED_KEY_INCONSISTENT,
    /** A BLS signature (a vetKey) that does not verify under the derived public key. */
    SIGNATURE_INVALID,
    /** An IBE ciphertext with an unknown header. */
    IBE_UNKNOWN_HEADER,
    /** IBE decryption failed its Fujisaki-Okamoto check: wrong key or tampered ciphertext. */
    IBE_DECRYPTION_FAILED,
    /** An IBE seed shorter than 16 bytes. */
    IBE_SEED_TOO_SHORT,
    /** AES-GCM authentication failed: wrong key, wrong associated data or tampering. */
    AEAD_DECRYPTION_FAILED,
    /** A caller-supplied argument out of range (length, threshold, index). */
    INVALID_ARGUMENT,
    /** A key share that does not verify against its holder's public key share. */
    SHARE_INVALID,
    /** Fewer than t holders returned a valid share. */
    NOT_ENOUGH_SHARES,
    /** A holder could not be reached or did not answer. */
    HOLDER_UNAVAILABLE,
    /** A Feldman commitment, dealing or resharing transcript that does not verify. */
    DEALING_INVALID,
    /** The sealing key could not be obtained from its source. */
    SEALING_KEY_UNAVAILABLE,
    /** A sealed key share failed to decrypt or authenticate. */
    UNSEALING_FAILED
  }

  private final Reason reason;
  private final String field;

  public VetKdException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
    this.field = null;
  }

  public VetKdException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
    this.field = null;
  }

  private VetKdException(VetKdException e, String field) {
    super(e.getMessage(), e);
    this.reason = e.reason;
    this.field = field;
  }

  /** {@code e} as a failure of the named field of a request or encoding (its reason kept). */
  public static VetKdException inField(String field, VetKdException e) {
    return new VetKdException(e, field);
  }

  public Reason reason() {
    return reason;
  }

  /** The field of a request or encoding that failed, when the failure is one field's. */
  public java.util.Optional<String> field() {
    return java.util.Optional.ofNullable(field);
  }
}
