package io.dooor.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run a control plane.
 *
 * @param dataDir folder for the SQLite database, the simulation root and key shares
 * @param databaseUrl a PostgreSQL JDBC URL for scale-out, or null for embedded SQLite
 * @param databaseUser PostgreSQL user (ignored for SQLite)
 * @param databasePassword PostgreSQL password (ignored for SQLite)
 * @param host address to listen on
 * @param port port to listen on (0: any free port)
 * @param simEnabled whether sim evidence can be verified at all (policies still decide admission)
 * @param heartbeatTimeout silence after which an ACTIVE node becomes UNREACHABLE
 * @param sweepInterval how often lifecycle timers are checked
 * @param trustDir folder of vendor root certificates (pinned by fingerprint) enabling TDX, SGX, SNP
 *     and Nitro evidence, or null for none
 * @param intelCollateral Intel collateral files or folders (offline bundle) for TDX and SGX
 */
public record DeploymentConfig(
    Path dataDir,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    String host,
    int port,
    boolean simEnabled,
    Duration heartbeatTimeout,
    Duration sweepInterval,
    Path trustDir,
    java.util.List<Path> intelCollateral) {

  public DeploymentConfig {
    intelCollateral = java.util.List.copyOf(intelCollateral);
  }

  /** The embedded default: SQLite in {@code dataDir}, loopback, sim available for development. */
  public static DeploymentConfig embedded(Path dataDir, int port) {
    return new DeploymentConfig(
        dataDir,
        null,
        null,
        null,
        "127.0.0.1",
        port,
        true,
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        null,
        java.util.List.of());
  }
}
