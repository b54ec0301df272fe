package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.DcapException;
import io.dooor.attestation.pki.DecodeMemo;
import io.dooor.attestation.pki.PkiException;
import io.dooor.attestation.pki.VerifiedChain;
import io.dooor.common.Bytes;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decoded PCK chains by the quote's certification data bytes (shared by every verifier in the
 * process: decoding is a pure function of the bytes), and, per verifier, the last chain
 * verification per decoded chain (reused only for the same CRL objects and while the instant is
 * inside the verified window). Decoding and verification results are pure functions of their
 * inputs, so caching them is sound.
 */
final class PckChainCache {
  /** Decoded chains by certification data, shared by every verifier in the process. */
  private static final DecodeMemo<PckChain> DECODED = DecodeMemo.create(4096);

  private final Map<PckChain, Verified> verified;
  private final int max;

  private record Verified(List<X509CRL> crls, VerifiedChain chain) {}

  /** A chain verification that may throw. */
  interface ChainCall {
    VerifiedChain run() throws PkiException;
  }

  PckChainCache(int max) {
    this.verified = Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    this.max = max;
  }

  Optional<PckChain> get(Bytes certificationData, CheckList out) {
    Bytes key = certificationData;
    PckChain hit = DECODED.get(key);
    if (hit == null) {
      try {
        hit = PckChain.parse(certificationData);
      } catch (DcapException e) {
        out.fail(e.failedChecks().get(0), e.reason(), e.getMessage());
        return Optional.empty();
      }
      DECODED.put(key, hit);
    }
    out.pass(
        "pck_extensions",
        "FMSPC " + hit.extensions().fmspc().hex() + ", PCESVN " + hit.extensions().pceSvn());
    return Optional.of(hit);
  }

  VerifiedChain verified(PckChain pck, List<X509CRL> crls, Instant at, ChainCall call)
      throws PkiException {
    Verified v = verified.get(pck);
    if (v != null && sameObjects(v.crls(), crls) && v.chain().validAt(at)) {
      return v.chain();
    }
    VerifiedChain fresh = call.run();
    if (verified.size() > max) {
      verified.clear();
    }
    verified.put(pck, new Verified(crls, fresh));
    return fresh;
  }

  private static boolean sameObjects(List<X509CRL> a, List<X509CRL> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }
}
