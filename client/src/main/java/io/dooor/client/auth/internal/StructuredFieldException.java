package io.dooor.client.auth.internal;

/** A field value that is not a valid RFC 8941 structured field; the message names the offset. */
public final class StructuredFieldException extends Exception {
  private static final long serialVersionUID = 1L;

  public StructuredFieldException(String message) {
    super(message);
  }
}
