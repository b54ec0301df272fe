package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.core.ControlPlaneException.Reason;
import io.dooor.core.port.EvidenceException;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.VerifiedEvidence;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Admission (DESIGN §3): register_tee_node, challenges and verify_attestation. A node becomes
 * ACTIVE only through {@link Transition#ATTEST}, after full verification of fresh evidence, the
 * policy and the binding of report data to the outstanding challenge and the node key.
 */
final class Admission {
  private final Recorder recorder;
  private final EvidenceVerifier verifier;
  private final Clock clock;
  private final AttestationFailures failures;
  private final SecureRandom random = new SecureRandom();

  Admission(Recorder recorder, EvidenceVerifier verifier, Clock clock) {
    this.recorder = recorder;
    this.verifier = verifier;
    this.clock = clock;
    this.failures = new AttestationFailures(recorder, clock);
  }

  Registration register(
      Caller caller, NodeId id, String workload, TeeType type, NodeKey nodeKey, Bytes report)
      throws ControlPlaneException {
    String subject = "node:" + id;
    if (workload.isBlank()) {
      throw recorder.refused(
          caller,
          "node.register",
          subject,
          new ControlPlaneException(Reason.INVALID_ARGUMENT, "workload must not be blank"));
    }
    Principal nodePrincipal = nodeKey.principal();
    recorder.read(
        caller,
        "node.register",
        subject,
        view -> {
          requireRegistrant(view, caller, nodePrincipal);
          return null;
        });
    VerifiedEvidence evidence = verify(caller, "node.register", subject, type, report);
    return recorder.run(
        caller,
        "node.register",
        subject,
        tx -> {
          requireRegistrant(tx, caller, nodePrincipal);
          Node node = Node.registered(id, type, workload, nodeKey, clock.instant());
          return storePending(
              tx, node.withClaims(evidence.measurements(), evidence.platformId()), evidence);
        });
  }

  /**
   * Stores {@code node} as PENDING with a fresh challenge, if its workload's policy allows its type
   * and admits its initial report, and that report binds the node key.
   */
  private Registration storePending(AuditedTx tx, Node node, VerifiedEvidence report)
      throws ControlPlaneException {
    if (tx.node(node.id()).isPresent()) {
      throw new ControlPlaneException(Reason.CONFLICT, "node " + node.id() + " already exists");
    }
    Policy policy = tx.policyFor(node.workload(), clock.instant());
    AdmissionChecks.requireAllowedType(policy, node.teeType());
    AdmissionChecks.requireInitialReport(report, node, policy);
    Challenge challenge = newChallenge(node.id(), node.registeredAt().plus(policy.challengeTtl()));
    tx.putNode(node);
    tx.putChallenge(challenge);
    tx.ok(
        Map.of("tee", node.teeType().wireName(), "workload", node.workload(), "state", "PENDING"));
    return new Registration(node, challenge);
  }

  Challenge challenge(Caller caller, NodeId id) throws ControlPlaneException {
    return recorder.run(
        caller,
        "node.challenge",
        "node:" + id,
        tx -> {
          Node node = tx.live(caller, id);
          Policy policy = tx.policyFor(node.workload(), clock.instant());
          Challenge challenge = newChallenge(id, clock.instant().plus(policy.challengeTtl()));
          tx.putChallenge(challenge);
          tx.ok(Map.of());
          return challenge;
        });
  }

  Node verifyAttestation(Caller caller, NodeId id, Bytes evidenceBytes)
      throws ControlPlaneException {
    String subject = "node:" + id;
    Node before = recorder.read(caller, "node.verify", subject, view -> view.live(caller, id));
    try {
      VerifiedEvidence evidence =
          verify(caller, "node.verify", subject, before.teeType(), evidenceBytes);
      Kept kept = new Kept(evidenceBytes, verifier.collateralVersion(before.teeType()));
      return recorder.run(
          caller, "node.verify", subject, tx -> attest(tx, caller, id, evidence, kept));
    } catch (ControlPlaneException e) {
      if (COUNTED.contains(e.reason())) {
        failures.count(caller, id, e);
      }
      throw e;
    }
  }

  /** The refusals that count as a failed attempt to attest ({@link AttestationFailures}). */
  private static final java.util.Set<Reason> COUNTED =
      java.util.EnumSet.of(
          Reason.EVIDENCE_INVALID,
          Reason.BINDING_MISMATCH,
          Reason.POLICY_REFUSED,
          Reason.CHALLENGE_MISSING,
          Reason.CHALLENGE_EXPIRED);

  /** The evidence bytes as presented and the collateral version they were verified under. */
  private record Kept(Bytes evidence, String collateralVersion) {}

  private Node attest(AuditedTx tx, Caller caller, NodeId id, VerifiedEvidence evidence, Kept kept)
      throws ControlPlaneException {
    Node node = tx.live(caller, id);
    Challenge challenge = tx.liveChallenge(id, clock.instant());
    Policy policy = tx.policyFor(node.workload(), clock.instant());
    AdmissionChecks.requireAdmissible(evidence, challenge, node, policy);
    Instant now = clock.instant();
    Node attested =
        node.withAttestation(
            evidence.measurements(),
            evidence.tcbStatus(),
            evidence.platformId(),
            now,
            now.plus(policy.attestationTtl()),
            policy.version());
    Transition t =
        node.state() == NodeState.DRAINING ? Transition.ATTEST_DRAINING : Transition.ATTEST;
    Node active = t.apply(attested, node.state() == NodeState.DRAINING ? node.reason() : "");
    tx.deleteChallenge(id);
    tx.putNode(active);
    tx.putEvidence(
        new NodeEvidence(
            id,
            kept.evidence(),
            evidence.numbers(),
            evidence.debug(),
            kept.collateralVersion(),
            now));
    tx.ok(
        Map.of(
            "from", node.state().name(),
            "to", active.state().name(),
            "tcb", evidence.tcbStatus(),
            "policy_version", Long.toString(policy.version())));
    return active;
  }

  /** The node itself (signing with the key it registers) or an operator may register. */
  private static void requireRegistrant(View view, Caller caller, Principal nodePrincipal)
      throws ControlPlaneException {
    if (!caller.principal().equals(nodePrincipal)) {
      view.require(caller, Role.OPERATOR);
    }
  }

  private VerifiedEvidence verify(
      Caller caller, String action, String subject, TeeType type, Bytes evidence)
      throws ControlPlaneException {
    try {
      if (!verifier.supports(type)) {
        throw new EvidenceException(
            EvidenceException.Reason.UNSUPPORTED_FORMAT,
            "no verifier for " + type.wireName() + " evidence");
      }
      return verifier.verify(type, evidence, clock.instant());
    } catch (EvidenceException e) {
      throw recorder.refused(
          caller,
          action,
          subject,
          new ControlPlaneException(
              Reason.EVIDENCE_INVALID,
              "evidence refused (" + e.reason() + "): " + e.getMessage(),
              e.failedChecks()));
    }
  }

  private Challenge newChallenge(NodeId id, Instant expires) {
    byte[] nonce = new byte[Challenge.NONCE_LENGTH];
    random.nextBytes(nonce);
    return new Challenge(id, Bytes.of(nonce), expires);
  }
}
