package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.TransportKey;
import io.dooor.core.port.VerifiedEvidence;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Attestation-bound sealing keys (issue 12: sealing through vetKD for TEEs without firmware
 * sealing). {@code POST /v1/sealing-keys} releases the vetKey for ({@value #CONTEXT},
 * UTF8(workload) || 0x00 || SHA-256(canonical {@link #SEALED_MEASUREMENTS})) to whoever presents
 * fresh evidence that verifies fully (chain, collateral, TCB), that workload's policy admits (TEE
 * type, reference values, minimums, TCB status, debug), and whose report data is {@link
 * #reportData} of the transport key the vetKey is encrypted to. So a TEE gets back the same key
 * only while it runs the same measured code for the same workload: a sealed blob opens under no
 * other measurement. The caller needs no role (the evidence authenticates it); every request,
 * served or refused, is recorded as {@value #ACTION} with the workload, the TEE type and the
 * digests of the input and measurements, never key material.
 */
public final class SealingKeys {
  /** The reserved derivation context of sealing keys. */
  public static final String CONTEXT = "dooor/seal";

  /** The action of the audit events. */
  public static final String ACTION = "key.seal";

  /** The domain separator of the report data. */
  public static final String DOMAIN = "dooor-seal-v1";

  private final Recorder recorder;
  private final EvidenceVerifier verifier;
  private final KeyDerivation keys;
  private final Clock clock;

  SealingKeys(Recorder recorder, EvidenceVerifier verifier, KeyDerivation keys, Clock clock) {
    this.recorder = recorder;
    this.verifier = verifier;
    this.keys = keys;
    this.clock = clock;
  }

  /** The report data sealing evidence must carry: SHA-512(UTF8({@value #DOMAIN}) || tpk). */
  public static Bytes reportData(Bytes transportPublicKey) {
    try {
      java.security.MessageDigest sha512 = java.security.MessageDigest.getInstance("SHA-512");
      sha512.update(utf8(DOMAIN).toArray());
      sha512.update(transportPublicKey.toArray());
      return Bytes.of(sha512.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 unavailable", e);
    }
  }

  /**
   * The measurements a sealing key is bound to, per TEE type: those that name the code and its
   * configuration, and stay the same across restarts and TCB updates. Left out: what changes with
   * every instance (Nitro's MODULE_ID, PCR3/4 of the parent's role and instance) or with firmware
   * updates (TDX's MRSEAM and TEE_TCB_SVN, SVNs), and TDX's RTMR3, which the running guest extends.
   * So a firmware update or a restart keeps the key, and other code or configuration never gets it.
   */
  static final Map<TeeType, List<String>> SEALED_MEASUREMENTS =
      Map.of(
          TeeType.TDX,
          List.of("MRTD", "RTMR0", "RTMR1", "RTMR2", "MRCONFIGID", "MROWNER", "MROWNERCONFIG"),
          TeeType.SGX,
          List.of("MRENCLAVE", "MRSIGNER", "CONFIGID", "ISVFAMILYID", "ISVEXTPRODID"),
          TeeType.SNP,
          List.of("MEASUREMENT", "HOST_DATA", "IMAGE_ID", "FAMILY_ID"),
          TeeType.NITRO,
          List.of("PCR0", "PCR1", "PCR2", "PCR8"),
          TeeType.SIM,
          List.of("MEASUREMENT"));

  /** Of {@code measurements} (a verified map), those {@link #SEALED_MEASUREMENTS} names. */
  public static Map<String, String> sealed(TeeType type, Map<String, String> measurements) {
    Map<String, String> kept = new TreeMap<>();
    for (String name : SEALED_MEASUREMENTS.getOrDefault(type, List.of())) {
      if (measurements.containsKey(name)) {
        kept.put(name, measurements.get(name));
      }
    }
    return kept;
  }

  /**
   * The canonical measurements: the measurement map sorted by name, each entry UTF8(NAME + "=" +
   * lower-case hex + "\n").
   */
  public static Bytes canonicalMeasurements(Map<String, String> measurements) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(measurements)
        .forEach(
            (name, hex) ->
                sb.append(name)
                    .append('=')
                    .append(hex.toLowerCase(java.util.Locale.ROOT))
                    .append('\n'));
    return utf8(sb.toString());
  }

  /** The derivation input: UTF8(workload) || 0x00 || SHA-256(canonical measurements). */
  public static Bytes input(String workload, Map<String, String> measurements) {
    Bytes digest = Digests.sha256(canonicalMeasurements(measurements).toArray());
    return concat(concat(utf8(workload), Bytes.of(new byte[1])), digest);
  }

  /**
   * The sealing key of {@code workload} for {@code evidence}, encrypted to {@code transportKey}
   * (decoded at the edge from {@code transportKeyBytes}, the 48 bytes as sent).
   */
  DerivedKey derive(
      Caller caller,
      String workload,
      TeeType type,
      Bytes evidence,
      Bytes transportKeyBytes,
      TransportKey transportKey)
      throws ControlPlaneException {
    String subject = "seal:" + workload;
    Map<String, String> facts = new HashMap<>();
    facts.put("workload", workload);
    facts.put("tee", type.wireName());
    facts.put("context", CONTEXT);
    VerifiedEvidence verified;
    try {
      if (workload.isBlank()) {
        throw new ControlPlaneException(Reason.INVALID_ARGUMENT, "workload must not be blank");
      }
      verified = verify(type, evidence);
      requireAdmitted(verified, workload, transportKeyBytes);
    } catch (ControlPlaneException e) {
      if (!e.failedChecks().isEmpty()) {
        facts.put("failed_checks", String.join("; ", e.failedChecks()));
      }
      throw recorder.refused(caller, ACTION, subject, e, bounded(facts));
    }
    Map<String, String> sealed = sealed(type, verified.measurements());
    if (sealed.isEmpty()) {
      throw recorder.refused(
          caller,
          ACTION,
          subject,
          new ControlPlaneException(
              Reason.EVIDENCE_INVALID,
              "the evidence names none of " + SEALED_MEASUREMENTS.get(type)),
          bounded(facts));
    }
    Bytes input = input(workload, sealed);
    facts.put("measurements_sha256", Digests.sha256Hex(canonicalMeasurements(sealed)));
    facts.put("tcb", verified.tcbStatus());
    return keys.deriveSealing(caller, subject, input, facts, transportKey);
  }

  private VerifiedEvidence verify(TeeType type, Bytes evidence) throws ControlPlaneException {
    try {
      if (!verifier.supports(type)) {
        throw new EvidenceException(
            EvidenceException.Reason.UNSUPPORTED_FORMAT,
            "no verifier for " + type.wireName() + " evidence");
      }
      return verifier.verify(type, evidence, clock.instant());
    } catch (EvidenceException e) {
      throw new ControlPlaneException(
          Reason.EVIDENCE_INVALID,
          "evidence refused (" + e.reason() + "): " + e.getMessage(),
          e.failedChecks());
    }
  }

  /** The binding of the transport key and the workload's policy, every failure named. */
  private void requireAdmitted(VerifiedEvidence verified, String workload, Bytes tpk)
      throws ControlPlaneException {
    Policy policy = recorder.view().policyFor(workload, clock.instant());
    boolean bound = reportData(tpk).equals(verified.reportData());
    List<String> failures = new ArrayList<>();
    if (!bound) {
      failures.add("seal_report_data_binding");
    }
    failures.addAll(PolicyEvaluator.failures(policy, verified));
    if (!bound) {
      throw new ControlPlaneException(
          Reason.BINDING_MISMATCH,
          "report_data does not equal SHA-512(UTF8('"
              + DOMAIN
              + "') || transport_public_key);"
              + " failed checks: "
              + failures,
          failures);
    }
    if (!failures.isEmpty()) {
      throw new ControlPlaneException(
          Reason.POLICY_REFUSED,
          "policy " + workload + " v" + policy.version() + " refuses the evidence: " + failures,
          failures);
    }
  }

  private static Map<String, String> bounded(Map<String, String> facts) {
    Map<String, String> out = new HashMap<>();
    facts.forEach((k, v) -> out.put(k, EventLimits.bound(v, EventLimits.MAX_DETAIL_VALUE)));
    return out;
  }

  private static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Bytes concat(Bytes a, Bytes b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length() + b.length());
    out.writeBytes(a.toArray());
    out.writeBytes(b.toArray());
    return Bytes.of(out.toByteArray());
  }
}
