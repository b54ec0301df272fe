package io.dooor.client;

import java.util.List;
import java.util.Map;

/** Request and response bodies of the /v1 API (snake_case on the wire). */
public final class Dto {
  private Dto() {}

  /**
   * POST /v1/nodes. {@code shardEndpoint} (nullable) is the base URL of the node agent's shard
   * store (issue 13), e.g. {@code http://127.0.0.1:7001}.
   */
  public record RegisterNode(
      String nodeId,
      String workload,
      String teeType,
      String nodePublicKey,
      String report,
      String shardEndpoint) {

    /** A registration without a shard endpoint. */
    public RegisterNode(
        String nodeId, String workload, String teeType, String nodePublicKey, String report) {
      this(nodeId, workload, teeType, nodePublicKey, report, null);
    }
  }

  /**
   * POST /v1/nodes/{id}/heartbeat: an optional body; {@code shardEndpoint} (nullable) as in {@link
   * RegisterNode}, refreshed on every heartbeat.
   */
  public record Heartbeat(String shardEndpoint) {}

  /** POST /v1/nodes/{id}/attestation. */
  public record Attest(String evidence) {}

  /** POST /v1/nodes/{id}/deactivate. */
  public record Deactivate(String reason) {}

  /** POST /v1/nodes/{id}/drain: planned removal (operators and controllers). */
  public record Drain(String reason) {}

  /** POST /v1/nodes/{id}/keys. */
  public record DeriveKey(String context, String transportPublicKey) {}

  /**
   * POST /v1/sealing-keys: a node's evidence (base64) whose report data is SHA-512(UTF-8
   * "dooor-seal-v1" || transport public key), the workload and TEE type (wire name), and the
   * 48-byte transport public key (base64).
   */
  public record SealingKeyRequest(
      String workload, String teeType, String evidence, String transportPublicKey) {}

  /**
   * POST /v1/sealing-keys: the sealing vetKey for context "dooor/seal" and input UTF-8(workload) ||
   * 0x00 || SHA-256(canonical sealed measurements), encrypted to the transport key; all base64.
   */
  public record SealingKeyView(
      String context, String input, String encryptedKey, String derivedPublicKey) {}

  /** POST /v1/vetkd/derive: context (UTF-8), input and transport public key (48 bytes) in hex. */
  public record VetKdDerive(String context, String input, String transportPublicKey) {}

  /** A vetKD key id in the ICP style: {@code {curve: "bls12_381_g2", name}}. */
  public record KeyId(String curve, String name) {}

  /** GET /v1/vetkd/public-key: the derived public key (G2, 96 bytes) for a context. */
  public record VetKdPublicKey(
      KeyId keyId,
      String canisterId,
      String context,
      String publicKeyHex,
      String publicKeyBase64,
      String masterPublicKeyHex) {}

  /**
   * POST /v1/vetkd/derive: the vetKey encrypted to the caller's transport key (192 bytes) and the
   * derived public key that verifies it, each in hex and base64.
   */
  public record VetKdDerived(
      KeyId keyId,
      String canisterId,
      String context,
      String inputHex,
      String rule,
      String encryptedKeyHex,
      String encryptedKeyBase64,
      String derivedPublicKeyHex,
      String derivedPublicKeyBase64) {}

  /**
   * PUT /v1/policies/{workload}. The automatic decisions (issue 12) may be omitted: {@code
   * unreachable_grace_seconds} and {@code max_failed_attestations} 0 (never), {@code
   * deactivate_on_tcb_revoked} true.
   */
  public record PolicyBody(
      List<String> allowedTeeTypes,
      Map<String, List<String>> referenceValues,
      Map<String, Long> minimums,
      List<String> acceptedTcbStatuses,
      Boolean allowDebug,
      Long attestationTtlSeconds,
      Long challengeTtlSeconds,
      Long unreachableGraceSeconds,
      Integer maxFailedAttestations,
      Boolean deactivateOnTcbRevoked) {

    /** A body without automatic decisions (their defaults apply). */
    public PolicyBody(
        List<String> allowedTeeTypes,
        Map<String, List<String>> referenceValues,
        Map<String, Long> minimums,
        List<String> acceptedTcbStatuses,
        Boolean allowDebug,
        Long attestationTtlSeconds,
        Long challengeTtlSeconds) {
      this(
          allowedTeeTypes,
          referenceValues,
          minimums,
          acceptedTcbStatuses,
          allowDebug,
          attestationTtlSeconds,
          challengeTtlSeconds,
          null,
          null,
          null);
    }
  }

  /** POST /v1/principals (adds the role) and POST /v1/principals/revoke (removes it). */
  public record Grant(String principal, String role) {}

  /** One entry of GET /v1/principals: a principal and every role it holds. */
  public record PrincipalRoles(String principal, List<String> roles) {}

  /** A node as the API shows it. */
  public record NodeView(
      String nodeId,
      String state,
      String teeType,
      String workload,
      String principal,
      Map<String, String> measurements,
      String tcbStatus,
      String platformId,
      String registeredAt,
      String attestedAt,
      String attestationExpiresAt,
      String lastHeartbeatAt,
      long policyVersion,
      String reason,
      int failedAttestations) {

    /** A view without the failed-attestation count (0). */
    public NodeView(
        String nodeId,
        String state,
        String teeType,
        String workload,
        String principal,
        Map<String, String> measurements,
        String tcbStatus,
        String platformId,
        String registeredAt,
        String attestedAt,
        String attestationExpiresAt,
        String lastHeartbeatAt,
        long policyVersion,
        String reason) {
      this(
          nodeId,
          state,
          teeType,
          workload,
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
          0);
    }
  }

  /** A challenge: the nonce (base64) and its expiry. */
  public record ChallengeView(String nodeId, String nonce, String expiresAt) {}

  /** Result of registration. */
  public record Registered(NodeView node, ChallengeView challenge) {}

  /** A derived node key, all byte fields base64. */
  public record DerivedKeyView(
      String nodeId, String context, String input, String encryptedKey, String derivedPublicKey) {}

  /** A policy version. */
  public record PolicyView(
      String workload,
      long version,
      List<String> allowedTeeTypes,
      Map<String, List<String>> referenceValues,
      Map<String, Long> minimums,
      List<String> acceptedTcbStatuses,
      boolean allowDebug,
      long attestationTtlSeconds,
      long challengeTtlSeconds,
      long unreachableGraceSeconds,
      int maxFailedAttestations,
      boolean deactivateOnTcbRevoked,
      String updatedBy,
      String updatedAt) {}

  /** A recorded event. */
  public record EventView(
      long seq,
      String time,
      String actor,
      String action,
      String subject,
      String requestDigest,
      String outcome,
      String reason,
      Map<String, String> details) {}

  /** RFC 9457 problem details, with our stable code. */
  public record Problem(
      String type,
      String title,
      int status,
      String detail,
      String code,
      String field,
      List<String> failedChecks) {}

  /** The key-share holders and the last verdict on each (GET /v1/vetkd/holders). */
  public record VetKdHolders(
      String mode, int threshold, int holders, List<HolderView> keyShareHolders) {}

  /**
   * One key-share holder: where it is (remote), its startup check, the last verdict on it and the
   * last fault (outcomes VALID, INVALID_SHARE, FAILED, TIMED_OUT; times ISO-8601), and counters.
   */
  public record HolderView(
      int index,
      String url,
      String startupCheck,
      String lastOutcome,
      String lastDetail,
      String lastAt,
      Boolean lastLate,
      String lastFaultOutcome,
      String lastFaultDetail,
      String lastFaultAt,
      long valid,
      long faulty) {}

  /** GET /v1/identity: the control plane's own identity (it signs shard grants). */
  public record ControlPlaneKey(String principal, String keyType, String publicKeySpki) {}

  /**
   * GET /v1/data/epoch: the current data epoch, its vetKD context ({@code dooor/data/e<epoch>}),
   * the public key derived for it (hex, 96 bytes G2) and the canister id (this deployment's
   * principal).
   */
  public record DataEpoch(long epoch, String context, String derivedPublicKey, String canisterId) {}

  /** POST /v1/blobs: the manifest, base64 of {@code EncryptedBlob.toBytes()}. */
  public record BlobCreate(String manifest) {}

  /**
   * A blob as the API shows it: state PLACING, COMPLETE, DEGRADED or LOST; the manifest (base64)
   * and the epoch of its current wrapped key.
   */
  public record BlobView(
      String id, String state, String manifest, long epoch, List<ShardView> shards) {}

  /**
   * One shard of a blob: state PENDING, STORED or MISSING; {@code grant} (nullable) a shard grant
   * for the caller (PUT on creation, GET for authorised decryptors).
   */
  public record ShardView(
      int index,
      String sha256,
      String node,
      String nodeState,
      String endpoint,
      String state,
      String grant) {}

  /** POST /v1/blobs/{id}/key: the transport public key (hex, 48 bytes G1, as in VetKdDerive). */
  public record BlobKeyRequest(String transportPublicKey) {}

  /**
   * POST /v1/blobs/{id}/key: the vetKey of the blob's identity under {@code context}, encrypted to
   * the caller's transport key, and the derived public key (both hex).
   */
  public record BlobKey(
      String blobId, long epoch, String context, String encryptedKey, String derivedPublicKey) {}

  /** POST /v1/blobs/{id}/rewrap: the data key wrapped again (base64), at {@code epoch}. */
  public record BlobRewrap(String wrappedKey, long epoch) {}

  /** GET /v1/blobs/repair-status: one shard's repair. */
  public record RepairView(
      String blobId,
      int index,
      String fromNode,
      String toNode,
      String state,
      long bytesMoved,
      String updatedAt) {}

  /**
   * A proposed change waiting for m of n controller approvals (issue 16): GET /v1/proposals[/{id}],
   * and the 202 answer of a change that needs more than one approval. {@code change} is the exact
   * change in its canonical text; {@code digest} its SHA-256 (hex), which approvals name.
   */
  public record ProposalView(
      String id,
      String kind,
      String state,
      String digest,
      String change,
      String proposer,
      String createdAt,
      String expiresAt,
      int threshold,
      int approvals,
      List<DecisionView> decisions) {}

  /** One controller's decision on a proposal: {@code vote} approve or reject. */
  public record DecisionView(String principal, String vote, String at, String requestDigest) {}

  /**
   * POST /v1/proposals/{id}/approve and /reject: the SHA-256 (hex) of the change decided on, which
   * must be the proposal's.
   */
  public record ProposalDecision(String digest) {}

  /**
   * POST /v1/keyshare/holders (issue 16): one change of the key-share holder set. {@code op} is
   * {@code add} or {@code move} (with {@code index} and {@code url}), {@code remove} (with {@code
   * index}) or {@code policy} (with {@code policy}, the holder policy in the body of {@code PUT
   * /v1/policies}).
   */
  public record HolderSetChange(String op, Integer index, String url, PolicyBody policy) {}

  /**
   * One key-share holder in GET /v1/keyshare/holders: {@code admitted} while its evidence passes
   * the holder policy, until {@code until}; else {@code reason} says why it is excluded.
   */
  public record HolderStanding(
      int index, String url, boolean admitted, String until, String reason) {}

  /**
   * GET /v1/keyshare/holders (and the answer of an applied change): t, the holder policy's name and
   * its tee types and reference-value names, and every holder in the set.
   */
  public record HolderSetView(
      int threshold,
      String policy,
      List<String> policyTeeTypes,
      List<String> policyReferenceValues,
      List<HolderStanding> holders) {}
}
