package io.dooor.agent.run;

import io.dooor.agent.EvidenceSource;
import io.dooor.agent.seal.Sealer;
import io.dooor.client.Json;
import io.dooor.core.Identifiers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dooor agent start|status}: the node agent as a process. Configuration from a properties
 * file ({@code --config}) with the environment over it ({@code DOOOR_AGENT_*}); see {@link
 * AgentConfig}. The same command runs from {@code dooor-agent.jar}, which carries no server.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "The node agent that runs inside a TEE node.",
    subcommands = {AgentCommand.Start.class, AgentCommand.Status.class})
public final class AgentCommand {
  /** Exit code for a configuration the agent cannot run with. */
  public static final int BAD_CONFIG = 2;

  static AgentConfig config(Path file) throws Exception {
    return AgentConfig.load(Optional.ofNullable(file), System.getenv());
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description =
          "Run the agent: open (or create and seal) the node identity, register and attest,"
              + " heartbeat, attest again before the TTL runs out; on deactivation wipe the state"
              + " folder and exit 0. Logs are JSON lines on stdout.")
  static final class Start implements Callable<Integer> {
    @Option(names = "--config", description = "agent properties file (env DOOOR_AGENT_* wins)")
    Path config;

    @Option(
        names = "--shards-listen",
        paramLabel = "HOST:PORT",
        description = "serve shards here (port 0: any free port); wins over shards.listen")
    String shardsListen;

    @Option(
        names = "--shards-dir",
        paramLabel = "DIR",
        description = "where shards are kept (default <state_dir>-shards); wins over shards.dir")
    String shardsDir;

    @Option(
        names = "--shards-advertise",
        paramLabel = "URL",
        description =
            "the shard endpoint URL told to the control plane; wins over shards.advertise")
    String shardsAdvertise;

    /** The environment with the shard options over it. */
    private Map<String, String> env() {
      Map<String, String> env = new java.util.HashMap<>(System.getenv());
      put(env, "shards.listen", shardsListen);
      put(env, "shards.dir", shardsDir);
      put(env, "shards.advertise", shardsAdvertise);
      return env;
    }

    private static void put(Map<String, String> env, String key, String value) {
      if (value != null) {
        env.put(AgentConfig.envName(key), value);
      }
    }

    @Override
    public Integer call() throws Exception {
      AgentConfig cfg;
      try {
        cfg = AgentConfig.load(Optional.ofNullable(config), env());
      } catch (AgentConfigException e) {
        System.err.println("error: config " + e.getMessage());
        return BAD_CONFIG;
      }
      EvidenceSource evidence = Providers.evidence(cfg);
      Sealer sealer = Providers.sealer(cfg, evidence);
      AgentLog log = new AgentLog(System.out, Clock.systemUTC());
      AgentRunner runner =
          new AgentRunner(
              cfg, evidence, sealer, log, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
      Thread main = Thread.currentThread();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    runner.stop();
                    main.interrupt();
                  }));
      log.info(
          "agent.start",
          "node",
          cfg.nodeId(),
          "server",
          cfg.server(),
          "evidence",
          cfg.evidence(),
          "sealing",
          cfg.sealing(),
          "state_dir",
          cfg.stateDir());
      try {
        return runner.run();
      } catch (InterruptedException e) {
        return 0;
      }
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "Show the agent's identity, state, last and next attestation, from its state folder.")
  static final class Status implements Callable<Integer> {
    @Option(names = "--config", description = "agent properties file (env DOOOR_AGENT_* wins)")
    Path config;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() throws Exception {
      AgentConfig cfg = config(config);
      Optional<AgentStatus> status = new StateDir(cfg.stateDir()).status();
      if (status.isEmpty()) {
        System.out.println("no agent has run in " + cfg.stateDir() + " (or it was deactivated)");
        return 1;
      }
      AgentStatus s = status.get();
      if (json) {
        System.out.println(new String(Json.write(s), StandardCharsets.UTF_8));
        return 0;
      }
      for (Map.Entry<String, Object> row : rows(s).entrySet()) {
        System.out.println(
            row.getKey() + ": " + Identifiers.escaped(String.valueOf(row.getValue())));
      }
      return 0;
    }

    private static Map<String, Object> rows(AgentStatus s) {
      Map<String, Object> rows = new java.util.LinkedHashMap<>();
      rows.put("node", s.nodeId());
      rows.put("principal", s.principal());
      rows.put("state", s.state());
      rows.put("last attestation", s.lastAttestation() == null ? "never" : s.lastAttestation());
      rows.put("next attestation", s.nextAttestation() == null ? "now" : s.nextAttestation());
      rows.put("updated", s.updatedAt() + " by pid " + s.pid());
      if (!s.note().isEmpty()) {
        rows.put("last problem", s.note());
      }
      return rows;
    }
  }
}
