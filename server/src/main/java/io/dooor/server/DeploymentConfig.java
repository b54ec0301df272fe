package io.dooor.server;

import io.dooor.server.keyshare.HolderAddresses;
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
 * @param keyShareHolders addresses of remote key-share holder processes ({@code dooor keyshare
 *     start}), or none for the embedded in-process holders
 * @param keyShareTimeout how long to wait for a remote holder (connect and answer)
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
    java.util.List<Path> intelCollateral,
    HolderAddresses keyShareHolders,
    Duration keyShareTimeout) {
  /** How long a remote key-share holder may take by default. */
  public static final Duration DEFAULT_KEY_SHARE_TIMEOUT = Duration.ofSeconds(5);

  public DeploymentConfig {
    intelCollateral = java.util.List.copyOf(intelCollateral);
    java.util.Objects.requireNonNull(keyShareHolders, "keyShareHolders");
    if (keyShareTimeout.isNegative() || keyShareTimeout.isZero()) {
      throw new IllegalArgumentException("key-share timeout must be positive");
    }
  }

  /** A config with the embedded in-process key-share holders. */
  public DeploymentConfig(
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
    this(
        dataDir,
        databaseUrl,
        databaseUser,
        databasePassword,
        host,
        port,
        simEnabled,
        heartbeatTimeout,
        sweepInterval,
        trustDir,
        intelCollateral,
        HolderAddresses.none(),
        DEFAULT_KEY_SHARE_TIMEOUT);
  }

  /** This config with remote key-share holders at {@code holders} instead of embedded ones. */
  public DeploymentConfig withKeyShareHolders(HolderAddresses holders, Duration timeout) {
    return new DeploymentConfig(
        dataDir,
        databaseUrl,
        databaseUser,
        databasePassword,
        host,
        port,
        simEnabled,
        heartbeatTimeout,
        sweepInterval,
        trustDir,
        intelCollateral,
        holders,
        timeout);
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
