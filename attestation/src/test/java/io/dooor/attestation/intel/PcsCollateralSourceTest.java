package io.dooor.attestation.intel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dooor.attestation.dcap.DcapEvidenceVerifier;
import io.dooor.attestation.dcap.VerifiedQuote;
import io.dooor.attestation.intel.CollateralRequest.PckCa;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.core.Bytes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PCS/PCCS source against a local HTTP server (127.0.0.1) serving the real Intel PCS response
 * bodies and issuer-chain headers of the trustee-tdx-v4-debug-td sample.
 */
class PcsCollateralSourceTest {
  private static final Instant AT = Instant.parse("2023-06-28T08:03:58Z");
  private static final Bytes FMSPC = Bytes.fromHex("50806f000000");
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private volatile boolean failing;
  private HttpServer server;
  private Path dir;
  private MutableClock clock;

  static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @BeforeEach
  void start() throws IOException {
    Path root = Path.of(System.getProperty("dooor.vectors", "../../shared/vectors"));
    dir = root.resolve("attestation/tdx/trustee-tdx-v4-debug-td");
    assumeTrue(Files.isDirectory(dir), "PCS source suite skipped: no vectors at " + dir);
    clock = new MutableClock(AT);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    serve(
        "/tdx/certification/v4/tcb",
        "sample_tcbInfo_response",
        "TCB-Info-Issuer-Chain",
        "tcbInfoIssuerChain.pem",
        false);
    serve(
        "/tdx/certification/v4/qe/identity",
        "sample_qeIdentity_response",
        "SGX-Enclave-Identity-Issuer-Chain",
        "qeIdentityIssuerChain.pem",
        false);
    serve(
        "/sgx/certification/v4/pckcrl",
        "pckcrl",
        "SGX-PCK-CRL-Issuer-Chain",
        "pckCrlIssuerChain.pem",
        false);
    serve("/sgx/certification/v4/rootcacrl", "rootcrl.der", null, null, true);
    server.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private void serve(String path, String file, String header, String chainFile, boolean hex) {
    server.createContext(
        path,
        ex -> {
          hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          String query = Optional.ofNullable(ex.getRequestURI().getQuery()).orElse("");
          if (failing) {
            reply(ex, 503, new byte[0]);
          } else if (path.endsWith("/tcb") && !query.contains("fmspc=" + FMSPC.hex())) {
            reply(ex, 404, new byte[0]);
          } else {
            if (header != null) {
              String pem = Files.readString(dir.resolve(chainFile), StandardCharsets.US_ASCII);
              ex.getResponseHeaders().add(header, URLEncoder.encode(pem, StandardCharsets.UTF_8));
            }
            byte[] body = Files.readAllBytes(dir.resolve(file));
            reply(
                ex,
                200,
                hex ? HexFormat.of().formatHex(body).getBytes(StandardCharsets.US_ASCII) : body);
          }
        });
  }

  private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(body);
    }
  }

  private PcsCollateralSource source(CollateralFreshnessPolicy policy) {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return PcsCollateralSource.pccs(HttpClient.newHttpClient(), base, policy, clock);
  }

  private static CollateralRequest request(Bytes fmspc) {
    return new CollateralRequest(true, fmspc, PckCa.PLATFORM);
  }

  private int totalHits() {
    return hits.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Test
  void fetchedCollateralVerifiesTheSampleAndEqualsTheOfflineBundle() throws Exception {
    PcsCollateralSource pcs = source(CollateralFreshnessPolicy.defaults());
    TrustAnchors anchors = TrustAnchors.load(dir.resolve("../../roots").normalize());
    Bytes quote = Bytes.of(Files.readAllBytes(dir.resolve("tdx_quote_4.dat")));
    VerifiedQuote v = new DcapEvidenceVerifier(pcs, anchors).verifyQuote(quote, AT);
    assertEquals(TcbStatus.UP_TO_DATE, v.tcbStatus());
    assertTrue(v.debug());
    IntelCollateral offline = OfflineCollateralBundle.load(List.of(dir)).collateral(request(FMSPC));
    assertEquals(offline.digests(), pcs.collateral(request(FMSPC)).digests());
  }

  @Test
  void servesFromCacheUntilNextUpdateIsNear() throws Exception {
    PcsCollateralSource pcs = source(CollateralFreshnessPolicy.defaults());
    IntelCollateral first = pcs.collateral(request(FMSPC));
    assertEquals(4, totalHits());
    clock.now = AT.plus(Duration.ofDays(5));
    assertEquals(first, pcs.collateral(request(FMSPC)));
    assertEquals(4, totalHits(), "no request while every item is fresh");
  }

  @Test
  void shieldsTheVendorAndServesStaleButValidCollateral() throws Exception {
    CollateralFreshnessPolicy policy =
        new CollateralFreshnessPolicy(
            Duration.ofDays(3), Optional.empty(), Duration.ofHours(1), Duration.ofSeconds(10));
    PcsCollateralSource pcs = source(policy);
    IntelCollateral first = pcs.collateral(request(FMSPC));
    failing = true;
    clock.now = Instant.parse("2023-07-09T00:00:00Z"); // QE identity's nextUpdate has passed
    assertEquals(first, pcs.collateral(request(FMSPC)), "stale within grace is served");
    int afterRefresh = totalHits();
    for (int i = 0; i < 50; i++) {
      pcs.collateral(request(FMSPC));
    }
    assertEquals(afterRefresh, totalHits(), "a burst asks the vendor nothing more");
    clock.now = Instant.parse("2023-07-12T00:00:00Z"); // beyond nextUpdate + 3 days
    CollateralException e =
        assertThrows(CollateralException.class, () -> pcs.collateral(request(FMSPC)));
    assertEquals(CollateralException.Reason.STALE, e.reason());
  }

  @Test
  void refetchesAfterTheMinimumIntervalAndRecovers() throws Exception {
    PcsCollateralSource pcs = source(CollateralFreshnessPolicy.defaults());
    pcs.collateral(request(FMSPC));
    failing = true;
    clock.now = Instant.parse("2023-07-08T07:00:00Z"); // within refreshAhead of QE nextUpdate
    pcs.collateral(request(FMSPC));
    int failed = totalHits();
    failing = false;
    clock.now = clock.now.plusSeconds(11);
    pcs.collateral(request(FMSPC));
    assertTrue(totalHits() > failed, "asks again once the interval has passed");
  }

  @Test
  void unknownPlatformIsNotFound() {
    PcsCollateralSource pcs = source(CollateralFreshnessPolicy.defaults());
    CollateralException e =
        assertThrows(
            CollateralException.class,
            () -> pcs.collateral(request(Bytes.fromHex("00906ed50000"))));
    assertEquals(CollateralException.Reason.NOT_FOUND, e.reason());
  }
}
