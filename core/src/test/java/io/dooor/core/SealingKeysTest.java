package io.dooor.core;

import static io.dooor.core.CorePlane.caller;
import static io.dooor.core.CorePlane.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.port.TransportKey;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attestation-bound sealing keys (issue 12) on core alone: the input is the workload and the
 * verified measurements, the report data binds the transport key, the policy of the named workload
 * judges the evidence, the reserved context is reachable only here, and every request is recorded.
 */
class SealingKeysTest {
  final CountingKeyService keys = new CountingKeyService();
  final CorePlane t = new CorePlane(new FakeTee(), keys);
  final NodeKey controllerKey = CorePlane.newKey();
  final Caller anyone = caller(CorePlane.newKey());
  final Bytes tpkBytes = CountingKeyService.goodKey();
  TransportKey tpk;

  @BeforeEach
  void setUp() throws Exception {
    t.initialised(controllerKey);
    t.plane.setPolicy(caller(controllerKey), CorePlane.policy("v"));
    tpk = keys.parseTransportKey(tpkBytes);
  }

  Bytes evidence(Bytes measurement) {
    return FakeTee.evidence(SealingKeys.reportData(tpkBytes), measurement, false);
  }

  DerivedKey seal(String workload, Bytes evidence) throws ControlPlaneException {
    return t.plane.sealingKey(anyone, workload, TeeType.SIM, evidence, tpkBytes, tpk);
  }

  @Test
  void onlyTheStableMeasurementsAreSealedTo() {
    Map<String, String> nitro =
        Map.of("PCR0", "00", "PCR1", "01", "PCR2", "02", "PCR4", "04", "MODULE_ID", "i-123-enc456");
    assertThat(SealingKeys.sealed(TeeType.NITRO, nitro)).containsOnlyKeys("PCR0", "PCR1", "PCR2");
    Map<String, String> tdx =
        Map.of("MRTD", "aa", "RTMR0", "b0", "RTMR3", "b3", "MRSEAM", "cc", "TEE_TCB_SVN", "dd");
    assertThat(SealingKeys.sealed(TeeType.TDX, tdx)).containsOnlyKeys("MRTD", "RTMR0");
    assertThat(SealingKeys.sealed(TeeType.SNP, Map.of("MEASUREMENT", "ee", "CHIP_ID", "ff")))
        .containsOnlyKeys("MEASUREMENT");
  }

  @Test
  void theInputIsTheWorkloadAndTheDigestOfTheCanonicalMeasurements() {
    Map<String, String> m = Map.of("RTMR0", "AB", "MRTD", "01");
    assertThat(new String(SealingKeys.canonicalMeasurements(m).toArray(), StandardCharsets.UTF_8))
        .isEqualTo("MRTD=01\nRTMR0=ab\n");
    Bytes digest = Digests.sha256("MRTD=01\nRTMR0=ab\n".getBytes(StandardCharsets.UTF_8));
    assertThat(SealingKeys.input("w", m).hex()).isEqualTo("7700" + digest.hex());
  }

  @Test
  void sameMeasurementsSameKeyOtherMeasurementOrWorkloadAnotherKey() throws Exception {
    DerivedKey a = seal("w", evidence(CorePlane.MEASUREMENT));
    DerivedKey again = seal("w", evidence(CorePlane.MEASUREMENT));
    assertThat(a.context()).isEqualTo("dooor/seal");
    assertThat(a.rule()).isEqualTo("sealing-key");
    assertThat(again.input()).isEqualTo(a.input());
    assertThat(again.encryptedKey()).isEqualTo(a.encryptedKey());

    t.plane.setPolicy(
        caller(controllerKey),
        FleetJudgingTest.policy(
            java.util.Set.of(CorePlane.MEASUREMENT.hex(), FleetJudgingTest.OTHER.hex()), 0));
    DerivedKey other = seal("w", evidence(FleetJudgingTest.OTHER));
    assertThat(other.input()).isNotEqualTo(a.input());
    assertThat(other.encryptedKey()).isNotEqualTo(a.encryptedKey());

    DerivedKey otherWorkload = seal("v", evidence(CorePlane.MEASUREMENT));
    assertThat(otherWorkload.input()).isNotEqualTo(a.input());
    assertThat(otherWorkload.encryptedKey()).isNotEqualTo(a.encryptedKey());
  }

  @Test
  void everySealingKeyIsRecordedWithoutKeyMaterial() throws Exception {
    DerivedKey k = seal("w", evidence(CorePlane.MEASUREMENT));
    Event e = t.store.events(t.store.eventCount() - 1, t.store.eventCount()).get(0);
    assertThat(e.action()).isEqualTo("key.seal");
    assertThat(e.subject()).isEqualTo("seal:w");
    assertThat(e.outcome()).isEqualTo(Event.Outcome.OK);
    assertThat(e.details())
        .containsEntry("workload", "w")
        .containsEntry("tee", "sim")
        .containsEntry("context", "dooor/seal")
        .containsEntry("rule", "sealing-key")
        .containsEntry("input_sha256", Digests.sha256Hex(k.input()))
        .containsKey("measurements_sha256");
    assertThat(e.details().values())
        .noneMatch(v -> v.contains(k.encryptedKey().hex()) || v.contains(tpkBytes.hex()));
  }

  @Test
  void reportDataThatDoesNotBindTheTransportKeyIsRefused() {
    long before = t.store.eventCount();
    Bytes unbound = FakeTee.evidence(Bytes.of(new byte[64]), CorePlane.MEASUREMENT, false);
    ControlPlaneException e = refusal(() -> seal("w", unbound));
    assertThat(e.reason()).isEqualTo(Reason.BINDING_MISMATCH);
    assertThat(e.failedChecks()).containsExactly("seal_report_data_binding");
    assertThat(e.refusal().orElseThrow().action()).isEqualTo("key.seal");
    assertThat(t.store.eventCount()).as("recorded by the edge").isEqualTo(before);
    assertThat(keys.derivations).hasValue(0);
  }

  @Test
  void thePolicyOfTheNamedWorkloadJudgesTheEvidence() {
    ControlPlaneException e = refusal(() -> seal("w", evidence(FleetJudgingTest.OTHER)));
    assertThat(e.reason()).isEqualTo(Reason.POLICY_REFUSED);
    assertThat(e.failedChecks()).anyMatch(c -> c.startsWith("measurement MEASUREMENT"));
    Bytes debug = FakeTee.evidence(SealingKeys.reportData(tpkBytes), CorePlane.MEASUREMENT, true);
    assertThat(refusal(() -> seal("w", debug)).failedChecks()).anyMatch(c -> c.startsWith("debug"));
  }

  @Test
  void simEvidenceIsRefusedUnderTheProductionPolicy() {
    ControlPlaneException e = refusal(() -> seal("unset", evidence(CorePlane.MEASUREMENT)));
    assertThat(e.reason()).isEqualTo(Reason.POLICY_REFUSED);
    assertThat(e.failedChecks()).anyMatch(c -> c.startsWith("tee_type: sim"));
    assertThat(keys.derivations).hasValue(0);
  }

  @Test
  void garbageEvidenceIsRefusedNamingTheCheck() {
    ControlPlaneException e = refusal(() -> seal("w", Bytes.of(new byte[5])));
    assertThat(e.reason()).isEqualTo(Reason.EVIDENCE_INVALID);
    assertThat(e.refusal().orElseThrow().details()).containsEntry("workload", "w");
  }

  @Test
  void theSealingContextIsReachableOnlyHere() throws Exception {
    NodeKey nodeKey = CorePlane.newKey();
    NodeId id = NodeId.of("n1");
    t.admit(nodeKey, id);
    ControlPlaneException viaDerive =
        refusal(
            () ->
                t.plane.deriveKey(
                    caller(nodeKey),
                    "dooor/seal",
                    SealingKeys.input("w", Map.of("MEASUREMENT", CorePlane.MEASUREMENT.hex())),
                    tpk));
    assertThat(viaDerive.failedChecks()).containsExactly("derive.reserved_context");
    ControlPlaneException viaKeys =
        refusal(() -> t.plane.deriveNodeKey(caller(nodeKey), id, "dooor/seal", tpk));
    assertThat(viaKeys.failedChecks()).containsExactly("derive.reserved_context");
    assertThat(keys.derivations).hasValue(0);
  }
}
