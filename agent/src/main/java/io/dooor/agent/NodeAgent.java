package io.dooor.agent;

import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.NodeId;
import io.dooor.core.ReportDataBinding;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKey;
import java.io.IOException;
import java.util.Map;

/**
 * The agent that runs inside a TEE node: it holds the node's TEE-born identity key, registers the
 * node, answers the attestation challenge with evidence binding the nonce and its key, sends
 * heartbeats, and derives its node key (decrypting and verifying the vetKey locally: the control
 * plane never sees it).
 */
public final class NodeAgent {
  private final NodeId id;
  private final String workload;
  private final Identity identity;
  private final EvidenceSource tee;
  private final ApiClient api;
  private final String shardEndpoint;

  public NodeAgent(
      NodeId id, String workload, Identity identity, EvidenceSource tee, ApiClient api) {
    this(id, workload, identity, tee, api, null);
  }

  /**
   * An agent that advertises {@code shardEndpoint} (nullable: none), the base URL of its shard
   * store, at registration and in every heartbeat.
   */
  public NodeAgent(
      NodeId id,
      String workload,
      Identity identity,
      EvidenceSource tee,
      ApiClient api,
      String shardEndpoint) {
    this.id = id;
    this.workload = workload;
    this.identity = identity;
    this.tee = tee;
    this.api = api;
    this.shardEndpoint = shardEndpoint;
  }

  public NodeId id() {
    return id;
  }

  public Identity identity() {
    return identity;
  }

  /** register_tee_node with an initial report bound to the node key; returns the challenge. */
  public Dto.Registered register() throws ApiException, IOException {
    Bytes initial = tee.evidence(ReportDataBinding.initial(identity.publicKeySpki()));
    return api.post(
        "/v1/nodes",
        new Dto.RegisterNode(
            id.value(),
            workload,
            tee.type().wireName(),
            identity.publicKeySpki().base64(),
            initial.base64(),
            shardEndpoint),
        Dto.Registered.class);
  }

  /** verify_attestation answering {@code nonce}. */
  public Dto.NodeView attest(Bytes nonce) throws ApiException, IOException {
    Bytes evidence = tee.evidence(bindTo(nonce));
    return api.post(
        "/v1/nodes/" + id + "/attestation", new Dto.Attest(evidence.base64()), Dto.NodeView.class);
  }

  /** Registers and attests: the whole admission. */
  public Dto.NodeView admit() throws ApiException, IOException {
    Dto.Registered reg = register();
    return attest(Bytes.fromBase64(reg.challenge().nonce()));
  }

  /** Asks for a fresh challenge and re-attests (for STALE nodes, or before expiry). */
  public Dto.NodeView reattest() throws ApiException, IOException {
    Dto.ChallengeView c =
        api.post("/v1/nodes/" + id + "/challenge", Map.of(), Dto.ChallengeView.class);
    return attest(Bytes.fromBase64(c.nonce()));
  }

  /** The node as the control plane knows it (the node may read itself). */
  public Dto.NodeView view() throws ApiException, IOException {
    return api.get("/v1/nodes/" + id, Dto.NodeView.class);
  }

  public Dto.NodeView heartbeat() throws ApiException, IOException {
    Object body = shardEndpoint == null ? Map.of() : new Dto.Heartbeat(shardEndpoint);
    return api.post("/v1/nodes/" + id + "/heartbeat", body, Dto.NodeView.class);
  }

  /**
   * derive_node_key: a fresh transport key, the encrypted vetKey from the control plane, then
   * decrypt-and-verify here, against the derived public key the server states.
   */
  public VetKey deriveNodeKey(String context) throws ApiException, IOException, VetKdException {
    TransportSecretKey tsk = TransportSecretKey.generate();
    Dto.DerivedKeyView k =
        api.post(
            "/v1/nodes/" + id + "/keys",
            new Dto.DeriveKey(context, tsk.publicKey().toBytes().base64()),
            Dto.DerivedKeyView.class);
    DerivedPublicKey dpk = DerivedPublicKey.parse(Bytes.fromBase64(k.derivedPublicKey()));
    return EncryptedVetKey.parse(Bytes.fromBase64(k.encryptedKey()))
        .decryptAndVerify(tsk, dpk, Bytes.fromBase64(k.input()));
  }

  private Bytes bindTo(Bytes nonce) {
    return ReportDataBinding.expected(nonce, identity.publicKeySpki());
  }
}
