package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.core.memory.InMemoryStore;
import io.dooor.core.port.KeyService;
import io.dooor.core.testkit.MutableClock;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** A control plane on the in-memory store with a clock the test moves: core alone. */
final class CorePlane {
  static final Bytes MEASUREMENT = Bytes.fromHex("d0".repeat(48));
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);
  static final Duration ATTESTATION_TTL = Duration.ofMinutes(10);
  static final Duration CHALLENGE_TTL = Duration.ofMinutes(1);

  final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
  final InMemoryStore store = new InMemoryStore(clock);
  final ControlPlane plane;

  CorePlane() {
    this(new FakeTee(), KeyService.unavailable("none in core"));
  }

  /** A plane verifying evidence with {@code verifier} and deriving with {@code keys}. */
  CorePlane(io.dooor.core.port.EvidenceVerifier verifier, KeyService keys) {
    plane = new ControlPlane(store, verifier, keys, clock, HEARTBEAT_TIMEOUT);
  }

  /** A fresh Ed25519 node identity key (a real SubjectPublicKeyInfo). */
  static NodeKey newKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      return new NodeKey(Bytes.of(g.generateKeyPair().getPublic().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The caller signing with {@code key}. */
  static Caller caller(NodeKey key) {
    return new Caller(key.principal(), key.spki(), Bytes.empty());
  }

  /** Initialises with {@code controller} and sets workload "w" to admit SIM with MEASUREMENT. */
  CorePlane initialised(NodeKey controller) throws ControlPlaneException {
    plane.init(controller.principal());
    plane.setPolicy(caller(controller), policy("w"));
    return this;
  }

  static PolicySpec policy(String workload) {
    return new PolicySpec(
        workload,
        Set.of(TeeType.SIM),
        Map.of("MEASUREMENT", Set.of(MEASUREMENT.hex())),
        Map.of(),
        Set.of("NotApplicable"),
        false,
        ATTESTATION_TTL,
        CHALLENGE_TTL);
  }

  /** Good evidence from {@code key}'s TEE answering {@code nonce}. */
  static Bytes evidence(NodeKey key, Bytes nonce) {
    return FakeTee.evidence(nonce, key, MEASUREMENT, false);
  }

  Registration register(NodeKey key, NodeId id) throws ControlPlaneException {
    return plane.registerTeeNode(
        caller(key), id, "w", TeeType.SIM, key, evidence(key, Bytes.of(new byte[32])));
  }

  Node admit(NodeKey key, NodeId id) throws ControlPlaneException {
    Registration r = register(key, id);
    return plane.verifyAttestation(caller(key), id, evidence(key, r.challenge().nonce()));
  }

  /** The refusal {@code op} throws; fails the test if it succeeds. */
  static ControlPlaneException refusal(Op op) {
    try {
      op.run();
    } catch (ControlPlaneException e) {
      return e;
    }
    throw new AssertionError("operation was not refused");
  }

  /** An operation that may be refused. */
  interface Op {
    void run() throws ControlPlaneException;
  }
}
