package io.dooor.provision;

/** The small request and answer bodies of the provisioning API (snake_case JSON). */
public final class Requests {
  private Requests() {}

  /** {@code POST /v1/workloads/{name}/scale}. */
  public record Scale(Integer count) {}

  /** {@code POST /v1/join}: the one-time join token, signed by the agent's identity key. */
  public record Join(String token) {}

  /** What a join answers: the node id to register and its workload. */
  public record Joined(String nodeId, String workload) {}
}
