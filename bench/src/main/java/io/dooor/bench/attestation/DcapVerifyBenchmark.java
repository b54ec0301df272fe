package io.dooor.bench.attestation;

import io.dooor.attestation.dcap.DcapEvidenceVerifier;
import io.dooor.attestation.dcap.VerifiedQuote;
import io.dooor.attestation.intel.CollateralException;
import io.dooor.attestation.intel.OfflineCollateralBundle;
import io.dooor.attestation.pki.DecodeMemo;
import io.dooor.attestation.pki.PkiException;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Full Intel TDX v4 verification of dcap-qvl-tdx-v4-uptodate (the quote and collateral dcap-qvl's
 * own tests use) at its verification_time. "cached": collateral and PCK chain already verified (the
 * steady state of a control plane); "cold": a fresh verifier per call, so every collateral
 * signature, chain and CRL is checked: each distinct signature once per call (9 P-256
 * verifications), the pinned root's self-signature once when the trust folder was loaded (see
 * bench/results/attestation-dcap-cold.md); decodings of bytes seen before (certificates, CRLs, PEM
 * chains, keys) come from the process-wide {@link DecodeMemo}s; "coldFirstSight": cold with those
 * memos emptied first (bench/results/attestation-session3.md). Vectors from -Ddooor.vectors
 * (default ../shared/vectors).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DcapVerifyBenchmark {
  private static final Instant AT = Instant.parse("2025-07-04T10:16:31Z");
  private Bytes quote;
  private OfflineCollateralBundle collateral;
  private TrustAnchors anchors;
  private DcapEvidenceVerifier warm;

  @Setup(Level.Trial)
  public void load() throws IOException, CollateralException, PkiException {
    Path root = Path.of(System.getProperty("dooor.vectors", "../shared/vectors"), "attestation");
    Path sample = root.resolve("tdx/dcap-qvl-tdx-v4-uptodate");
    quote = Bytes.of(Files.readAllBytes(sample.resolve("tdx_quote")));
    collateral = OfflineCollateralBundle.load(List.of(sample));
    anchors = TrustAnchors.load(root.resolve("roots"));
    warm = new DcapEvidenceVerifier(collateral, anchors);
  }

  @Benchmark
  public VerifiedQuote tdxV4Cached() throws Exception {
    return warm.verifyQuote(quote, AT);
  }

  @Benchmark
  public VerifiedQuote tdxV4Cold() throws Exception {
    return new DcapEvidenceVerifier(collateral, anchors).verifyQuote(quote, AT);
  }

  /**
   * Cold, and with the process-wide decoding memos emptied first ({@link DecodeMemo#clearAll()}),
   * so every certificate, CRL, PEM chain and key is also decoded again: what a quote and collateral
   * never seen by this process cost.
   */
  @Benchmark
  public VerifiedQuote tdxV4ColdFirstSight() throws Exception {
    DecodeMemo.clearAll();
    return new DcapEvidenceVerifier(collateral, anchors).verifyQuote(quote, AT);
  }
}
