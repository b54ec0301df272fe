package io.dooor.core;

import io.dooor.core.ControlPlaneException.Reason;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * A node's shard endpoint (issue 13): the base URL of its agent's shard store, {@code
 * http(s)://host:port} with no user, path, query or fragment, at most 200 characters. Advertised at
 * registration and in every heartbeat; a change is an event.
 */
final class ShardEndpoints {
  static final int MAX_LENGTH = 200;

  private ShardEndpoints() {}

  /**
   * @throws ControlPlaneException INVALID_ARGUMENT naming shard_endpoint
   */
  static String check(String endpoint) throws ControlPlaneException {
    if (endpoint.isEmpty() || endpoint.length() > MAX_LENGTH) {
      throw invalid("1-" + MAX_LENGTH + " characters");
    }
    try {
      URI u = new URI(endpoint);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      boolean bare =
          u.getUserInfo() == null
              && (u.getRawPath() == null || u.getRawPath().isEmpty())
              && u.getRawQuery() == null
              && u.getRawFragment() == null;
      if (!(scheme.equals("http") || scheme.equals("https"))
          || u.getHost() == null
          || u.getPort() < 1
          || !bare) {
        throw invalid("http(s)://host:port with no path, query or user");
      }
      return endpoint;
    } catch (URISyntaxException e) {
      throw invalid("not a URI");
    }
  }

  /** Keeps the node's endpoint (the node itself, or an operator); an event when it changes. */
  static void advertise(AuditedTx tx, Caller caller, NodeId id, String endpoint)
      throws ControlPlaneException {
    Node node = tx.existing(id);
    tx.requireSelfOr(caller, node, Role.OPERATOR);
    check(endpoint);
    if (!tx.shardEndpoint(id).map(endpoint::equals).orElse(false)) {
      tx.store().putShardEndpoint(id, endpoint);
      tx.record("node:" + id, Map.of("shard_endpoint", endpoint));
    }
  }

  private static ControlPlaneException invalid(String why) {
    return new ControlPlaneException(Reason.INVALID_ARGUMENT, "shard_endpoint: must be " + why);
  }
}
