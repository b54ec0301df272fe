package io.dooor.attestation.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.attestation.pki.PkiException.Reason;
import io.dooor.common.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class CertificateChainVerifierTest {
  private static final Instant SNP_TIME = Instant.parse("2026-07-26T05:58:26Z");
  private final CertificateChainVerifier verifier = CertificateChainVerifier.create();

  private static List<X509Certificate> milanVcekChain() throws Exception {
    Path d = PkiVectors.root().resolve("attestation/snp/trustee-milan-vcek");
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(Certificates.parseDer(Bytes.of(Files.readAllBytes(d.resolve("test-vcek.der")))));
    chain.addAll(Certificates.parsePem(Files.readString(d.resolve("ask_ark_milan.pem"))));
    return chain;
  }

  @Test
  void amdMilanVcekChainVerifiesWithRsaPss() throws Exception {
    TrustAnchor ark = PkiVectors.anchors().anchor(VendorRoot.AMD_ARK_MILAN);
    VerifiedChain v = verifier.verify(milanVcekChain(), ark, SNP_TIME, List.of());
    assertThat(v.certificates()).hasSize(3);
    assertThat(v.validUntil()).isEqualTo(Instant.parse("2030-01-24T17:58:26Z"));
    // the anchor may be left out of the presented chain
    assertThat(verifier.verify(milanVcekChain().subList(0, 2), ark, SNP_TIME, List.of()).digest())
        .isEqualTo(v.digest());
  }

  @Test
  void aSignatureBitStringClaimingUnusedBitsIsRefusedAtParse() throws Exception {
    Path d = PkiVectors.root().resolve("attestation/snp/trustee-milan-vcek");
    byte[] der = Files.readAllBytes(d.resolve("test-vcek.der"));
    Certificates.parseDer(Bytes.of(der));
    // the signature is the certificate's last element: a BIT STRING whose first content byte is
    // the unused-bits count; for RSA-PSS-4096 it starts 512 + 1 bytes before the end
    int unusedBits = der.length - 513;
    assertThat(der[unusedBits]).isZero();
    assertThat(der[unusedBits - 4]).isEqualTo((byte) 0x03); // 03 82 02 01 00
    byte[] bad = der.clone();
    bad[unusedBits] = 1;
    assertThatThrownBy(() -> Certificates.parseDer(Bytes.of(bad)))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("signature BIT STRING does not hold whole octets");
  }

  @Test
  void validityWindowIsEnforcedPerLink() throws Exception {
    TrustAnchor ark = PkiVectors.anchors().anchor(VendorRoot.AMD_ARK_MILAN);
    List<X509Certificate> c = milanVcekChain();
    expect(
        () -> verifier.verify(c, ark, Instant.parse("2031-01-01T00:00:00Z"), List.of()),
        Reason.EXPIRED,
        0);
    expect(
        () -> verifier.verify(c, ark, Instant.parse("2021-01-01T00:00:00Z"), List.of()),
        Reason.NOT_YET_VALID,
        0);
  }

  @Test
  void wrongAnchorBreaksTheLinkage() throws Exception {
    TrustAnchor genoa = PkiVectors.anchors().anchor(VendorRoot.AMD_ARK_GENOA);
    expect(
        () -> verifier.verify(milanVcekChain().subList(0, 2), genoa, SNP_TIME, List.of()),
        Reason.ISSUER_MISMATCH,
        1);
  }

  @Test
  void intelRootCrlIsCheckedForThePlatformCa() throws Exception {
    Path d = PkiVectors.root().resolve("attestation/tdx/trustee-tdx-v4-debug-td");
    List<X509Certificate> chain =
        Certificates.parsePem(Files.readString(d.resolve("pckCrlIssuerChain.pem")));
    X509CRL rootCrl = Certificates.parseCrl(Bytes.of(Files.readAllBytes(d.resolve("rootcrl.der"))));
    TrustAnchor root = PkiVectors.anchors().anchor(VendorRoot.INTEL_SGX_ROOT_CA);
    Instant at = Instant.parse("2023-06-28T08:03:58Z");
    VerifiedChain v = verifier.verify(chain, root, at, List.of(rootCrl));
    assertThat(v.validUntil()).isEqualTo(Instant.parse("2024-04-02T10:22:51Z"));
    expect(
        () -> verifier.verify(chain, root, Instant.parse("2024-05-01T00:00:00Z"), List.of(rootCrl)),
        Reason.CRL_INVALID,
        0);
  }

  @Test
  void revokedIntermediateNotACaAndForgedCrlAreRefused() throws Exception {
    KeyPair rk = TestPki.keys();
    KeyPair ik = TestPki.keys();
    KeyPair lk = TestPki.keys();
    X509Certificate root = TestPki.cert("CN=Root", rk, "CN=Root", rk, 1, 1);
    X509Certificate inter = TestPki.cert("CN=Inter", ik, "CN=Root", rk, 0, 7);
    X509Certificate leaf = TestPki.cert("CN=Leaf", lk, "CN=Inter", ik, -1, 9);
    TrustAnchor a = new TrustAnchor(VendorRoot.INTEL_SGX_ROOT_CA, root);
    Instant at = TestPki.T0.plusSeconds(3600);
    Instant next = TestPki.T0.plusSeconds(86_400);
    verifier.verify(List.of(leaf, inter), a, at, List.of(TestPki.crl("CN=Root", rk, next)));
    expect(
        () ->
            verifier.verify(
                List.of(leaf, inter), a, at, List.of(TestPki.crl("CN=Root", rk, next, 7))),
        Reason.REVOKED,
        1);
    expect(
        () ->
            verifier.verify(List.of(leaf, inter), a, at, List.of(TestPki.crl("CN=Root", ik, next))),
        Reason.CRL_INVALID,
        1);
    X509Certificate wideRoot = TestPki.cert("CN=Root", rk, "CN=Root", rk, 5, 1);
    X509Certificate wideInter = TestPki.cert("CN=Inter", ik, "CN=Root", rk, 5, 8);
    TrustAnchor wide = new TrustAnchor(VendorRoot.INTEL_SGX_ROOT_CA, wideRoot);
    X509Certificate leafAsIssuer = TestPki.cert("CN=X", rk, "CN=Leaf", lk, -1, 10);
    expect(
        () -> verifier.verify(List.of(leafAsIssuer, leaf, wideInter), wide, at, List.of()),
        Reason.NOT_A_CA,
        0);
    expect(
        () -> verifier.verify(List.of(leafAsIssuer, leaf, inter), a, at, List.of()),
        Reason.PATH_LENGTH_EXCEEDED,
        2);
    X509Certificate forged = TestPki.cert("CN=Leaf", lk, "CN=Inter", rk, -1, 9);
    expect(
        () -> verifier.verify(List.of(forged, inter), a, at, List.of()),
        Reason.SIGNATURE_INVALID,
        0);
  }

  @Test
  void cachedVerifierReusesOnlyInsideTheWindow() throws Exception {
    CertificateChainVerifier cached = CertificateChainVerifier.cached(16);
    TrustAnchor ark = PkiVectors.anchors().anchor(VendorRoot.AMD_ARK_MILAN);
    VerifiedChain first = cached.verify(milanVcekChain(), ark, SNP_TIME, List.of());
    assertThat(cached.verify(milanVcekChain(), ark, SNP_TIME, List.of())).isSameAs(first);
    expect(
        () ->
            cached.verify(milanVcekChain(), ark, Instant.parse("2031-01-01T00:00:00Z"), List.of()),
        Reason.EXPIRED,
        0);
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
