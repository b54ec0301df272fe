package io.dooor.attestation.intel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dooor.attestation.dcap.DcapEvidenceVerifier;
import io.dooor.attestation.dcap.VerifiedQuote;
import io.dooor.attestation.intel.CollateralRequest.PckCa;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PCS/PCCS source against a local PCCS ({@link PccsFixture}) serving the real Intel PCS
 * response bodies and issuer-chain headers of the trustee-tdx-v4-debug-td sample.
 */
class PcsCollateralSourceTest {
  private static final Instant AT = Instant.parse("2023-06-28T08:03:58Z");
  private static final Bytes FMSPC = Bytes.fromHex("50806f000000");
  private PccsFixture pccs;
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
    pccs = PccsFixture.start(dir, FMSPC);
  }

  @AfterEach
  void stop() {
    if (pccs != null) {
      pccs.close();
    }
  }

  private PcsCollateralSource source(CollateralFreshnessPolicy policy) {
    return PcsCollateralSource.pccs(HttpClient.newHttpClient(), pccs.base(), policy, clock);
  }

  private static CollateralRequest request(Bytes fmspc) {
    return new CollateralRequest(true, fmspc, PckCa.PLATFORM);
  }

  private int totalHits() {
    return pccs.totalHits();
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
    pccs.failing(true);
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
    pccs.failing(true);
    clock.now = Instant.parse("2023-07-08T07:00:00Z"); // within refreshAhead of QE nextUpdate
    pcs.collateral(request(FMSPC));
    int failed = totalHits();
    pccs.failing(false);
    clock.now = clock.now.plusSeconds(11);
    pcs.collateral(request(FMSPC));
    assertTrue(totalHits() > failed, "asks again once the interval has passed");
  }

  @Test
  void theVersionChangesOnlyWhenARefetchServesOtherCollateral() throws Exception {
    PcsCollateralSource pcs = source(CollateralFreshnessPolicy.defaults());
    String before = pcs.version();
    pcs.collateral(request(FMSPC));
    assertEquals(before, pcs.version(), "a first fetch replaces nothing");
    clock.now = Instant.parse("2023-07-08T07:00:00Z"); // within refreshAhead of QE nextUpdate
    pcs.collateral(request(FMSPC));
    assertTrue(totalHits() > 4, "refetched");
    assertEquals(before, pcs.version(), "the same bytes again: the same collateral");
    assertTrue(
        !before.equals(source(CollateralFreshnessPolicy.defaults()).version()),
        "another source (an empty cache, e.g. after a restart) has another version");
    assertEquals(
        OfflineCollateralBundle.load(List.of(dir)).version(),
        OfflineCollateralBundle.load(List.of(dir)).version(),
        "an offline bundle's version is its content");
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
