package io.dooor.common.crypto;

/** Malformed PEM text (RFC 7468): the message names the block and the problem. */
public final class PemException extends Exception {
  private static final long serialVersionUID = 1L;

  public PemException(String message) {
    super(message);
  }
}
