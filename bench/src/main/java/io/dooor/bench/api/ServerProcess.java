package io.dooor.bench.api;

import io.dooor.core.Principal;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A control plane in its own JVM for {@link ServerLoad}: {@code ServerProcess DIR CONTROLLER [URL
 * USER PASSWORD]} serves SQLite in DIR (or the PostgreSQL database at URL, as a replica) on a free
 * loopback port, makes CONTROLLER (a principal) its first controller if the deployment is new,
 * prints {@code PORT n}, and stops when its standard input closes (so it never outlives the tool).
 */
public final class ServerProcess {
  private ServerProcess() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Principal controller = Principal.parse(args[1]);
    DeploymentConfig config =
        args.length > 2
            ? new DeploymentConfig(
                dir,
                args[2],
                args[3],
                args.length > 4 ? args[4] : "",
                "127.0.0.1",
                0,
                true,
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                null,
                List.of())
            : DeploymentConfig.embedded(dir, 0);
    try (Deployment d = Deployment.start(config)) {
      if (d.plane().store().principals().isEmpty()) {
        d.plane().init(controller);
      }
      System.out.println("PORT " + d.port());
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the tool closes our standard input
      }
    }
  }
}
