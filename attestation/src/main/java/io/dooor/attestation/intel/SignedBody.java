package io.dooor.attestation.intel;

import io.dooor.common.Bytes;

/**
 * A signed collateral body as Intel serves it: the exact bytes of the inner JSON object and the raw
 * r||s ECDSA P-256 signature over them.
 */
public record SignedBody(Bytes body, Bytes signature) {
  public SignedBody {
    if (signature.length() != 64) {
      throw new IllegalArgumentException("signature must be 64 bytes, got " + signature.length());
    }
  }
}
