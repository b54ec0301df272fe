package io.dooor.bench.attestation;

import io.dooor.attestation.nitro.NitroEvidenceVerifier;
import io.dooor.attestation.pki.TrustAnchors;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import io.dooor.core.port.VerifiedEvidence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Nitro attestation document verification (eternis-example-attestation) with the cabundle chain
 * already verified and cached: COSE/CBOR parse, certificate decoding, ES384 signature, timestamp.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NitroVerifyBenchmark {
  private NitroEvidenceVerifier verifier;
  private Bytes evidence;
  private Instant at;

  @Setup
  public void setup() throws Exception {
    Path vectors = Path.of(System.getProperty("dooor.vectors", "../shared/vectors"));
    Path d = vectors.resolve("attestation/nitro/eternis-example-attestation");
    verifier = new NitroEvidenceVerifier(TrustAnchors.load(vectors.resolve("attestation/roots")));
    String b64 =
        new String(Files.readAllBytes(d.resolve("example_attestation")), StandardCharsets.US_ASCII);
    evidence = Bytes.fromBase64(b64.trim());
    at = Instant.parse("2024-09-09T21:19:10Z");
    verifier.verify(TeeType.NITRO, evidence, at);
  }

  @Benchmark
  public VerifiedEvidence verifyCachedChain() throws Exception {
    return verifier.verify(TeeType.NITRO, evidence, at);
  }
}
