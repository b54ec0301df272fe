package io.dooor.bench.attestation;

import io.dooor.attestation.dcap.DcapEvidenceVerifier;
import io.dooor.attestation.dcap.DcapQuote;
import io.dooor.attestation.dcap.DcapQuoteParser;
import io.dooor.attestation.intel.OfflineCollateralBundle;
import io.dooor.attestation.pki.DecodeMemo;
import io.dooor.attestation.pki.EcdsaVerifier;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.bench.CpuTimes;
import io.dooor.bench.CpuTimes.Op;
import io.dooor.common.Bytes;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * CPU time (not wall time) per DCAP verification of dcap-qvl-tdx-v4-uptodate, the same work as
 * {@link DcapVerifyBenchmark}: "cold" (a new verifier per call: every collateral signature, chain
 * and CRL checked), "first sight" (cold with the process-wide decoding memos emptied first, so
 * every certificate, CRL, PEM chain and key is decoded again) and "cached". Each round runs {@code
 * cold} cold calls, as many first-sight calls, {@code cached} cached calls, then as many single
 * ECDSA P-256 verifications (the quote signature: the unit of the 9 that a cold call must do), and
 * prints each round's p50 and p90 thread CPU time; CPU time does not count waiting for a core, so
 * on a shared machine it estimates the unloaded single-thread cost. Run: {@code java
 * -Ddooor.vectors=/work/shared/vectors -cp benchmarks.jar io.dooor.bench.attestation.DcapCpuCost
 * [rounds] [cold] [cached]}.
 */
public final class DcapCpuCost {
  private static final Instant AT = Instant.parse("2025-07-04T10:16:31Z");

  private DcapCpuCost() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int coldRuns = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int cachedRuns = args.length > 2 ? Integer.parseInt(args[2]) : 4000;
    Path root = Path.of(System.getProperty("dooor.vectors", "../shared/vectors"), "attestation");
    Path sample = root.resolve("tdx/dcap-qvl-tdx-v4-uptodate");
    Bytes quote = Bytes.of(Files.readAllBytes(sample.resolve("tdx_quote")));
    OfflineCollateralBundle collateral = OfflineCollateralBundle.load(List.of(sample));
    TrustAnchors anchors = TrustAnchors.load(root.resolve("roots"));
    DcapEvidenceVerifier warm = new DcapEvidenceVerifier(collateral, anchors);
    DcapQuote q = DcapQuoteParser.parse(quote);
    EcdsaVerifier ak =
        EcdsaVerifier.fromRawPoint(EcdsaVerifier.Curve.P256, q.signatureData().attestationKey());
    Op p256 =
        () -> {
          ak.verifyP1363(q.signedRegion(), q.signatureData().quoteSignature());
          return ak;
        };
    for (int r = 1; r <= rounds; r++) {
      String cold =
          measure(
              coldRuns, () -> new DcapEvidenceVerifier(collateral, anchors).verifyQuote(quote, AT));
      String first =
          measure(
              coldRuns,
              () -> {
                DecodeMemo.clearAll();
                return new DcapEvidenceVerifier(collateral, anchors).verifyQuote(quote, AT);
              });
      String cached = measure(cachedRuns, () -> warm.verifyQuote(quote, AT));
      String one = measure(cachedRuns, p256);
      System.out.printf(
          Locale.ROOT,
          "round %d  cold %s   first sight %s   cached %s   one P-256 verify %s   load %.2f%n",
          r,
          cold,
          first,
          cached,
          one,
          load());
    }
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String measure(int runs, Op op) throws Exception {
    long[] cpu = CpuTimes.sorted(runs, op);
    return String.format(
        Locale.ROOT,
        "p50 %7.1f us p90 %7.1f us",
        cpu[runs / 2] / 1000.0,
        cpu[runs * 9 / 10] / 1000.0);
  }
}
