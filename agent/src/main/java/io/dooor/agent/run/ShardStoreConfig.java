package io.dooor.agent.run;

import io.dooor.client.ApiClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The agent's shard store: where shards live ({@code shards.dir}), where its endpoint listens
 * ({@code shards.listen}, {@code host:port}, port 0 for any free one) and the URL it advertises to
 * the control plane ({@code shards.advertise}; by default {@code http://host:port} of the bound
 * address, with 127.0.0.1 for a wildcard host).
 */
public record ShardStoreConfig(Path dir, InetSocketAddress listen, Optional<URI> advertise) {

  static ShardStoreConfig of(Path dir, String listen, Optional<String> advertise)
      throws AgentConfigException {
    return new ShardStoreConfig(
        dir,
        listen(listen),
        advertise.isEmpty() ? Optional.empty() : Optional.of(url(advertise.get())));
  }

  /** The URL to advertise once bound to {@code bound}. */
  public URI advertised(InetSocketAddress bound) {
    if (advertise.isPresent()) {
      return advertise.get();
    }
    String host = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : bound.getHostString();
    return URI.create(
        "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort());
  }

  private static InetSocketAddress listen(String text) throws AgentConfigException {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new AgentConfigException(
          "shards.listen", "must be host:port (port 0 for any free port)");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String port = text.substring(colon + 1);
    if (!port.chars().allMatch(c -> c >= '0' && c <= '9')
        || port.length() > 5
        || Integer.parseInt(port) > 65535) {
      throw new AgentConfigException("shards.listen", "port must be 0..65535");
    }
    return new InetSocketAddress(host, Integer.parseInt(port));
  }

  private static URI url(String text) throws AgentConfigException {
    try {
      URI uri = ApiClient.checkedBase(URI.create(text));
      if (uri.getPath() != null && !uri.getPath().isEmpty() && !"/".equals(uri.getPath())) {
        throw new AgentConfigException("shards.advertise", "must have no path");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new AgentConfigException(
          "shards.advertise", "must be http://HOST:PORT or https://HOST:PORT");
    }
  }
}
