package io.dooor.client.auth.internal;

/** Checks signatures under one public key. Implementations are immutable and thread-safe. */
@FunctionalInterface
public interface SignatureCheck {
  /**
   * True if {@code signature} is a valid signature of {@code message}; never throws on bad input.
   */
  boolean isValid(byte[] message, byte[] signature);
}
