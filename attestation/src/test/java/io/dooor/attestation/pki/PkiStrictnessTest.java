package io.dooor.attestation.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.attestation.pki.PkiException.Reason;
import io.dooor.common.Bytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strictness of the PKI layer: damaged PEM blocks are refused (not skipped), CRLs are tied to the
 * issuing certificate by name, key identifier and signature, a CRL covering no link is refused,
 * chains link by key identifier where present, and anchors must be self-signed.
 */
class PkiStrictnessTest {
  private static final byte[] ID_A = Bytes.fromHex("0a".repeat(20)).toArray();
  private static final byte[] ID_B = Bytes.fromHex("0b".repeat(20)).toArray();
  private static final Instant AT = TestPki.T0.plusSeconds(3600);
  private static final Instant NEXT = TestPki.T0.plusSeconds(86_400);

  @TempDir Path dir;
  private final CertificateChainVerifier verifier = CertificateChainVerifier.create();

  private static String pem(X509Certificate c) throws Exception {
    String b64 =
        Base64.getMimeEncoder(64, "\r\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(c.getEncoded());
    return "-----BEGIN CERTIFICATE-----\r\n" + b64 + "\r\n-----END CERTIFICATE-----\r\n";
  }

  private static String milanPem() throws Exception {
    return Files.readString(PkiVectors.roots().resolve("amd_ask_ark_milan.pem"));
  }

  @Test
  void wellFormedPemWithCrlfAndExplanatoryTextDecodes() throws Exception {
    String pem = milanPem();
    assertThat(Certificates.parsePem(pem)).hasSize(2);
    assertThat(Certificates.parsePem("subject=ASK and ARK\n" + pem + "trailing note\n")).hasSize(2);
  }

  @Test
  void everyDamagedCertificateBlockIsRefusedNotSkipped() throws Exception {
    String pem = milanPem();
    int second = pem.indexOf("-----BEGIN CERTIFICATE-----", 10);
    String first = pem.substring(0, second);
    String tail = pem.substring(second);
    int body = tail.indexOf('\n') + 1;
    List<String> damaged =
        List.of(
            first + tail.substring(0, body) + "!" + tail.substring(body + 1),
            first + tail.substring(0, tail.indexOf("-----END")),
            first + tail.replace("-----END CERTIFICATE-----", "-----END X509 CRL-----"),
            first + tail.replace("BEGIN CERTIFICATE-----", "BEGIN CERTIFICATE----"),
            first
                + tail.replace("BEGIN CERTIFICATE", "BEGIN PRIVATE KEY")
                    .replace("END CERTIFICATE", "END PRIVATE KEY"),
            first + "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
            first + "-----BEGIN CERTIFICATE-----\nMIIB=\n-----END CERTIFICATE-----\n",
            // "QR==" decodes to the same byte as "QQ==" but is not canonical (pad bits set)
            first + "-----BEGIN CERTIFICATE-----\nQR==\n-----END CERTIFICATE-----\n",
            first + "----END CERTIFICATE-----\n",
            first + tail.substring(0, body) + tail.substring(body + 4));
    for (String text : damaged) {
      assertThatThrownBy(() -> Certificates.parsePem(text))
          .as(text.substring(first.length(), Math.min(text.length(), first.length() + 60)))
          .isInstanceOfSatisfying(
              PkiException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }
  }

  @Test
  void trustFolderWithADamagedSecondCertificateFailsToLoad() throws Exception {
    String pem = milanPem();
    Files.writeString(dir.resolve("ok.pem"), pem);
    assertThat(TrustAnchors.load(dir).find(VendorRoot.AMD_ARK_MILAN)).isPresent();
    int second = pem.indexOf("-----BEGIN CERTIFICATE-----", 10);
    Files.writeString(dir.resolve("ok.pem"), pem.substring(0, second + 40) + "\n");
    assertThatThrownBy(() -> TrustAnchors.load(dir))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("PEM block #2");
  }

  @Test
  void aCrlNamingTheIssuerButCarryingAnotherKeyIdentifierIsRefused() throws Exception {
    KeyPair rk = TestPki.keys();
    KeyPair lk = TestPki.keys();
    X509Certificate root = TestPki.certWithIds("CN=Root", rk, "CN=Root", rk, 1, 1, ID_A, ID_A);
    X509Certificate leaf = TestPki.certWithIds("CN=Leaf", lk, "CN=Root", rk, -1, 5, null, ID_A);
    TrustAnchor a = new TrustAnchor(VendorRoot.INTEL_SGX_ROOT_CA, root);
    verifier.verify(List.of(leaf), a, AT, List.of(TestPki.crlWithAki("CN=Root", rk, NEXT, ID_A)));
    // same name, same (valid) signature, but the CRL says it was issued under another key id
    expect(
        () ->
            verifier.verify(
                List.of(leaf), a, AT, List.of(TestPki.crlWithAki("CN=Root", rk, NEXT, ID_B))),
        Reason.CRL_INVALID,
        0);
    assertThatThrownBy(
            () -> verifier.verifyCrl(TestPki.crlWithAki("CN=Root", rk, NEXT, ID_B), root, AT))
        .hasMessageContaining("authority key identifier");
  }

  @Test
  void verifyCrlChecksNameSignatureAndWindow() throws Exception {
    KeyPair rk = TestPki.keys();
    KeyPair other = TestPki.keys();
    X509Certificate root = TestPki.cert("CN=Root", rk, "CN=Root", rk, 1, 1);
    VerifiedCrl ok = verifier.verifyCrl(TestPki.crl("CN=Root", rk, NEXT), root, AT);
    assertThat(ok.validUntil()).isEqualTo(NEXT);
    expect(
        () -> verifier.verifyCrl(TestPki.crl("CN=Other", rk, NEXT), root, AT),
        Reason.CRL_INVALID,
        -1);
    expect(
        () -> verifier.verifyCrl(TestPki.crl("CN=Root", other, NEXT), root, AT),
        Reason.CRL_INVALID,
        -1);
    expect(
        () -> verifier.verifyCrl(TestPki.crl("CN=Root", rk, AT.minusSeconds(1)), root, AT),
        Reason.CRL_INVALID,
        -1);
  }

  @Test
  void aCrlThatCoversNoCertificateOfTheChainIsRefusedNotIgnored() throws Exception {
    KeyPair rk = TestPki.keys();
    KeyPair ik = TestPki.keys();
    KeyPair lk = TestPki.keys();
    X509Certificate root = TestPki.cert("CN=Root", rk, "CN=Root", rk, 1, 1);
    X509Certificate inter = TestPki.cert("CN=Inter", ik, "CN=Root", rk, 0, 7);
    X509Certificate leaf = TestPki.cert("CN=Leaf", lk, "CN=Inter", ik, -1, 9);
    TrustAnchor a = new TrustAnchor(VendorRoot.INTEL_SGX_ROOT_CA, root);
    verifier.verify(List.of(leaf, inter), a, AT, List.of(TestPki.crl("CN=Inter", ik, NEXT)));
    expect(
        () ->
            verifier.verify(
                List.of(leaf, inter), a, AT, List.of(TestPki.crl("CN=Elsewhere", ik, NEXT))),
        Reason.CRL_INVALID,
        -1);
  }

  @Test
  void chainsLinkByKeyIdentifierWhereBothCarryOne() throws Exception {
    KeyPair rk = TestPki.keys();
    KeyPair ik = TestPki.keys();
    KeyPair rekeyed = TestPki.keys();
    KeyPair lk = TestPki.keys();
    X509Certificate root = TestPki.certWithIds("CN=Root", rk, "CN=Root", rk, 1, 1, ID_A, ID_A);
    X509Certificate inter = TestPki.certWithIds("CN=Inter", ik, "CN=Root", rk, 0, 7, ID_B, ID_A);
    X509Certificate leaf = TestPki.certWithIds("CN=Leaf", lk, "CN=Inter", ik, -1, 9, null, ID_B);
    TrustAnchor a = new TrustAnchor(VendorRoot.INTEL_SGX_ROOT_CA, root);
    verifier.verify(List.of(leaf, inter), a, AT, List.of());
    // a re-keyed CA of the same name: refused by key identifier before any signature is tried
    X509Certificate sameName =
        TestPki.certWithIds(
            "CN=Inter",
            rekeyed,
            "CN=Root",
            rk,
            0,
            8,
            Bytes.fromHex("0c".repeat(20)).toArray(),
            ID_A);
    expect(
        () -> verifier.verify(List.of(leaf, sameName), a, AT, List.of()),
        Reason.ISSUER_MISMATCH,
        0);
    // without identifiers on either side, names link and the signature decides
    X509Certificate bare =
        TestPki.certWithIds("CN=Inter", rekeyed, "CN=Root", rk, 0, 8, null, ID_A);
    expect(
        () -> verifier.verify(List.of(leaf, bare), a, AT, List.of()), Reason.SIGNATURE_INVALID, 0);
  }

  @Test
  void anAnchorMustBeSelfIssuedAndSelfSigned() throws Exception {
    KeyPair rk = TestPki.keys();
    KeyPair other = TestPki.keys();
    assertThatThrownBy(
            () ->
                new TrustAnchor(
                    VendorRoot.INTEL_SGX_ROOT_CA,
                    TestPki.cert("CN=Root", rk, "CN=Up", other, 1, 1)))
        .isInstanceOfSatisfying(
            PkiException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ISSUER_MISMATCH));
    assertThatThrownBy(
            () ->
                new TrustAnchor(
                    VendorRoot.INTEL_SGX_ROOT_CA,
                    TestPki.cert("CN=Root", rk, "CN=Root", other, 1, 1)))
        .isInstanceOfSatisfying(
            PkiException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID));
  }

  private static void expect(ThrowingCallable call, Reason reason, int link) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            PkiException.class,
            e -> {
              assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
              assertThat(e.link()).as(e.getMessage()).isEqualTo(link);
            });
  }
}
