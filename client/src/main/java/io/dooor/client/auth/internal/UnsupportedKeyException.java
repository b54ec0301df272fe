package io.dooor.client.auth.internal;

/** A well-formed key of a type or curve this service does not accept. */
public final class UnsupportedKeyException extends Exception {
  private static final long serialVersionUID = 1L;

  public UnsupportedKeyException(String message) {
    super(message);
  }
}
