package io.dooor.agent.run;

import io.dooor.agent.EvidenceSource;
import io.dooor.agent.SimEvidenceSource;
import io.dooor.agent.seal.Sealer;
import io.dooor.agent.seal.SealingKeyApi;
import io.dooor.agent.seal.SimSealer;
import io.dooor.agent.seal.SnpSealer;
import io.dooor.agent.seal.VetKdSealer;
import io.dooor.agent.tee.ConfigfsTsmEvidenceSource;
import io.dooor.agent.tee.NitroNsmEvidenceSource;
import io.dooor.agent.tee.NsmDevice;
import io.dooor.agent.tee.SevGuestDevice;
import io.dooor.agent.tee.SevGuestEvidenceSource;
import io.dooor.attestation.sim.SimTee;
import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.TeeType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The evidence and sealing providers a configuration names. Hardware devices are opened here, at
 * start, so that a node without its device stops at once naming it.
 */
final class Providers {
  private Providers() {}

  static EvidenceSource evidence(AgentConfig config) throws IOException, AgentConfigException {
    return switch (config.evidence()) {
      case "sim" -> simEvidence(config);
      case "configfs-tsm" -> configfsTsm(config);
      case "sev-guest" -> new SevGuestEvidenceSource(sevGuest(), 0);
      default -> new NitroNsmEvidenceSource(NsmDevice.open(NsmDevice.DEFAULT_PATH));
    };
  }

  static Sealer sealer(AgentConfig config, EvidenceSource evidence)
      throws IOException, AgentConfigException {
    return switch (config.sealing()) {
      case "sim" -> {
        requireSim(config, "sealing");
        yield new SimSealer(config.stateDir().resolve("sim-sealing.key"));
      }
      case "snp" -> new SnpSealer(sevGuest(), 0);
      default -> new VetKdSealer(config.workload(), evidence, SealingKeyApi.over(config.server()));
    };
  }

  /** configfs-tsm serves TDX quotes and SNP reports (with their certificates). */
  private static EvidenceSource configfsTsm(AgentConfig config) throws AgentConfigException {
    if (config.teeType() != TeeType.TDX && config.teeType() != TeeType.SNP) {
      throw new AgentConfigException("tee_type", "configfs-tsm serves tdx or snp evidence");
    }
    return new ConfigfsTsmEvidenceSource(ConfigfsTsmEvidenceSource.DEFAULT_ROOT, config.teeType());
  }

  private static SevGuestDevice sevGuest() throws IOException {
    return SevGuestDevice.open(SevGuestDevice.DEFAULT_PATH);
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
