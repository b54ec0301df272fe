package io.dooor.attestation.amd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dooor.attestation.pki.PkiVectors;
import io.dooor.attestation.pki.SampleManifest;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.attestation.snp.SnpEvidenceVerifier;
import io.dooor.attestation.snp.SnpProduct;
import io.dooor.attestation.snp.SnpReport;
import io.dooor.attestation.snp.TcbVersion;
import io.dooor.core.Bytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.VerifiedEvidence;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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
}
