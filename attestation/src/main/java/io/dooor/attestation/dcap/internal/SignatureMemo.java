package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.pki.EcdsaVerifier;
import io.dooor.attestation.pki.PkiException;
import io.dooor.common.Bytes;
import io.dooor.common.Lru;
import java.util.Map;

/**
 * Remembers signature verifications that succeeded, keyed by (key, message, signature), and decoded
 * attestation keys by their bytes. ECDSA verification is a pure function of those inputs, so a hit
 * is exactly as strong as re-verifying. Quotes from one platform repeat their QE report, its PCK
 * signature and their attestation key; only the quote signature is new.
 */
final class SignatureMemo {
  private final Map<Triple, Boolean> verified = Lru.synchronizedMap(4096);

  /** What a verification depends on, compared by value (constant-time). */
  private record Triple(Bytes key, Bytes message, Bytes signature) {}

  private final Map<Bytes, EcdsaVerifier> keys = Lru.synchronizedMap(1024);

  /** The P-256 verifier for a raw x||y attestation key (decoded and point-checked once). */
  EcdsaVerifier rawKey(Bytes xy) throws PkiException {
    EcdsaVerifier v = keys.get(xy);
    if (v == null) {
      v = EcdsaVerifier.fromRawPoint(EcdsaVerifier.Curve.P256, xy);
      keys.put(xy, v);
    }
    return v;
  }

  /** Verifies a P1363 signature unless this exact (key, message, signature) verified before. */
  void verifyP1363(EcdsaVerifier key, Bytes message, Bytes signature) throws PkiException {
    Triple id = new Triple(Bytes.of(key.publicKey().getEncoded()), message, signature);
    if (verified.containsKey(id)) {
      return;
    }
    key.verifyP1363(message, signature);
    verified.put(id, Boolean.TRUE);
  }
}
