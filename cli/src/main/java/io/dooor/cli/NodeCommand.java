package io.dooor.cli;

import io.dooor.client.Dto;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dooor node list|show|deactivate|drain|admit}. Registration is done by node agents (see
 * demo); {@code admit} does it by hand in development mode (sim TEE).
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "node",
    description = "TEE nodes.",
    subcommands = {
      NodeCommand.ListNodes.class,
      NodeCommand.Show.class,
      NodeCommand.Deactivate.class,
      NodeCommand.Drain.class,
      NodeAdmit.class
    })
final class NodeCommand {
  static String row(Dto.NodeView n) {
    return String.format(
        Locale.ROOT,
        "%-16s %-12s %-6s %-10s %-14s %s",
        n.nodeId(),
        n.state(),
        n.teeType(),
        n.workload(),
        n.tcbStatus(),
        n.attestationExpiresAt() == null ? "-" : n.attestationExpiresAt());
  }

  static void print(Dto.NodeView n, boolean json) {
    if (json) {
      Output.json(n);
      return;
    }
    Output.line("node:        " + n.nodeId() + "  (" + n.state() + ")");
    Output.line(
        "tee:         "
            + n.teeType()
            + ", workload "
            + n.workload()
            + ", policy v"
            + n.policyVersion());
    Output.line("principal:   " + n.principal());
    Output.line("tcb status:  " + n.tcbStatus() + ", platform " + n.platformId());
    Output.line("attested:    " + n.attestedAt() + " until " + n.attestationExpiresAt());
    n.measurements().forEach((k, v) -> Output.line("  " + k + " = " + v));
    if (!n.reason().isEmpty()) {
      Output.line("reason:      " + n.reason());
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the fleet.")
  static final class ListNodes implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Override
    public Integer call() throws Exception {
      List<Dto.NodeView> nodes = opts.client().getList("/v1/nodes", Dto.NodeView.class);
      if (opts.json) {
        Output.json(nodes);
      } else {
        Output.line(
            String.format(
                Locale.ROOT,
                "%-16s %-12s %-6s %-10s %-14s %s",
                "NODE",
                "STATE",
                "TEE",
                "WORKLOAD",
                "TCB",
                "ATTESTED UNTIL"));
        nodes.forEach(n -> Output.line(row(n)));
      }
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one node.")
  static final class Show implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Parameters(index = "0", description = "node id")
    String id;

    @Override
    public Integer call() throws Exception {
      print(opts.client().get("/v1/nodes/" + id, Dto.NodeView.class), opts.json);
      return 0;
    }
  }

  @Command(
      name = "deactivate",
      mixinStandardHelpOptions = true,
      description = "Deactivate a node for good (controllers).")
  static final class Deactivate implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Parameters(index = "0", description = "node id")
    String id;

    @Option(names = "--reason", required = true, description = "Why (recorded)")
    String reason;

    @Override
    public Integer call() throws Exception {
      return move(opts, id, "deactivate", new Dto.Deactivate(reason));
    }
  }

  @Command(
      name = "drain",
      mixinStandardHelpOptions = true,
      description =
          "Drain a node for planned removal (operators, controllers): it may finish its work but"
              + " gets no new shards, and leaves DRAINING only by deactivation.")
  static final class Drain implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Parameters(index = "0", description = "node id")
    String id;

    @Option(names = "--reason", required = true, description = "Why (recorded)")
    String reason;

    @Override
    public Integer call() throws Exception {
      return move(opts, id, "drain", new Dto.Drain(reason));
    }
  }

  /** POST /v1/nodes/{id}/{verb} with {@code body}; prints the node it answers. */
  private static int move(ClientOptions opts, String id, String verb, Object body)
      throws Exception {
    print(opts.client().post("/v1/nodes/" + id + "/" + verb, body, Dto.NodeView.class), opts.json);
    return 0;
  }
}
