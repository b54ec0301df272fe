package io.dooor.server;

import io.dooor.server.keyshare.HolderAddresses;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

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
 * @param hardware vendor roots and collateral sources enabling TDX, SGX, SNP and Nitro evidence
 * @param keyShareHolders addresses of remote key-share holder processes ({@code dooor keyshare
 *     start}), or none for the embedded in-process holders
 * @param keyShareTimeout how long to wait for a remote holder (connect and answer)
 * @param clock the control plane's time: challenge and attestation expiry, request signature
 *     freshness, and the instant at which evidence, certificates and collateral are verified. The
 *     system clock in production; a fixed clock lets real vendor evidence, whose certificates and
 *     collateral expired long ago, be verified at a moment inside their validity windows
 * @param repair the shard repair job's settings
 * @param provisioning the cloud providers offered besides {@code local}, and the credential grace
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
    Hardware hardware,
    HolderAddresses keyShareHolders,
    Duration keyShareTimeout,
    Clock clock,
    Repair repair,
    Provisioning provisioning) {
  /** How long a remote key-share holder may take by default. */
  public static final Duration DEFAULT_KEY_SHARE_TIMEOUT = Duration.ofSeconds(5);

  public DeploymentConfig {
    java.util.Objects.requireNonNull(hardware, "hardware");
    java.util.Objects.requireNonNull(keyShareHolders, "keyShareHolders");
    java.util.Objects.requireNonNull(clock, "clock");
    java.util.Objects.requireNonNull(repair, "repair");
    java.util.Objects.requireNonNull(provisioning, "provisioning");
    if (keyShareTimeout.isNegative() || keyShareTimeout.isZero()) {
      throw new IllegalArgumentException("key-share timeout must be positive");
    }
  }

  /** A configuration with embedded key-share holders, on the system clock. */
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
      List<Path> intelCollateral) {
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
        trustDir == null ? Hardware.none() : Hardware.offline(trustDir, intelCollateral),
        HolderAddresses.none(),
        DEFAULT_KEY_SHARE_TIMEOUT,
        Clock.systemUTC(),
        Repair.DEFAULT,
        Provisioning.NONE);
  }

  /** This config with remote key-share holders at {@code holders} instead of embedded ones. */
  public DeploymentConfig withKeyShareHolders(HolderAddresses holders, Duration timeout) {
    return change(
        f -> {
          f.keyShareHolders = holders;
          f.keyShareTimeout = timeout;
        });
  }

  /** This configuration with vendor roots and offline Intel collateral. */
  public DeploymentConfig withHardware(Path trust, List<Path> collateral) {
    return withHardware(Hardware.offline(trust, collateral));
  }

  /** This configuration with vendor roots and collateral sources (enables TDX, SGX, SNP, Nitro). */
  public DeploymentConfig withHardware(Hardware other) {
    return change(f -> f.hardware = other);
  }

  /**
   * This configuration with lifecycle timers: UNREACHABLE after {@code timeout} of silence, the
   * background sweep every {@code interval}.
   */
  public DeploymentConfig withTimers(Duration timeout, Duration interval) {
    return change(
        f -> {
          f.heartbeatTimeout = timeout;
          f.sweepInterval = interval;
        });
  }

  /** This configuration with other shard repair settings. */
  public DeploymentConfig withRepair(Repair other) {
    return change(f -> f.repair = other);
  }

  /**
   * The shard repair job's settings.
   *
   * @param interval time between two passes, and before the first one after start
   * @param grace how long a node is UNREACHABLE before its shards are rebuilt elsewhere (a
   *     DEACTIVATED node's shards are due at once)
   * @param bytesPerSecond write throttle of rebuilt shards
   */
  public record Repair(Duration interval, Duration grace, long bytesPerSecond) {
    /** Every 30 s, after 10 min unreachable, 16 MiB/s. */
    public static final Repair DEFAULT =
        new Repair(ShardRepair.PERIOD, ShardRepair.GRACE, ShardRepair.BYTES_PER_SECOND);

    public Repair {
      java.util.Objects.requireNonNull(interval, "interval");
      java.util.Objects.requireNonNull(grace, "grace");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("repair interval must be positive");
      }
      if (grace.isNegative()) {
        throw new IllegalArgumentException("repair grace must not be negative");
      }
      if (bytesPerSecond <= 0) {
        throw new IllegalArgumentException("repair rate must be positive");
      }
    }
  }

  /** This configuration on another clock (tests of real evidence at its verification time). */
  public DeploymentConfig withClock(Clock other) {
    return change(f -> f.clock = other);
  }

  /** This configuration with other provisioning settings (cloud providers, credential grace). */
  public DeploymentConfig withProvisioning(Provisioning other) {
    return change(f -> f.provisioning = other);
  }

  /**
   * Provisioning settings (issue 14).
   *
   * @param aws the AWS provider, or null when it is not offered
   * @param credentialGrace how long a rotated-out credential version stays stored (usable by calls
   *     under way) before it is erased
   */
  public record Provisioning(Aws aws, java.util.List<Cloud> clouds, Duration credentialGrace) {
    /** How long a rotated-out credential version is kept by default. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    /** No cloud provider; the default grace. */
    public static final Provisioning NONE = new Provisioning(null, DEFAULT_GRACE);

    /** AWS only (or none). */
    public Provisioning(Aws aws, Duration credentialGrace) {
      this(aws, java.util.List.of(), credentialGrace);
    }

    public Provisioning {
      clouds = java.util.List.copyOf(clouds);
      java.util.Objects.requireNonNull(credentialGrace, "credentialGrace");
      if (credentialGrace.isNegative()) {
        throw new IllegalArgumentException("credential grace must not be negative");
      }
    }
  }

  /**
   * The AWS provider (EC2 through the AWS SDK), signing with the credential {@code aws/credential}
   * from the credential store.
   *
   * @param regions the regions specs may place machines in
   * @param endpoint the EC2 endpoint for every region, or null for AWS's own per region
   * @param credential the name of the {@code aws} credential it signs with
   */
  public record Aws(java.util.Set<String> regions, java.net.URI endpoint, String credential) {
    public Aws {
      regions = java.util.Set.copyOf(regions);
      java.util.Objects.requireNonNull(credential, "credential");
      if (regions.isEmpty()) {
        throw new IllegalArgumentException("the aws provider needs at least one region");
      }
    }
  }

  /** This configuration with the fields {@code edit} sets changed. */
  private DeploymentConfig change(java.util.function.Consumer<Fields> edit) {
    Fields f = new Fields(this);
    edit.accept(f);
    return f.build();
  }

  /** A configuration's fields, copied to change some of them ({@link #change}). */
  private static final class Fields {
    private Path dataDir;
    private String databaseUrl;
    private String databaseUser;
    private String databasePassword;
    private String host;
    private int port;
    private boolean simEnabled;
    private Duration heartbeatTimeout;
    private Duration sweepInterval;
    private Hardware hardware;
    private HolderAddresses keyShareHolders;
    private Duration keyShareTimeout;
    private Clock clock;
    private Repair repair;
    private Provisioning provisioning;

    Fields(DeploymentConfig config) {
      dataDir = config.dataDir;
      databaseUrl = config.databaseUrl;
      databaseUser = config.databaseUser;
      databasePassword = config.databasePassword;
      host = config.host;
      port = config.port;
      simEnabled = config.simEnabled;
      heartbeatTimeout = config.heartbeatTimeout;
      sweepInterval = config.sweepInterval;
      hardware = config.hardware;
      keyShareHolders = config.keyShareHolders;
      keyShareTimeout = config.keyShareTimeout;
      clock = config.clock;
      repair = config.repair;
      provisioning = config.provisioning;
    }

    DeploymentConfig build() {
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
          hardware,
          keyShareHolders,
          keyShareTimeout,
          clock,
          repair,
          provisioning);
    }
  }

  /**
   * A cloud provider other than AWS ({@code gcp}, {@code azure}, {@code akash}), configured by its
   * settings ({@code dooor server start --gcp KEY=VALUE}, repeatable): every provider's keys are in
   * one table ({@link #KEYS}), checked here, so that a missing or unknown one is refused naming it.
   * Every provider takes {@code regions} (comma-separated), {@code credential} (the name of its
   * stored credential, default {@code default}) and {@code endpoint} (where its API requests go, a
   * recording endpoint in tests; default: the cloud's own).
   */
  public record Cloud(String provider, java.util.Map<String, String> settings) {
    private static final java.util.List<String> COMMON =
        java.util.List.of("regions", "credential", "endpoint");

    /** Each provider's keys: required first, then {@code |}, then optional. */
    public static final java.util.Map<String, String> KEYS =
        java.util.Map.of(
            "gcp",
            "project|",
            "azure",
            "subscription,resource-group,subnet,ssh-public-key|authority",
            "akash",
            "cli,owner|chain-id,node,gas-prices,denom,max-price,storage-mib,auditors");

    public Cloud {
      settings = java.util.Map.copyOf(settings);
      String keys = KEYS.get(provider);
      if (keys == null) {
        throw new IllegalArgumentException("no cloud provider " + provider);
      }
      java.util.List<String> required =
          new java.util.ArrayList<>(java.util.List.of(keys.split("\\|", -1)[0].split(",")));
      required.add("regions");
      java.util.Set<String> known = new java.util.HashSet<>(required);
      known.addAll(java.util.List.of(keys.split("\\|", -1)[1].split(",")));
      known.addAll(COMMON);
      for (String k : settings.keySet()) {
        if (!known.contains(k)) {
          throw new IllegalArgumentException(
              "--" + provider + " " + k + ": unknown; known: " + new java.util.TreeSet<>(known));
        }
      }
      for (String k : required) {
        if (!settings.containsKey(k) || settings.get(k).isBlank()) {
          throw new IllegalArgumentException("--" + provider + " " + k + "=... is required");
        }
      }
    }

    /** The setting {@code key}, or {@code otherwise}. */
    public String get(String key, String otherwise) {
      return settings.getOrDefault(key, otherwise);
    }

    public java.util.Set<String> regions() {
      return java.util.Set.of(settings.get("regions").split(","));
    }

    public String credential() {
      return get("credential", "default");
    }

    /** The {@code endpoint} setting, or null. */
    public java.net.URI endpoint() {
      String e = settings.get("endpoint");
      return e == null ? null : java.net.URI.create(e);
    }
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
        List.of());
  }
}
