package io.dooor.bench.agent;

import io.dooor.agent.SimEvidenceSource;
import io.dooor.agent.run.AgentConfig;
import io.dooor.agent.run.AgentLog;
import io.dooor.agent.run.AgentRunner;
import io.dooor.agent.seal.SimSealer;
import io.dooor.attestation.sim.SimTee;
import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.auth.Identity;
import io.dooor.common.Bytes;
import io.dooor.core.NodeId;
import io.dooor.core.TeeType;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Agent start to ACTIVE with sim evidence, on loopback: the real {@link AgentRunner} from a fresh
 * state folder (identity generated and sealed, the control plane asked about the node, register,
 * challenge, evidence, ACTIVE) until its first wait, timed per agent. The JVM's own start is not
 * included (a real agent process adds it once).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.dooor.bench.agent.AgentStartLatency
 * [agents]}
 */
public final class AgentStartLatency {
  private AgentStartLatency() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    Path dir = Files.createTempDirectory("dooor-agent-start");
    try (Deployment d = Deployment.start(DeploymentConfig.embedded(dir.resolve("data"), 0))) {
      URI url = URI.create("http://127.0.0.1:" + d.port());
      Identity controller = Identity.generate();
      d.plane().init(controller.principal());
      new ApiClient(url, controller)
          .put(
              "/v1/policies/start",
              new Dto.PolicyBody(
                  List.of("sim"), Map.of(), Map.of(), List.of("NotApplicable"), false, 3600L, 300L),
              Dto.PolicyView.class);
      SimTee tee = d.simTee().orElseThrow();
      time(url, tee, dir, "warm-up", n);
      long[] ms = time(url, tee, dir, "measured", n);
      Arrays.sort(ms);
      System.out.printf(
          Locale.ROOT,
          "agent start to ACTIVE (sim, loopback), %d agents one after another: p50 %.1f ms, p90"
              + " %.1f ms, p99 %.1f ms%n",
          n,
          ms[n / 2] / 1e6,
          ms[(int) (n * 0.9)] / 1e6,
          ms[(int) (n * 0.99)] / 1e6);
    }
  }

  private static long[] time(URI url, SimTee tee, Path dir, String phase, int n) throws Exception {
    long[] took = new long[n];
    PrintStream quiet =
        new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    for (int i = 0; i < n; i++) {
      AgentConfig config = config(url, dir, phase + "-" + i);
      SimEvidenceSource tee0 =
          new SimEvidenceSource(tee, config.simMeasurement(), Bytes.of(new byte[16]), false);
      SimSealer sealer = new SimSealer(config.stateDir().resolve("sim-sealing.key"));
      AgentRunner[] runner = new AgentRunner[1];
      long[] firstWait = new long[1];
      runner[0] =
          new AgentRunner(
              config,
              tee0,
              sealer,
              new AgentLog(quiet, Clock.systemUTC()),
              Clock.systemUTC(),
              wait -> {
                firstWait[0] = System.nanoTime();
                runner[0].stop();
              });
      long start = System.nanoTime();
      runner[0].run();
      took[i] = firstWait[0] - start;
    }
    return took;
  }

  private static AgentConfig config(URI url, Path dir, String id) {
    return new AgentConfig(
        url,
        NodeId.of(id),
        "start",
        "sim",
        TeeType.SIM,
        "sim",
        dir.resolve(id),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        Optional.empty(),
        Bytes.of(new byte[48]),
        Optional.empty());
  }
}
