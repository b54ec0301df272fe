package io.dooor.agent.run;

import io.dooor.agent.EvidenceSource;
import io.dooor.agent.SimEvidenceSource;
import io.dooor.agent.seal.Sealer;
import io.dooor.agent.seal.SimSealer;
import io.dooor.attestation.sim.SimTee;
import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** The evidence and sealing providers a configuration names. */
final class Providers {
  private Providers() {}

  static EvidenceSource evidence(AgentConfig config) throws IOException, AgentConfigException {
    switch (config.evidence()) {
      case "sim":
        return simEvidence(config);
      default:
        throw new AgentConfigException(
            "evidence", config.evidence() + " is not available in this build");
    }
  }

  static Sealer sealer(AgentConfig config, EvidenceSource evidence) throws AgentConfigException {
    switch (config.sealing()) {
      case "sim":
        requireSim(config, "sealing");
        return new SimSealer(config.stateDir().resolve("sim-sealing.key"));
      default:
        throw new AgentConfigException(
            "sealing", config.sealing() + " is not available in this build");
    }
  }

  /** Sim evidence, signed with the server's sim root; refused unless the config says sim. */
  private static EvidenceSource simEvidence(AgentConfig config)
      throws IOException, AgentConfigException {
    Path root =
        config
            .simRoot()
            .orElseThrow(
                () -> new AgentConfigException("sim.root", "is required for sim evidence"));
    if (!Files.exists(root)) {
      throw new AgentConfigException("sim.root", "no sim root at " + root);
    }
    SimTee tee = SimTee.loadOrCreate(root, Clock.systemUTC());
    return new SimEvidenceSource(tee, config.simMeasurement(), platform(config), false);
  }

  /** A sim platform id: stable per node id (a real TEE reports its chip). */
  private static Bytes platform(AgentConfig config) {
    byte[] id = config.nodeId().value().getBytes(StandardCharsets.UTF_8);
    return Digests.sha256(id).slice(0, 16);
  }

  private static void requireSim(AgentConfig config, String key) throws AgentConfigException {
    if (!"sim".equals(config.evidence())) {
      throw new AgentConfigException(key, "sim sealing pairs only with sim evidence");
    }
  }
}
