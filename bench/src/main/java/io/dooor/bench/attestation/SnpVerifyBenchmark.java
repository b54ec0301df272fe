package io.dooor.bench.attestation;

import io.dooor.attestation.pki.EcdsaVerifier;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.attestation.snp.SnpEvidenceVerifier;
import io.dooor.attestation.snp.SnpReport;
import io.dooor.attestation.snp.SnpReportParser;
import io.dooor.attestation.snp.TrustFolderSnpCollateral;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.VerifiedEvidence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SEV-SNP report verification (trustee-milan-vcek sample, report + appended VCEK) with the
 * VCEK/ASK/ARK chain already verified and cached: parse, VCEK extensions, P-384 signature, chip id
 * and TCB. Also the bare P-384 signature check for comparison. Vectors from the system property
 * dooor.vectors (default ../shared/vectors).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SnpVerifyBenchmark {
  private SnpEvidenceVerifier verifier;
  private Bytes evidence;
  private Instant at;
  private EcdsaVerifier vcekKey;
  private SnpReport report;

  @Setup
  public void setup() throws Exception {
    Path vectors = Path.of(System.getProperty("dooor.vectors", "../shared/vectors"));
    Path d = vectors.resolve("attestation/snp/trustee-milan-vcek");
    TrustAnchors anchors = TrustAnchors.load(vectors.resolve("attestation/roots"));
    verifier = new SnpEvidenceVerifier(anchors, new TrustFolderSnpCollateral(anchors, List.of()));
    byte[] r = Files.readAllBytes(d.resolve("test-report.bin"));
    byte[] c = Files.readAllBytes(d.resolve("test-vcek.der"));
    byte[] all = new byte[r.length + c.length];
    System.arraycopy(r, 0, all, 0, r.length);
    System.arraycopy(c, 0, all, r.length, c.length);
    evidence = Bytes.of(all);
    at = Instant.parse("2026-07-26T05:58:26Z");
    VerifiedEvidence warm = verifier.verify(TeeType.SNP, evidence, at);
    if (!warm.tcbStatus().equals("UpToDate")) {
      throw new IllegalStateException("sample did not verify");
    }
    report = SnpReportParser.parseEvidence(evidence).report();
    vcekKey =
        EcdsaVerifier.of(
            SnpReportParser.parseEvidence(evidence).certificates().get(0).getPublicKey());
  }

  @Benchmark
  public VerifiedEvidence verifyCachedChain() throws Exception {
    return verifier.verify(TeeType.SNP, evidence, at);
  }

  @Benchmark
  public EcdsaVerifier p384SignatureOnly() throws Exception {
    vcekKey.verifyLittleEndian(report.signedBytes(), report.signatureR(), report.signatureS());
    return vcekKey;
  }
}
