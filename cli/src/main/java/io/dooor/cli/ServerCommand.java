package io.dooor.cli;

import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dooor server start}: serves the control plane until interrupted. */
@Command(
    name = "server",
    description = "Run the control plane.",
    subcommands = ServerCommand.Start.class)
final class ServerCommand {
  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Start serving the /v1 API.")
  static final class Start implements Callable<Integer> {
    @Option(
        names = "--data",
        defaultValue = "dooor-data",
        description = "Data folder (SQLite, sim root). Default: ${DEFAULT-VALUE}")
    Path data;

    @Option(
        names = "--host",
        defaultValue = "127.0.0.1",
        description = "Listen address. Default: ${DEFAULT-VALUE}")
    String host;

    @Option(
        names = "--port",
        defaultValue = "7070",
        description = "Listen port. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(
        names = "--db-url",
        description = "PostgreSQL JDBC URL (scale-out); default is embedded SQLite")
    String dbUrl;

    @Option(
        names = "--db-user",
        defaultValue = "${env:DOOOR_DB_USER}",
        description = "PostgreSQL user")
    String dbUser;

    @Option(
        names = "--db-password",
        defaultValue = "${env:DOOOR_DB_PASSWORD}",
        description = "PostgreSQL password (or env DOOOR_DB_PASSWORD)")
    String dbPassword;

    @Option(names = "--no-sim", description = "Refuse to verify sim evidence at all (production)")
    boolean noSim;

    @Option(
        names = "--heartbeat-timeout",
        defaultValue = "30",
        description = "Seconds without heartbeat before UNREACHABLE")
    long heartbeatTimeout;

    @Option(
        names = "--trust",
        description =
            "Folder of vendor roots (Intel, AMD, AWS; pinned by fingerprint): enables tdx, sgx, snp, nitro")
    Path trust;

    @Option(names = "--collateral", description = "Intel collateral file or folder (repeatable)")
    java.util.List<Path> collateral = java.util.List.of();

    @Override
    public Integer call() throws InterruptedException {
      DeploymentConfig config =
          new DeploymentConfig(
              data,
              dbUrl,
              dbUser,
              dbPassword,
              host,
              port,
              !noSim,
              Duration.ofSeconds(heartbeatTimeout),
              Duration.ofSeconds(5),
              trust,
              collateral);
      Deployment d = Deployment.start(config);
      System.out.println(
          "dooor control plane listening on http://"
              + host
              + ":"
              + d.port()
              + " (data: "
              + data
              + ")");
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    d.close();
                    stop.countDown();
                  }));
      stop.await();
      return 0;
    }
  }
}
