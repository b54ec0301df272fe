package io.dooor.attestation.amd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dooor.attestation.pki.Certificates;
import io.dooor.attestation.pki.PkiVectors;
import io.dooor.attestation.pki.SampleManifest;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.attestation.snp.SnpEvidenceVerifier;
import io.dooor.attestation.snp.SnpProduct;
import io.dooor.attestation.snp.SnpReport;
import io.dooor.attestation.snp.TcbVersion;
import io.dooor.attestation.snp.TrustFolderSnpCollateral;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.VerifiedEvidence;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KDS source against a local HTTP server on 127.0.0.1 serving the real vector files. */
class KdsCollateralSourceTest {
  private static final String CHIP =
      "c38427a30d4c7af9d96f7a15b97269825a64cb76a2352ffd5d18115d89ad473f8e8c0bcd9a5d9286612bad4aadfb4426205a3b9e4fea82301135a170e477524e";
  private static final String VCEK_PATH =
      "/vcek/v1/Milan/" + CHIP + "?blSPL=3&teeSPL=0&snpSPL=8&ucodeSPL=115";

  private HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final AtomicInteger hits = new AtomicInteger();
  private SampleManifest sample;

  @BeforeEach
  void start() throws Exception {
    sample =
        SampleManifest.all("snp").stream()
            .filter(s -> s.name().equals("trustee-milan-vcek"))
            .findFirst()
            .orElseThrow();
    files.put(VCEK_PATH, sample.read("test-vcek.der"));
    files.put("/vcek/v1/Milan/cert_chain", sample.read("ask_ark_milan.pem"));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::serve);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void serve(HttpExchange ex) throws IOException {
    hits.incrementAndGet();
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    byte[] body = files.get(ex.getRequestURI().toString());
    ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
    if (body != null) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }

  private KdsCollateralSource source(KdsPolicy policy) {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return new KdsCollateralSource(base, policy, Clock.systemUTC());
  }

  private static KdsPolicy fast() {
    return KdsPolicy.defaults().withMinRequestInterval(Duration.ZERO);
  }

  @Test
  void reportWithoutCertificateVerifiesThroughKdsAndIsCached() throws Exception {
    TrustAnchors anchors = PkiVectors.anchors();
    KdsCollateralSource kds = source(fast());
    SnpEvidenceVerifier v = new SnpEvidenceVerifier(anchors, kds);
    Bytes report = Bytes.of(sample.read("test-report.bin"));
    VerifiedEvidence e = v.verify(TeeType.SNP, report, sample.verificationTime());
    assertThat(e.tcbStatus()).isEqualTo("UpToDate");
    assertThat(e.platformId()).isEqualTo("snp:" + CHIP);
    long after = kds.requestsSent();
    assertThat(after).isEqualTo(3); // VCEK, cert_chain, crl (404: none published here)
    v.verify(TeeType.SNP, report, sample.verificationTime());
    assertThat(kds.requestsSent()).isEqualTo(after);
  }

  @Test
  void concurrentRequestsForOneVcekShareOneFetch() throws Exception {
    KdsCollateralSource kds = source(fast());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> fs = new ArrayList<>();
    TcbVersion tcb = TcbVersion.decode(0x7308000000000003L, SnpProduct.MILAN);
    for (int i = 0; i < 8; i++) {
      fs.add(pool.submit(() -> kds.vcek(SnpProduct.MILAN, Bytes.fromHex(CHIP), tcb)));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    assertThat(hits.get()).isEqualTo(1);
  }

  @Test
  void pacingRefusesABurstBeyondTheBudget() throws Exception {
    KdsPolicy strict = KdsPolicy.defaults();
    strict =
        new KdsPolicy(
            Duration.ofSeconds(10),
            Duration.ZERO,
            strict.chainMaxAge(),
            strict.crlRefreshAfter(),
            strict.crlStaleGrace(),
            strict.negativeTtl(),
            strict.timeout());
    KdsCollateralSource kds = source(strict);
    kds.intermediates(SnpProduct.MILAN, SnpReport.SigningKey.VCEK);
    assertThatThrownBy(() -> kds.intermediates(SnpProduct.GENOA, SnpReport.SigningKey.VCEK))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("rate limit");
    assertThat(hits.get()).isEqualTo(1);
  }

  @Test
  void garbageIsRefusedAndNotCached() throws Exception {
    files.put("/vcek/v1/Milan/cert_chain", "not a pem".getBytes(StandardCharsets.US_ASCII));
    KdsCollateralSource kds = source(fast());
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> kds.intermediates(SnpProduct.MILAN, SnpReport.SigningKey.VCEK))
          .isInstanceOfSatisfying(
              EvidenceException.class,
              e -> assertThat(e.reason()).isEqualTo(EvidenceException.Reason.COLLATERAL_INVALID));
    }
    assertThat(hits.get()).isEqualTo(2);
  }

  @Test
  void notFoundIsRememberedAndTurinPathsUseFmcAndEightByteHwid() throws Exception {
    KdsCollateralSource kds = source(fast());
    TcbVersion tcb = TcbVersion.decode(0x7308000000000003L, SnpProduct.MILAN);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> kds.vcek(SnpProduct.GENOA, Bytes.fromHex(CHIP), tcb))
          .hasMessageContaining("404");
    }
    assertThat(hits.get()).isEqualTo(1);
    TcbVersion turin = TcbVersion.decode(0x4800000004030201L, SnpProduct.TURIN);
    assertThat(KdsCollateralSource.vcekPath(SnpProduct.TURIN, Bytes.fromHex(CHIP), turin))
        .isEqualTo(
            "/vcek/v1/Turin/c38427a30d4c7af9?fmcSPL=1&blSPL=2&teeSPL=3&snpSPL=4&ucodeSPL=72");
  }

  /** The Intel SGX Root CA CRL (real, DER) from the TDX samples: a CRL of another vendor's PKI. */
  private static byte[] intelRootCrl() throws IOException {
    return Files.readAllBytes(
        PkiVectors.root()
            .resolve("attestation/tdx/go-tdx-guest-v4-spr-e4-no-matching-tcb/rootcrl.der"));
  }

  /** A CRL that names the Milan ARK as issuer but is signed by another (P-256) key. */
  private static byte[] forgedArkCrl(X509Certificate ark, Instant at) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair other = g.generateKeyPair();
    X509v2CRLBuilder b =
        new X509v2CRLBuilder(
            X500Name.getInstance(ark.getSubjectX500Principal().getEncoded()),
            Date.from(at.minus(Duration.ofDays(1))));
    b.setNextUpdate(Date.from(at.plus(Duration.ofDays(1))));
    ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(other.getPrivate());
    return b.build(signer).getEncoded();
  }

  private static EvidenceException refusal(SnpEvidenceVerifier v, Bytes report, Instant at) {
    try {
      v.verify(TeeType.SNP, report, at);
    } catch (EvidenceException e) {
      return e;
    }
    throw new AssertionError("the report was accepted with a CRL that is not the ARK's");
  }

  @Test
  void aKdsCrlOfAnotherIssuerIsRefusedNotIgnored() throws Exception {
    files.put("/vcek/v1/Milan/crl", intelRootCrl());
    KdsCollateralSource kds = source(fast());
    SnpEvidenceVerifier v = new SnpEvidenceVerifier(PkiVectors.anchors(), kds);
    EvidenceException e =
        refusal(v, Bytes.of(sample.read("test-report.bin")), sample.verificationTime());
    assertThat(e.reason()).isEqualTo(EvidenceException.Reason.COLLATERAL_INVALID);
    assertThat(e.failedChecks()).containsExactly("crl");
    assertThat(e.getMessage()).contains("covers no certificate of the chain");
  }

  @Test
  void aKdsCrlNamingTheArkButNotSignedByItIsRefused() throws Exception {
    TrustAnchors anchors = PkiVectors.anchors();
    X509Certificate ark = anchors.anchor(SnpProduct.MILAN.ark()).certificate();
    files.put("/vcek/v1/Milan/crl", forgedArkCrl(ark, sample.verificationTime()));
    KdsCollateralSource kds = source(fast());
    SnpEvidenceVerifier v = new SnpEvidenceVerifier(anchors, kds);
    EvidenceException e =
        refusal(v, Bytes.of(sample.read("test-report.bin")), sample.verificationTime());
    assertThat(e.reason()).isEqualTo(EvidenceException.Reason.COLLATERAL_INVALID);
    assertThat(e.failedChecks()).containsExactly("crl");
    assertThat(e.getMessage()).contains("CRL signature");
  }

  @Test
  void offlineCrlsGoThroughTheSameStrictPath() throws Exception {
    TrustAnchors anchors = PkiVectors.anchors();
    X509Certificate ark = anchors.anchor(SnpProduct.MILAN.ark()).certificate();
    Bytes evidence = snpEvidence();
    for (byte[] crl : List.of(intelRootCrl(), forgedArkCrl(ark, sample.verificationTime()))) {
      SnpEvidenceVerifier v =
          new SnpEvidenceVerifier(
              anchors,
              new TrustFolderSnpCollateral(
                  anchors, List.of(Certificates.parseCrlDer(Bytes.of(crl)))));
      EvidenceException e = refusal(v, evidence, sample.verificationTime());
      assertThat(e.failedChecks()).containsExactly("crl");
    }
    // and without a CRL the same evidence verifies
    SnpEvidenceVerifier none =
        new SnpEvidenceVerifier(anchors, new TrustFolderSnpCollateral(anchors, List.of()));
    assertThat(none.verify(TeeType.SNP, evidence, sample.verificationTime()).tcbStatus())
        .isEqualTo("UpToDate");
  }

  /** The report followed by its VCEK, as a node presents it. */
  private Bytes snpEvidence() throws IOException {
    byte[] r = sample.read("test-report.bin");
    byte[] c = sample.read("test-vcek.der");
    byte[] all = new byte[r.length + c.length];
    System.arraycopy(r, 0, all, 0, r.length);
    System.arraycopy(c, 0, all, r.length, c.length);
    return Bytes.of(all);
  }
}
