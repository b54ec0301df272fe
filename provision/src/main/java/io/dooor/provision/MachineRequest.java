package io.dooor.provision;

import io.dooor.common.SecretBytes;
import java.util.Objects;

/**
 * What a provider needs to create one machine. The join token is secret: it is put only into the
 * machine's bootstrap (user data, cloud-init, environment of a local process), never logged and
 * never recorded ({@link SecretBytes} prints nothing).
 *
 * @param machineId the machine, and so the node id its agent registers
 * @param spec the workload it runs
 * @param region where (one of the spec's placements)
 * @param clientToken the idempotency token of this machine's create calls
 * @param joinToken the one-time join token for its agent
 * @param controlPlane the URL its agent calls
 */
public record MachineRequest(
    String machineId,
    WorkloadSpec spec,
    String region,
    String clientToken,
    SecretBytes joinToken,
    String controlPlane) {
  public MachineRequest {
    Objects.requireNonNull(machineId, "machineId");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(clientToken, "clientToken");
    Objects.requireNonNull(joinToken, "joinToken");
    Objects.requireNonNull(controlPlane, "controlPlane");
  }
}
