package io.dooor.server.keyshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.attestation.AttestationVerifier;
import io.dooor.attestation.pki.PkiVectors;
import io.dooor.attestation.pki.SampleManifest;
import io.dooor.attestation.sim.SimEvidenceVerifier;
import io.dooor.attestation.sim.SimTee;
import io.dooor.attestation.snp.SnpEvidenceVerifier;
import io.dooor.attestation.snp.TrustFolderSnpCollateral;
import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.Policy;
import io.dooor.core.PolicySpec;
import io.dooor.core.Principal;
import io.dooor.core.ReportDataBinding;
import io.dooor.core.TeeType;
import io.dooor.core.port.EvidenceVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The holder policy (and a holder's control-plane policy): sim evidence bound to the nonce and the
 * holder's key passes a sim policy with its measurement; another measurement, another binding,
 * another root, debug, and the production default (which refuses sim) are each refused, naming the
 * failed check; real SNP evidence from the vendor vectors goes through the hardware verifier and is
 * refused for its binding (it was not made for our nonce), and a sim-only policy refuses it before
 * parsing it.
 */
class PeerEvidenceTest {
  private static final Instant NOW = Instant.parse("2026-12-07T23:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Bytes NONCE = Bytes.of(new byte[32]);
  private static final Bytes KEY =
      Bytes.of("public key share 3".getBytes(java.nio.charset.StandardCharsets.UTF_8));

  private final SimTee root = SimTee.generate(CLOCK);
  private final EvidenceVerifier verifier =
      new AttestationVerifier(
          List.of(new SimEvidenceVerifier(root.rootPublicKey(), Duration.ofMinutes(5))));

  private static Policy simPolicy(Bytes measurement, boolean debug) {
    return new PolicySpec(
            "keyshare-holders",
            Set.of(TeeType.SIM),
            Map.of("MEASUREMENT", Set.of(measurement.hex())),
            Map.of(),
            Set.of("NotApplicable"),
            debug,
            Duration.ofSeconds(60),
            Duration.ofSeconds(60))
        .draft(NOW);
  }

  private Bytes evidence(Bytes measurement, Bytes reportData, boolean debug) {
    return root.report(reportData, measurement, Bytes.of(new byte[16]), debug).encode();
  }

  @Test
  void simEvidenceBoundToNonceAndKeyPassesTheHolderPolicy() throws Exception {
    Bytes m = SimControlPlaneTee.HOLDER_MEASUREMENT;
    Bytes bound = ReportDataBinding.expected(NONCE, KEY);
    var v =
        PeerEvidence.judge(
            verifier, simPolicy(m, false), TeeType.SIM, evidence(m, bound, false), bound, NOW);
    assertThat(v.measurements()).containsEntry("MEASUREMENT", m.hex());
  }

  @Test
  void anotherMeasurementIsRefusedNamingIt() {
    Bytes bound = ReportDataBinding.expected(NONCE, KEY);
    Bytes other = Bytes.fromHex("0b".repeat(48));
    assertThatThrownBy(
            () ->
                PeerEvidence.judge(
                    verifier,
                    simPolicy(SimControlPlaneTee.HOLDER_MEASUREMENT, false),
                    TeeType.SIM,
                    evidence(other, bound, false),
                    bound,
                    NOW))
        .isInstanceOfSatisfying(
            ControlPlaneException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.POLICY_REFUSED);
              assertThat(e.failedChecks())
                  .containsExactly(
                      "measurement MEASUREMENT: " + other.hex() + " is not a reference value");
            });
  }

  @Test
  void debugIsRefusedUnlessAllowed() throws Exception {
    Bytes m = SimControlPlaneTee.HOLDER_MEASUREMENT;
    Bytes bound = ReportDataBinding.expected(NONCE, KEY);
    assertThatThrownBy(
            () ->
                PeerEvidence.judge(
                    verifier,
                    simPolicy(m, false),
                    TeeType.SIM,
                    evidence(m, bound, true),
                    bound,
                    NOW))
        .hasMessageContaining("debug");
    PeerEvidence.judge(
        verifier, simPolicy(m, true), TeeType.SIM, evidence(m, bound, true), bound, NOW);
  }

  @Test
  void evidenceForAnotherNonceOrKeyIsABindingMismatch() {
    Bytes m = SimControlPlaneTee.HOLDER_MEASUREMENT;
    Bytes replayed = ReportDataBinding.expected(Bytes.of(new byte[] {1}), KEY);
    Bytes expected = ReportDataBinding.expected(NONCE, KEY);
    assertThatThrownBy(
            () ->
                PeerEvidence.judge(
                    verifier,
                    simPolicy(m, false),
                    TeeType.SIM,
                    evidence(m, replayed, false),
                    expected,
                    NOW))
        .isInstanceOfSatisfying(
            ControlPlaneException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BINDING_MISMATCH));
  }

  @Test
  void evidenceOfAnotherSimRootDoesNotVerify() {
    Bytes m = SimControlPlaneTee.HOLDER_MEASUREMENT;
    Bytes bound = ReportDataBinding.expected(NONCE, KEY);
    Bytes foreign = SimTee.generate(CLOCK).report(bound, m, Bytes.of(new byte[16]), false).encode();
    assertThatThrownBy(
            () ->
                PeerEvidence.judge(verifier, simPolicy(m, false), TeeType.SIM, foreign, bound, NOW))
        .isInstanceOfSatisfying(
            ControlPlaneException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.EVIDENCE_INVALID);
              assertThat(e.failedChecks()).contains("sim_report_signature");
            });
  }

  @Test
  void productionPolicyRefusesSim() {
    Bytes m = SimControlPlaneTee.HOLDER_MEASUREMENT;
    Bytes bound = ReportDataBinding.expected(NONCE, KEY);
    Policy production = Policy.productionDefault("keyshare-holders", Principal.anonymous(), NOW);
    assertThatThrownBy(
            () ->
                PeerEvidence.judge(
                    verifier, production, TeeType.SIM, evidence(m, bound, false), bound, NOW))
        .isInstanceOfSatisfying(
            ControlPlaneException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.POLICY_REFUSED);
              assertThat(e.getMessage()).contains("refuses sim evidence");
              assertThat(e.failedChecks())
                  .containsExactly("tee_type: sim not allowed by policy keyshare-holders v0");
            });
  }

  @Test
  void realSnpEvidenceIsVerifiedByTheHardwareVerifierAndRefusedForItsBinding() throws Exception {
    SampleManifest sample =
        SampleManifest.all("snp").stream()
            .filter(s -> s.valid() && s.policyFailure().isEmpty())
            .findFirst()
            .orElseThrow();
    byte[] report = sample.read(sample.evidenceFile());
    byte[] cert = sample.read(sample.leafFile().orElseThrow());
    byte[] all = new byte[report.length + cert.length];
    System.arraycopy(report, 0, all, 0, report.length);
    System.arraycopy(cert, 0, all, report.length, cert.length);
    var anchors = PkiVectors.anchors();
    EvidenceVerifier snp =
        new AttestationVerifier(
            List.of(
                new SnpEvidenceVerifier(
                    anchors, new TrustFolderSnpCollateral(anchors, List.of()))));
    Policy production = Policy.productionDefault("keyshare-holders", Principal.anonymous(), NOW);
    Bytes expected = ReportDataBinding.expected(NONCE, KEY);
    assertThatThrownBy(
            () ->
                PeerEvidence.judge(
                    snp,
                    production,
                    TeeType.SNP,
                    Bytes.of(all),
                    expected,
                    sample.verificationTime()))
        .isInstanceOfSatisfying(
            ControlPlaneException.class,
            e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.BINDING_MISMATCH));
    // a sim-only policy refuses SNP evidence before it is parsed
    assertThatThrownBy(
            () ->
                PeerEvidence.judge(
                    snp,
                    simPolicy(SimControlPlaneTee.HOLDER_MEASUREMENT, false),
                    TeeType.SNP,
                    Bytes.of(all),
                    expected,
                    sample.verificationTime()))
        .hasMessageContaining("refuses snp evidence");
  }
}
