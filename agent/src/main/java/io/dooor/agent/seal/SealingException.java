package io.dooor.agent.seal;

/**
 * A sealed blob that will not open here, or a key that could not be obtained for sealing. The
 * reason is stable; the message names what was checked and never carries key material.
 */
public final class SealingException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why sealing or unsealing failed. */
  public enum Reason {
    /** Not a sealed blob of a known version, or its header or parameters do not decode. */
    MALFORMED,
    /** The blob was sealed by another kind of sealer. */
    WRONG_SEALER,
    /** The blob names a key selection this sealer does not use. */
    WRONG_KEY_SELECTION,
    /** Authentication failed: another measurement, another key, or an altered blob. */
    UNSEAL_FAILED,
    /** The control plane now derives for other measurements than the blob was sealed under. */
    MEASUREMENT_CHANGED,
    /** The control plane's derived public key differs from the one the blob was sealed under. */
    KEY_CHANGED,
    /** The control plane refused to release a sealing key (evidence or policy). */
    KEY_REFUSED,
    /** A sealing key that did not verify, or an answer that does not fit the request. */
    KEY_INVALID,
    /** A development key file of the wrong size or readable by others. */
    KEY_FILE_INVALID
  }

  private final Reason reason;

  public SealingException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public SealingException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
