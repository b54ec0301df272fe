package io.dooor.provision;

import java.util.List;

/**
 * A workload as the API shows it: its spec in force, that spec's version, and its machines with the
 * state of the node each became. Never a join token or a credential.
 *
 * @param name the workload
 * @param version the spec version in force
 * @param deleted whether that version deleted the workload
 * @param spec the spec (canonical JSON as an object)
 * @param machines its machines, oldest first (terminated ones included)
 * @param active how many of its nodes are ACTIVE
 */
public record WorkloadView(
    String name,
    long version,
    boolean deleted,
    com.fasterxml.jackson.databind.JsonNode spec,
    List<MachineView> machines,
    int active) {

  /** One machine: where it runs and what its node is. */
  public record MachineView(
      String id,
      String provider,
      String region,
      String providerRef,
      String state,
      String nodeState) {}
}
