package io.dooor.core.provision;

import java.time.Instant;
import java.util.Objects;

/**
 * A machine the reconciler asked a provider for (issue 14). It is recorded, with its client token,
 * before the create call, so a control plane that crashes after the call repeats it with the same
 * token (the provider answers with the same machine) instead of creating another.
 *
 * @param id the machine id, also its node id
 * @param workload the workload it runs
 * @param provider the provider's name ({@code local}, {@code aws}, ...)
 * @param region the provider region
 * @param clientToken the idempotency token of every create call for this machine
 * @param providerRef the provider's id of the machine, empty until it answered
 * @param state where it is
 * @param joinedBy the principal text that redeemed its join token, empty until then
 * @param createdAt when it was decided
 * @param updatedAt when it last changed
 */
public record Machine(
    String id,
    String workload,
    String provider,
    String region,
    String clientToken,
    String providerRef,
    MachineState state,
    String joinedBy,
    Instant createdAt,
    Instant updatedAt) {
  public Machine {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(clientToken, "clientToken");
    Objects.requireNonNull(providerRef, "providerRef");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(joinedBy, "joinedBy");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public Machine with(MachineState next, Instant at) {
    return new Machine(
        id, workload, provider, region, clientToken, providerRef, next, joinedBy, createdAt, at);
  }

  public Machine withProviderRef(String ref, Instant at) {
    return new Machine(
        id, workload, provider, region, clientToken, ref, state, joinedBy, createdAt, at);
  }

  public Machine joinedBy(String principal, Instant at) {
    return new Machine(
        id, workload, provider, region, clientToken, providerRef, state, principal, createdAt, at);
  }
}
