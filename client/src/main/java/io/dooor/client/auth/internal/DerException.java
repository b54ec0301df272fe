package io.dooor.client.auth.internal;

/** Malformed DER: the message names the structure and the problem. */
public final class DerException extends Exception {
  private static final long serialVersionUID = 1L;

  public DerException(String message) {
    super(message);
  }
}
