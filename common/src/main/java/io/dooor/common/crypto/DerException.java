package io.dooor.common.crypto;

/** Malformed DER (ITU-T X.690 §10): the message names the structure, the offset and the problem. */
public final class DerException extends Exception {
  private static final long serialVersionUID = 1L;

  public DerException(String message) {
    super(message);
  }
}
