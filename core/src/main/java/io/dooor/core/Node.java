package io.dooor.core;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A TEE node known to the control plane. Immutable: transitions return a new value, and only {@link
 * Transition} changes the state (the canonical constructor is for stores reading rows back).
 *
 * @param id operator-chosen name
 * @param state lifecycle state
 * @param teeType the kind of TEE its evidence came from
 * @param workload the workload policy it is admitted under
 * @param nodeKey its TEE-born identity key
 * @param principal self-authenticating principal of {@code nodeKey}
 * @param measurements measured values from the last verified evidence (hex, by name)
 * @param tcbStatus vendor TCB status from the last verified evidence, or "" before verification
 * @param platformId platform identity from the last verified evidence, or ""
 * @param registeredAt when it registered
 * @param attestedAt when its evidence was last verified, or null
 * @param attestationExpiresAt when its attestation lapses (STALE after), or null
 * @param lastHeartbeatAt last heartbeat, or null
 * @param policyVersion version of the policy it was last admitted under, 0 before
 * @param reason why it is in its state (e.g. the deactivation reason), or ""
 * @param failedAttestations consecutive failed verify_attestation since its last success
 */
public record Node(
    NodeId id,
    NodeState state,
    TeeType teeType,
    String workload,
    NodeKey nodeKey,
    Principal principal,
    Map<String, String> measurements,
    String tcbStatus,
    String platformId,
    Instant registeredAt,
    Instant attestedAt,
    Instant attestationExpiresAt,
    Instant lastHeartbeatAt,
    long policyVersion,
    String reason,
    int failedAttestations) {

  public Node {
    measurements = Map.copyOf(measurements);
    if (failedAttestations < 0) {
      throw new IllegalArgumentException("failed attestations must not be negative");
    }
  }

  /** A newly registered node, PENDING. */
  public static Node registered(
      NodeId id, TeeType type, String workload, NodeKey nodeKey, Instant now) {
    return new Node(
        id,
        NodeState.PENDING,
        type,
        workload,
        nodeKey,
        nodeKey.principal(),
        Map.of(),
        "",
        "",
        now,
        null,
        null,
        null,
        0,
        "",
        0);
  }

  public Optional<Instant> attestationExpiry() {
    return Optional.ofNullable(attestationExpiresAt);
  }

  /** This node with the claims of its initial report recorded. */
  public Node withClaims(Map<String, String> claims, String platform) {
    return change(
        f -> {
          f.measurements = claims;
          f.platformId = platform;
        });
  }

  /**
   * This node with the claims of freshly verified evidence, attested at {@code now} until {@code
   * expires} under policy version {@code policy}; its state is left to {@link Transition#ATTEST}.
   */
  Node withAttestation(
      Map<String, String> claims,
      String tcb,
      String platform,
      Instant now,
      Instant expires,
      long policy) {
    return change(
        f -> {
          f.measurements = claims;
          f.tcbStatus = tcb;
          f.platformId = platform;
          f.attestedAt = now;
          f.attestationExpiresAt = expires;
          f.lastHeartbeatAt = now;
          f.policyVersion = policy;
          f.failedAttestations = 0;
        });
  }

  /**
   * This node in {@code next} state for {@code why}, everything else kept. Only {@link Transition}
   * calls it, after checking the lifecycle table.
   */
  Node moved(NodeState next, String why) {
    return change(
        f -> {
          f.state = next;
          f.reason = why;
        });
  }

  /** This node having sent a heartbeat at {@code now}. */
  public Node heartbeat(Instant now) {
    return change(f -> f.lastHeartbeatAt = now);
  }

  /** This node judged again and passing under policy version {@code policy}. */
  Node judgedUnder(long policy) {
    return change(f -> f.policyVersion = policy);
  }

  /** This node with its claims verified again: {@code tcb} is the TCB status seen now. */
  Node withTcbStatus(String tcb) {
    return change(f -> f.tcbStatus = tcb);
  }

  /** This node after one more failed attestation. */
  Node failedAttestation() {
    return change(f -> f.failedAttestations = failedAttestations + 1);
  }

  /** When it was last heard from: its last heartbeat, else its last attestation, else never. */
  public Optional<Instant> lastContact() {
    return Optional.ofNullable(lastHeartbeatAt != null ? lastHeartbeatAt : attestedAt);
  }

  /** This node with the fields {@code edit} sets changed. */
  private Node change(java.util.function.Consumer<Fields> edit) {
    Fields f = new Fields(this);
    edit.accept(f);
    return f.build();
  }

  /** A node's fields, copied to change some of them ({@link #change}). */
  private static final class Fields {
    private NodeId id;
    private NodeState state;
    private TeeType teeType;
    private String workload;
    private NodeKey nodeKey;
    private Principal principal;
    private Map<String, String> measurements;
    private String tcbStatus;
    private String platformId;
    private Instant registeredAt;
    private Instant attestedAt;
    private Instant attestationExpiresAt;
    private Instant lastHeartbeatAt;
    private long policyVersion;
    private String reason;
    private int failedAttestations;

    Fields(Node node) {
      id = node.id;
      state = node.state;
      teeType = node.teeType;
      workload = node.workload;
      nodeKey = node.nodeKey;
      principal = node.principal;
      measurements = node.measurements;
      tcbStatus = node.tcbStatus;
      platformId = node.platformId;
      registeredAt = node.registeredAt;
      attestedAt = node.attestedAt;
      attestationExpiresAt = node.attestationExpiresAt;
      lastHeartbeatAt = node.lastHeartbeatAt;
      policyVersion = node.policyVersion;
      reason = node.reason;
      failedAttestations = node.failedAttestations;
    }

    Node build() {
      return new Node(
          id,
          state,
          teeType,
          workload,
          nodeKey,
          principal,
          measurements,
          tcbStatus,
          platformId,
          registeredAt,
          attestedAt,
          attestationExpiresAt,
          lastHeartbeatAt,
          policyVersion,
          reason,
          failedAttestations);
    }
  }
}
