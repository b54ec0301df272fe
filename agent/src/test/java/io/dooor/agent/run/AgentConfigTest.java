package io.dooor.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.core.TeeType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentConfigTest {
  @TempDir Path dir;

  @Test
  void theShippedExampleLoads() throws Exception {
    AgentConfig c =
        AgentConfig.load(Optional.of(Path.of("dist/agent.properties.example")), Map.of());
    assertThat(c.nodeId().value()).isEqualTo("payments-7");
    assertThat(c.evidence()).isEqualTo("configfs-tsm");
    assertThat(c.teeType()).isEqualTo(TeeType.TDX);
    assertThat(c.sealing()).isEqualTo("vetkd");
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void theEnvironmentWinsOverTheFile() throws Exception {
    Path f = file("node_id = a\nworkload = w\nheartbeat_interval = 5s\n");
    AgentConfig c =
        AgentConfig.load(
            Optional.of(f),
            Map.of("DOOOR_AGENT_NODE_ID", "b", "DOOOR_AGENT_HEARTBEAT_INTERVAL", "250ms"));
    assertThat(c.nodeId().value()).isEqualTo("b");
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.evidence()).isEqualTo("sim");
    assertThat(c.sealing()).isEqualTo("sim");
  }

  @Test
  void theShardStoreIsConfiguredOnlyWithShardsListen() throws Exception {
    AgentConfig none = AgentConfig.load(Optional.of(file("node_id = a\nworkload = w\n")), Map.of());
    assertThat(none.shards()).isEmpty();
    AgentConfig some =
        AgentConfig.load(
            Optional.of(file("node_id = a\nworkload = w\nstate_dir = /var/s\n")),
            Map.of("DOOOR_AGENT_SHARDS_LISTEN", "127.0.0.1:0"));
    ShardStoreConfig s = some.shards().orElseThrow();
    assertThat(s.dir()).isEqualTo(Path.of("/var/s-shards"));
    assertThat(s.advertised(new java.net.InetSocketAddress("0.0.0.0", 7001)))
        .hasToString("http://127.0.0.1:7001");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "workload = w|node_id",
        "node_id = a|workload",
        "node_id = a\\nworkload = w\\nheartbeat_interval = soon|heartbeat_interval",
        "node_id = a\\nworkload = w\\nheartbeat_interval = 0s|heartbeat_interval",
        "node_id = a\\nworkload = w\\nevidence = tpm|evidence",
        "node_id = a\\nworkload = w\\nsealing = none|sealing",
        "node_id = a\\nworkload = w\\nevidence = configfs-tsm|tee_type",
        "node_id = a\\nworkload = w\\ntee_type = quantum|tee_type",
        "node_id = a\\nworkload = w\\nserver = localhost:7070|server",
        "node_id = a\\nworkload = w\\nsim.measurement = xyz|sim.measurement",
        "node_id = bad\\u0007id\\nworkload = w|node_id",
        "node_id = a\\nworkload = w\\nheartbeat = 5s|heartbeat",
        "node_id = a\\nworkload = w\\nshards.listen = 7071|shards.listen",
        "node_id = a\\nworkload = w\\nshards.listen = h:70000|shards.listen",
        "node_id = a\\nworkload = w\\nshards.dir = /x|shards.dir",
        "node_id = a\\nworkload = w\\nshards.listen = h:0\\nshards.advertise = ftp://x|shards.advertise",
        "node_id = a\\nworkload = w\\nshards.listen = h:0\\nshards.advertise = http://x/p|shards.advertise",
      })
  void aBadValueIsRefusedNamingItsKey(String text, String key) throws Exception {
    Path f = file(text.replace("\\n", "\n").replace("\\u0007", "\u0007"));
    assertThatThrownBy(() -> AgentConfig.load(Optional.of(f), Map.of()))
        .isInstanceOf(AgentConfigException.class)
        .hasMessageStartingWith(key + " (env " + AgentConfig.envName(key) + ")")
        .extracting(e -> ((AgentConfigException) e).key())
        .isEqualTo(key);
  }

  private Path file(String text) throws Exception {
    Path f = dir.resolve("agent.properties");
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }
}
