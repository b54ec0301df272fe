package io.dooor.agent.run;

import io.dooor.client.ApiClient;
import io.dooor.common.Bytes;
import io.dooor.core.NodeId;
import io.dooor.core.TeeType;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a node agent runs with: read from a properties file, each key overridable by the environment
 * ({@code heartbeat_interval} by {@code DOOOR_AGENT_HEARTBEAT_INTERVAL}, {@code sim.root} by {@code
 * DOOOR_AGENT_SIM_ROOT}). Every value is checked here, once, and a bad one is refused naming its
 * key.
 *
 * @param server the control plane's base URL
 * @param nodeId this node's id
 * @param workload the workload whose policy admits it
 * @param evidence where evidence comes from: {@code sim}, {@code configfs-tsm}, {@code sev-guest},
 *     {@code nsm}
 * @param teeType the TEE kind its evidence is
 * @param sealing how the identity key is sealed: {@code sim}, {@code snp}, {@code vetkd}
 * @param stateDir the folder of the sealed identity and the status file (owner-only)
 * @param heartbeatInterval time between heartbeats
 * @param reattestMargin attest again when less than this is left of the attestation
 * @param maxBackoff the longest wait between retries while the control plane cannot be reached
 * @param simRoot development only: the sim root key the evidence is signed with ({@code
 *     DATA/sim-root.der} of a server started with sim)
 * @param simMeasurement development only: the sim measurement (48 bytes)
 * @param shards the shard store ({@code shards.listen}, {@code shards.dir}, {@code
 *     shards.advertise}); empty when {@code shards.listen} is not set (the node holds no shards)
 */
public record AgentConfig(
    URI server,
    NodeId nodeId,
    String workload,
    String evidence,
    TeeType teeType,
    String sealing,
    Path stateDir,
    Duration heartbeatInterval,
    Duration reattestMargin,
    Duration maxBackoff,
    Optional<Path> simRoot,
    Bytes simMeasurement,
    Optional<ShardStoreConfig> shards) {

  /** The evidence providers by name. */
  public static final Set<String> EVIDENCE = Set.of("sim", "configfs-tsm", "sev-guest", "nsm");

  /** The sealing providers by name. */
  public static final Set<String> SEALING = Set.of("sim", "snp", "vetkd");

  private static final Set<String> KEYS =
      Set.of(
          "server",
          "node_id",
          "workload",
          "evidence",
          "tee_type",
          "sealing",
          "state_dir",
          "heartbeat_interval",
          "reattest_margin",
          "max_backoff",
          "sim.root",
          "sim.measurement",
          "shards.dir",
          "shards.listen",
          "shards.advertise");

  /** Reads {@code file} (optional) with {@code env} over it. */
  public static AgentConfig load(Optional<Path> file, Map<String, String> env)
      throws IOException, AgentConfigException {
    Properties p = new Properties();
    if (file.isPresent()) {
      try (Reader r = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    for (String key : new TreeSet<>(p.stringPropertyNames())) {
      if (!KEYS.contains(key)) {
        throw new AgentConfigException(key, "unknown key (known: " + new TreeSet<>(KEYS) + ")");
      }
    }
    return from(new Values(p, env));
  }

  private static AgentConfig from(Values v) throws AgentConfigException {
    String evidence = v.oneOf("evidence", EVIDENCE, "sim");
    return new AgentConfig(
        v.server(),
        v.nodeId(),
        v.required("workload"),
        evidence,
        v.teeType(evidence),
        v.oneOf("sealing", SEALING, "sim".equals(evidence) ? "sim" : "vetkd"),
        Path.of(v.get("state_dir").orElse("dooor-agent")),
        v.duration("heartbeat_interval", Duration.ofSeconds(5)),
        v.duration("reattest_margin", Duration.ofSeconds(30)),
        v.duration("max_backoff", Duration.ofSeconds(30)),
        v.get("sim.root").map(Path::of),
        v.hex("sim.measurement", "d0".repeat(48)),
        v.shards(Path.of(v.get("state_dir").orElse("dooor-agent"))));
  }

  /** The environment variable that overrides {@code key}. */
  static String envName(String key) {
    return "DOOOR_AGENT_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** A file's values with the environment over them; each accessor names its key on refusal. */
  private record Values(Properties file, Map<String, String> env) {
    Optional<String> get(String key) {
      String value = env.getOrDefault(envName(key), file.getProperty(key));
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    String required(String key) throws AgentConfigException {
      return get(key).orElseThrow(() -> new AgentConfigException(key, "is required"));
    }

    URI server() throws AgentConfigException {
      String text = get("server").orElse("http://127.0.0.1:7070");
      try {
        return ApiClient.checkedBase(URI.create(text));
      } catch (IllegalArgumentException e) {
        throw new AgentConfigException("server", e.getMessage());
      }
    }

    NodeId nodeId() throws AgentConfigException {
      try {
        return NodeId.of(required("node_id"));
      } catch (IllegalArgumentException e) {
        throw new AgentConfigException("node_id", e.getMessage());
      }
    }

    String oneOf(String key, Set<String> names, String fallback) throws AgentConfigException {
      String value = get(key).orElse(fallback);
      if (!names.contains(value)) {
        throw new AgentConfigException(key, "must be one of " + new TreeSet<>(names));
      }
      return value;
    }

    TeeType teeType(String evidence) throws AgentConfigException {
      Optional<String> named = get("tee_type");
      if (named.isEmpty()) {
        return switch (evidence) {
          case "sim" -> TeeType.SIM;
          case "sev-guest" -> TeeType.SNP;
          case "nsm" -> TeeType.NITRO;
          default -> throw new AgentConfigException("tee_type", "is required for " + evidence);
        };
      }
      try {
        return TeeType.parse(named.get());
      } catch (IllegalArgumentException e) {
        throw new AgentConfigException("tee_type", e.getMessage());
      }
    }

    Duration duration(String key, Duration fallback) throws AgentConfigException {
      Optional<String> text = get(key);
      if (text.isEmpty()) {
        return fallback;
      }
      Duration d = Durations.parse(key, text.get());
      if (d.isZero() || d.isNegative()) {
        throw new AgentConfigException(key, "must be positive");
      }
      return d;
    }

    Optional<ShardStoreConfig> shards(Path stateDir) throws AgentConfigException {
      Optional<String> listen = get("shards.listen");
      if (listen.isEmpty()) {
        for (String key : new String[] {"shards.dir", "shards.advertise"}) {
          if (get(key).isPresent()) {
            throw new AgentConfigException(key, "needs shards.listen");
          }
        }
        return Optional.empty();
      }
      return Optional.of(
          ShardStoreConfig.of(
              get("shards.dir")
                  .map(Path::of)
                  .orElse(stateDir.resolveSibling(stateDir.getFileName() + "-shards")),
              listen.get(),
              get("shards.advertise")));
    }

    Bytes hex(String key, String fallback) throws AgentConfigException {
      try {
        return Bytes.fromHex(get(key).orElse(fallback));
      } catch (IllegalArgumentException e) {
        throw new AgentConfigException(key, "is not hex");
      }
    }
  }
}
