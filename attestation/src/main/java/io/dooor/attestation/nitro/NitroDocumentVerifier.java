package io.dooor.attestation.nitro;

import com.upokecenter.cbor.CBORObject;
import io.dooor.attestation.pki.CertificateChainVerifier;
import io.dooor.attestation.pki.Certificates;
import io.dooor.attestation.pki.EcdsaVerifier;
import io.dooor.attestation.pki.PkiException;
import io.dooor.attestation.pki.TrustAnchor;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.attestation.pki.VendorRoot;
import io.dooor.attestation.pki.VerifiedChain;
import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceException.Reason;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies a Nitro attestation document (AWS "Nitro Enclaves attestation document" §3.2.2 semantic
 * validation) as of an instant: cabundle[0] is the pinned AWS Nitro Enclaves root G1; the chain
 * certificate -> cabundle[n-1] -> ... -> cabundle[0] verifies (ECDSA P-384, validity, CA
 * constraints); the COSE_Sign1 ES384 signature over Sig_structure ["Signature1", protected, h'',
 * payload] (RFC 9052 §4.4) verifies with the leaf key; and the document timestamp lies in the
 * leaf's validity window. All checks run; failures are reported together. Thread-safe.
 */
public final class NitroDocumentVerifier {
  private final TrustAnchors anchors;
  private final CertificateChainVerifier chains;

  public NitroDocumentVerifier(TrustAnchors anchors, CertificateChainVerifier chains) {
    this.anchors = anchors;
    this.chains = chains;
  }

  /**
   * @throws EvidenceException naming every failed check
   */
  public VerifiedNitroDocument verify(NitroDocument doc, Instant at) throws EvidenceException {
    List<NitroCheck> checks = new ArrayList<>();
    TrustAnchor root = anchor();
    List<X509Certificate> rootFirst = certificates(doc);
    boolean pinned = Certificates.fingerprint(rootFirst.get(0)).equals(root.fingerprint());
    checks.add(
        pinned
            ? NitroCheck.pass("cabundle[0]_equals_trusted_aws_nitro_root", root.fingerprint().hex())
            : NitroCheck.fail(
                "cabundle[0]_equals_trusted_aws_nitro_root",
                Reason.CHAIN_INVALID,
                "cabundle[0] is " + Certificates.fingerprint(rootFirst.get(0)).hex()));
    Optional<VerifiedChain> chain = chain(rootFirst, root, at, checks);
    X509Certificate leaf = rootFirst.get(rootFirst.size() - 1);
    signature(doc, leaf, checks);
    timestamp(doc, leaf, checks);
    throwIfFailed(checks);
    return new VerifiedNitroDocument(doc, chain.orElseThrow(), checks, digests(rootFirst));
  }

  private TrustAnchor anchor() throws EvidenceException {
    try {
      return anchors.anchor(VendorRoot.AWS_NITRO_ROOT_G1);
    } catch (PkiException e) {
      throw new EvidenceException(Reason.CHAIN_INVALID, "trust_anchor: " + e.getMessage());
    }
  }

  /** cabundle[0..n-1] then the leaf: root first. */
  private static List<X509Certificate> certificates(NitroDocument doc) throws EvidenceException {
    List<X509Certificate> out = new ArrayList<>();
    try {
      for (Bytes der : doc.cabundle()) {
        out.add(Certificates.parseDer(der));
      }
      out.add(Certificates.parseDer(doc.certificate()));
    } catch (PkiException e) {
      throw new EvidenceException(
          Reason.MALFORMED, "document_parse: certificate " + out.size() + ": " + e.getMessage());
    }
    return out;
  }

  private Optional<VerifiedChain> chain(
      List<X509Certificate> rootFirst, TrustAnchor root, Instant at, List<NitroCheck> checks) {
    int n = rootFirst.size();
    List<X509Certificate> leafFirst = new ArrayList<>(rootFirst);
    java.util.Collections.reverse(leafFirst);
    try {
      VerifiedChain v = chains.verify(leafFirst, root, at, List.of());
      for (int k = 1; k < n; k++) {
        checks.add(NitroCheck.pass(link(k), rootFirst.get(k).getSubjectX500Principal().getName()));
      }
      return Optional.of(v);
    } catch (PkiException e) {
      int k = e.link() < 0 ? n - 1 : n - 1 - e.link();
      Reason r =
          e.reason() == PkiException.Reason.MALFORMED ? Reason.MALFORMED : Reason.CHAIN_INVALID;
      checks.add(NitroCheck.fail(k == 0 ? "cert[0]_self_signed" : link(k), r, e.getMessage()));
      return Optional.empty();
    }
  }

  private static String link(int k) {
    return "cert[" + k + "]_signed_by_cert[" + (k - 1) + "]";
  }

  private static void signature(NitroDocument doc, X509Certificate leaf, List<NitroCheck> checks) {
    String name = "cose_sign1_es384_signature_leaf_key";
    try {
      EcdsaVerifier v = EcdsaVerifier.of(leaf.getPublicKey());
      if (v.curve() != EcdsaVerifier.Curve.P384) {
        throw new PkiException(PkiException.Reason.UNSUPPORTED_ALGORITHM, "leaf key not P-384");
      }
      v.verifyP1363(sigStructure(doc), doc.signature());
      checks.add(NitroCheck.pass(name, "ES384 over Sig_structure"));
    } catch (PkiException e) {
      checks.add(NitroCheck.fail(name, Reason.SIGNATURE_INVALID, e.getMessage()));
    }
  }

  /** Sig_structure for COSE_Sign1, RFC 9052 §4.4, with empty external_aad. */
  static Bytes sigStructure(NitroDocument doc) {
    CBORObject s = CBORObject.NewArray();
    s.Add("Signature1");
    s.Add(doc.protectedHeader().toArray());
    s.Add(new byte[0]);
    s.Add(doc.payload().toArray());
    return Bytes.of(s.EncodeToBytes());
  }

  private static void timestamp(NitroDocument doc, X509Certificate leaf, List<NitroCheck> checks) {
    Instant t = Instant.ofEpochMilli(doc.timestampMs());
    Instant nb = leaf.getNotBefore().toInstant();
    Instant na = leaf.getNotAfter().toInstant();
    boolean ok = !t.isBefore(nb) && !t.isAfter(na);
    String name = "timestamp_within_leaf_validity";
    checks.add(
        ok
            ? NitroCheck.pass(name, t.toString())
            : NitroCheck.fail(name, Reason.CHAIN_INVALID, t + " outside " + nb + " .. " + na));
  }

  private static Map<String, String> digests(List<X509Certificate> rootFirst) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < rootFirst.size(); i++) {
      out.put("cert[" + i + "]", Certificates.fingerprint(rootFirst.get(i)).hex());
    }
    return out;
  }

  private static void throwIfFailed(List<NitroCheck> checks) throws EvidenceException {
    List<String> failed = new ArrayList<>();
    Reason first = null;
    for (NitroCheck c : checks) {
      if (c.failure().isPresent()) {
        failed.add(c.name());
        first = first == null ? c.reason() : first;
      }
    }
    if (first != null) {
      throw new EvidenceException(first, "Nitro document refused: failed " + failed, failed);
    }
  }
}
