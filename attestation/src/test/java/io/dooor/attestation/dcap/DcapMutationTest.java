package io.dooor.attestation.dcap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dooor.attestation.dcap.DcapVectors.Sample;
import io.dooor.attestation.pki.Certificates;
import io.dooor.attestation.pki.PkiException;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.common.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * One-byte mutations (xor 0x01) of every byte of the two valid quotes outside the PEM chain (every
 * 5th byte inside it; every 11th byte of the other samples): each is refused naming the check that
 * guards the mutated structure, or, for bytes no signature covers (trailing bytes, PEM whitespace),
 * decodes to exactly the same claims and certificates.
 */
class DcapMutationTest {
  private static final Set<String> STRUCTURE = Set.of("quote_structure", "quote_format");

  @Test
  void everyQuoteByteIsGuarded() throws Exception {
    TrustAnchors anchors = DcapVectors.anchors();
    List<String> failures = new ArrayList<>();
    int total = 0;
    for (Sample s : DcapVectors.all()) {
      if (s.negative()) {
        continue;
      }
      DcapEvidenceVerifier v = new DcapEvidenceVerifier(s.collateral(), anchors);
      QuoteReport base = v.inspect(s.quote(), s.at());
      DcapQuote q = base.quote().orElseThrow();
      Set<String> baseFailed = new TreeSet<>(base.failedChecks());
      boolean primary = s.name().endsWith("uptodate") || s.name().contains("sgx");
      int certStart = q.parsedLength() - q.signatureData().certificationData().length();
      byte[] b = s.quote().toArray();
      for (int i = 0; i < b.length; i += !primary ? 11 : i < certStart ? 1 : 5) {
        b[i] ^= 1;
        QuoteReport r = v.inspect(Bytes.of(b), s.at());
        b[i] ^= 1;
        total++;
        String why = judge(q, i, r, baseFailed);
        if (why != null) {
          failures.add(s.name() + " @" + i + ": " + why + "; failed " + r.failedChecks());
        }
      }
    }
    assertTrue(total > 5_000, "ran " + total + " mutations");
    assertTrue(
        failures.isEmpty(),
        failures.size()
            + " of "
            + total
            + " mutations mishandled:\n"
            + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
  }

  /** Null if the report is right for a flip at {@code i}, else what is wrong. */
  private static String judge(DcapQuote q, int i, QuoteReport r, Set<String> baseFailed) {
    Set<String> want = expected(q, i);
    Set<String> failed = new TreeSet<>(r.failedChecks());
    if (want == null) {
      return failed.equals(baseFailed) ? null : "unsigned trailing byte changed the verdict";
    }
    if (want.contains("pck_chain") && failed.equals(baseFailed)) {
      return sameCertificates(q, r) ? null : "accepted different certificates";
    }
    boolean hit = want.stream().anyMatch(failed::contains);
    return hit ? null : "expected one of " + want;
  }

  /** The checks that guard byte {@code i}; null for bytes outside the quote's length fields. */
  private static Set<String> expected(DcapQuote q, int i) {
    int signed = q.signedRegion().length();
    if (i >= q.parsedLength()) {
      return null;
    }
    if (i < 8 || (q.header().version() == 5 && i >= 48 && i < 54)) {
      return STRUCTURE;
    }
    if (i < signed) {
      return Set.of("quote_signature");
    }
    QuoteSignatureData sd = q.signatureData();
    int p = signed + 4;
    int qe = p + 128 + (q.header().version() == 3 ? 0 : 6);
    int auth = qe + 384 + 64 + 2;
    int cert = auth + sd.qeAuthData().length() + 6;
    if (i < p
        || (i >= p + 128 && i < qe)
        || (i >= auth - 2 && i < auth)
        || (i >= cert - 6 && i < cert)) {
      return STRUCTURE;
    }
    if (i < p + 64) {
      return Set.of("quote_signature");
    }
    if (i < p + 128 || (i >= auth && i < cert - 6)) {
      return Set.of("qe_report_data_binds_attestation_key");
    }
    if (i < auth - 2) {
      return Set.of("qe_report_signature");
    }
    return Set.of("pck_chain", "pck_extensions");
  }

  private static boolean sameCertificates(DcapQuote q, QuoteReport r) {
    try {
      return r.quote().isPresent() && encoded(q).equals(encoded(r.quote().get()));
    } catch (PkiException | java.security.cert.CertificateEncodingException e) {
      return false;
    }
  }

  private static List<Bytes> encoded(DcapQuote q)
      throws PkiException, java.security.cert.CertificateEncodingException {
    List<Bytes> out = new ArrayList<>();
    String pem =
        new String(q.signatureData().certificationData().toArray(), StandardCharsets.US_ASCII);
    for (X509Certificate c : Certificates.parsePem(pem)) {
      out.add(Bytes.of(c.getEncoded()));
    }
    return out;
  }
}
