package io.dooor.attestation.nitro;

import io.dooor.attestation.pki.CertificateChainVerifier;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceClaims;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceException.Reason;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.VerifiedEvidence;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control plane's Nitro verifier. Evidence bytes: the raw COSE_Sign1 attestation document.
 * Claims: PCR0..PCR15 (hex; every PCR present), MODULE_ID; numbers TIMESTAMP_MS. Report data rule:
 * user_data when it is exactly 64 bytes; otherwise user_data's first 64 bytes, zero-padded to 64
 * when shorter (absent = 64 zero bytes) — so the binding value must be sent as 64-byte user_data.
 * NONCE and PUBLIC_KEY (hex) are added to the measurements when present. TCB status
 * "NotApplicable"; debug when PCR0 is all zeros; platform id "nitro:" + module_id.
 */
public final class NitroEvidenceVerifier extends EvidenceVerifier {
  private final NitroDocumentVerifier verifier;

  public NitroEvidenceVerifier(TrustAnchors anchors, CertificateChainVerifier chains) {
    this.verifier = new NitroDocumentVerifier(anchors, chains);
  }

  /** With a cache of 256 verified chains. */
  public NitroEvidenceVerifier(TrustAnchors anchors) {
    this(anchors, CertificateChainVerifier.cached(256));
  }

  @Override
  public boolean supports(TeeType type) {
    return type == TeeType.NITRO;
  }

  @Override
  public VerifiedEvidence verify(TeeType type, Bytes evidence, Instant at)
      throws EvidenceException {
    if (type != TeeType.NITRO) {
      throw new EvidenceException(Reason.UNSUPPORTED_FORMAT, "not Nitro evidence: " + type);
    }
    return toEvidence(verifyDocument(evidence, at));
  }

  /** The typed verification, with every check run (for the CLI). */
  public VerifiedNitroDocument verifyDocument(Bytes evidence, Instant at) throws EvidenceException {
    return verifier.verify(NitroDocumentParser.parse(evidence), at);
  }

  /** The 64-byte report data derived from user_data (see the class comment). */
  public static Bytes reportData(Bytes userData) {
    byte[] out = new byte[VerifiedEvidence.REPORT_DATA_LENGTH];
    byte[] u = userData.toArray();
    System.arraycopy(u, 0, out, 0, Math.min(u.length, out.length));
    return Bytes.of(out);
  }

  static VerifiedEvidence toEvidence(VerifiedNitroDocument v) {
    NitroDocument d = v.document();
    Map<String, String> m = new LinkedHashMap<>();
    d.pcrs().forEach((i, value) -> m.put("PCR" + i, value.hex()));
    m.put("MODULE_ID", d.moduleId());
    if (!d.nonce().isEmpty()) {
      m.put("NONCE", d.nonce().hex());
    }
    if (!d.publicKey().isEmpty()) {
      m.put("PUBLIC_KEY", d.publicKey().hex());
    }
    return verified(
        new EvidenceClaims(
            TeeType.NITRO,
            reportData(d.userData()),
            m,
            Map.of("TIMESTAMP_MS", d.timestampMs()),
            "NotApplicable",
            List.of(),
            v.debug(),
            "nitro:" + d.moduleId(),
            v.collateralDigests()));
  }
}
