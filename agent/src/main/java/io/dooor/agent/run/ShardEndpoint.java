package io.dooor.agent.run;

import io.dooor.agent.shards.ShardGrants;
import io.dooor.agent.shards.ShardServer;
import io.dooor.agent.shards.ShardStore;
import io.dooor.client.ApiClient;
import io.dooor.client.ApiException;
import io.dooor.client.Dto;
import io.dooor.client.auth.AuthException;
import io.dooor.client.auth.CallerPublicKey;
import io.dooor.client.auth.InMemoryNonceRegistry;
import io.dooor.client.auth.PublicKeys;
import io.dooor.client.auth.RequestVerifier;
import io.dooor.common.Bytes;
import io.dooor.core.NodeId;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the node's shard endpoint: the control plane's identity key, pinned in the state folder at
 * first contact (a later key that differs is refused: grants are checked against the pinned one),
 * the store, and the server that reports each stored shard to the control plane.
 */
final class ShardEndpoint {
  private ShardEndpoint() {}

  static ShardServer start(
      ShardStoreConfig cfg, NodeId node, StateDir state, ApiClient api, AgentLog log, Clock clock)
      throws IOException, ApiException {
    CallerPublicKey cp = controlPlaneKey(state, api, log);
    ShardServer server =
        ShardServer.start(
            cfg.listen(),
            new ShardStore(cfg.dir()),
            new ShardGrants(cp, node, clock),
            new RequestVerifier(clock, InMemoryNonceRegistry.fresh(clock)),
            at -> report(api, at),
            log);
    URI url = cfg.advertised(server.address());
    log.info("shards.listening", "node", node, "endpoint", url, "dir", cfg.dir());
    return server;
  }

  private static void report(ApiClient api, io.dooor.agent.shards.ShardAddress at)
      throws IOException {
    try {
      api.post(
          "/v1/blobs/" + at.blobId() + "/shards/" + at.index() + "/stored", Map.of(), Object.class);
    } catch (ApiException e) {
      throw new IOException("refused (" + e.code() + "): " + e.getMessage(), e);
    }
  }

  /** The pinned control-plane key, or the served one, pinned now. */
  static CallerPublicKey controlPlaneKey(StateDir state, ApiClient api, AgentLog log)
      throws IOException, ApiException {
    Optional<Bytes> pinned = state.controlPlaneKey();
    if (pinned.isPresent()) {
      return parse(pinned.get());
    }
    Dto.ControlPlaneKey served = api.get("/v1/identity", Dto.ControlPlaneKey.class);
    Bytes spki = Bytes.fromBase64(served.publicKeySpki());
    CallerPublicKey key = parse(spki);
    if (!key.principal().toText().equals(served.principal())) {
      throw new IOException(
          "the control plane's key is not that of its principal " + served.principal());
    }
    state.pinControlPlaneKey(spki);
    log.info("control_plane.key_pinned", "principal", served.principal());
    return key;
  }

  private static CallerPublicKey parse(Bytes spki) throws IOException {
    try {
      return PublicKeys.parseSpki(spki);
    } catch (AuthException e) {
      throw new IOException("the control plane's key does not parse: " + e.getMessage(), e);
    }
  }
}
