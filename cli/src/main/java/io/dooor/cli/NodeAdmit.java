package io.dooor.cli;

import io.dooor.agent.NodeAgent;
import io.dooor.agent.SimEvidenceSource;
import io.dooor.attestation.sim.SimTee;
import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.NodeId;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dooor node admit}: registers and attests a node by hand, in DEVELOPMENT MODE only. The TEE
 * is simulated: its evidence is signed with the server's sim root ({@code DATA/sim-root.der}),
 * which only a server started with sim enabled trusts, and only for workloads whose policy allows
 * {@code sim}. The node signs its requests with a new identity key, written owner-only to {@code
 * --identity-out} (never overwriting a file) before registration.
 */
@Command(
    name = "admit",
    mixinStandardHelpOptions = true,
    description =
        "DEVELOPMENT MODE: register and admit a simulated (sim) TEE node, signing its evidence"
            + " with the server's sim root DATA/sim-root.der; writes the node's identity key.")
final class NodeAdmit implements Callable<Integer> {
  @Option(names = "--id", required = true, description = "node id")
  String id;

  @Option(
      names = "--workload",
      required = true,
      description = "workload (its policy must allow sim)")
  String workload;

  @Option(
      names = "--identity-out",
      required = true,
      description = "new file for the node's identity key (PEM, owner-only)")
  Path identityOut;

  @Option(
      names = "--data",
      defaultValue = "dooor-data",
      description = "The server's data folder, holding sim-root.der. Default: ${DEFAULT-VALUE}")
  Path data;

  @Option(
      names = "--measurement",
      description = "48-byte sim measurement, hex. Default: d0 repeated 48 times")
  String measurement = "d0".repeat(48);

  @Option(
      names = "--server",
      defaultValue = "${env:DOOOR_SERVER:-http://127.0.0.1:7070}",
      description = "Control plane URL (env DOOOR_SERVER). Default: ${DEFAULT-VALUE}")
  URI server;

  @Option(names = "--json", description = "Machine-readable output")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Path rootFile = data.resolve("sim-root.der");
    if (!Files.exists(rootFile)) {
      throw new IOException(
          "no sim root at "
              + rootFile
              + ": pass --data with the data folder of a server started with sim enabled");
    }
    SimTee tee = SimTee.loadOrCreate(rootFile, Clock.systemUTC());
    Identity key = Identity.generate();
    key.save(identityOut);
    Dto.NodeView node = agent(tee, key).admit();
    if (json) {
      Output.json(node);
      return 0;
    }
    Output.line(
        "DEVELOPMENT MODE: sim TEE, evidence signed by the sim root in "
            + data
            + "; not for production");
    Output.line(NodeCommand.row(node));
    Output.line("identity key: " + identityOut + " (principal " + key.principal() + ")");
    return 0;
  }

  private NodeAgent agent(SimTee tee, Identity key) {
    Bytes platform = Bytes.of(Arrays.copyOf(key.principal().toBytes(), 16));
    SimEvidenceSource source =
        new SimEvidenceSource(tee, Bytes.fromHex(measurement), platform, false);
    return new NodeAgent(
        NodeId.of(id), workload, key, source, new ApiClient(ApiClient.checkedBase(server), key));
  }
}
