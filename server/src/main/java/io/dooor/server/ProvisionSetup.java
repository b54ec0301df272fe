package io.dooor.server;

import io.dooor.core.ControlPlane;
import io.dooor.core.TeeType;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.Store;
import io.dooor.provision.JoinTokens;
import io.dooor.provision.Provider;
import io.dooor.provision.ProviderCatalog;
import io.dooor.provision.Reconciler;
import io.dooor.provision.StoredCredentialProvider;
import io.dooor.provision.WorkloadSpecParser;
import io.dooor.provision.Workloads;
import io.dooor.provision.akash.AkashProvider;
import io.dooor.provision.akash.AkashSdl;
import io.dooor.provision.aws.Ec2Clients;
import io.dooor.provision.aws.Ec2Provider;
import io.dooor.provision.aws.StoredAwsCredentials;
import io.dooor.provision.azure.AzureVmProvider;
import io.dooor.provision.credentials.ProviderCredentials;
import io.dooor.provision.gcp.GceProvider;
import io.dooor.provision.local.LocalProvider;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provisioning part of a deployment (issue 14): the providers it offers, the workload API and
 * the reconciler. With sim evidence enabled it offers the {@code local} provider (node agents as
 * local processes under {@code DATA/machines}, started by {@code DOOOR_LOCAL_AGENT_COMMAND} or by
 * this JVM's own class path); with {@link DeploymentConfig.Aws} configured, the {@code aws}
 * provider, signing with the credential {@code aws/NAME} from the credential store ({@link
 * ProviderCredentials}, sealed under vetKD by {@link CredentialVault}), opened for each call; with
 * {@link DeploymentConfig.Cloud}s configured, the {@code gcp}, {@code azure} and {@code akash}
 * providers, the same way ({@link StoredCredentialProvider}).
 */
final class ProvisionSetup {
  private static final Logger LOG = LoggerFactory.getLogger(ProvisionSetup.class);

  static final Duration JOIN_TOKEN_TTL = Duration.ofMinutes(30);

  private final Store store;
  private final Clock clock;
  private final ProviderCatalog catalog;
  private final Workloads workloads;
  private final JoinTokens tokens;
  private final ProviderCredentials credentials;

  private ProvisionSetup(
      Store store, Clock clock, ProviderCatalog catalog, ProviderCredentials credentials) {
    this.store = store;
    this.clock = clock;
    this.catalog = catalog;
    this.workloads = new Workloads(store, new WorkloadSpecParser(catalog), clock);
    this.tokens = new JoinTokens(store, clock, JOIN_TOKEN_TTL);
    this.credentials = credentials;
  }

  static ProvisionSetup create(DeploymentConfig config, Store store, Clock clock, KeyService keys) {
    Path dataDir = config.dataDir();
    DeploymentConfig.Provisioning settings = config.provisioning();
    ProviderCredentials credentials =
        new ProviderCredentials(
            store, new CredentialVault(keys), clock, settings.credentialGrace());
    List<Provider> providers = new ArrayList<>();
    if (config.simEnabled()) {
      providers.add(
          new LocalProvider(
              dataDir.resolve("machines"), agentCommand(), dataDir.resolve("sim-root.der")));
    }
    DeploymentConfig.Aws aws = settings.aws();
    if (aws != null) {
      Ec2Clients clients =
          new Ec2Clients(
              aws.endpoint(), new StoredAwsCredentials(() -> credentials, aws.credential()));
      providers.add(new Ec2Provider(clients, aws.regions()));
      LOG.info(
          "provider aws: regions {}, signing with credential aws/{}{}",
          new java.util.TreeSet<>(aws.regions()),
          aws.credential(),
          aws.endpoint() == null ? "" : ", endpoint " + aws.endpoint());
    }
    for (DeploymentConfig.Cloud cloud : settings.clouds()) {
      providers.add(cloud(cloud, () -> credentials, clock, dataDir));
      LOG.info(
          "provider {}: regions {}, with credential {}/{}{}",
          cloud.provider(),
          new java.util.TreeSet<>(cloud.regions()),
          cloud.provider(),
          cloud.credential(),
          cloud.endpoint() == null ? "" : ", endpoint " + cloud.endpoint());
    }
    return new ProvisionSetup(
        store, clock, ProviderCatalog.of(providers.toArray(Provider[]::new)), credentials);
  }

  /**
   * A cloud provider other than AWS, its adapter built for each call with its stored credential
   * ({@link StoredCredentialProvider}).
   */
  private static Provider cloud(
      DeploymentConfig.Cloud c,
      java.util.function.Supplier<ProviderCredentials> credentials,
      Clock clock,
      Path dataDir) {
    StoredCredentialProvider.Factory factory;
    java.util.Set<TeeType> tees = java.util.Set.of(TeeType.SNP, TeeType.TDX);
    switch (c.provider()) {
      case GceProvider.NAME -> {
        for (String zone : c.regions()) {
          if (!zone.matches("[a-z]+-[a-z]+[0-9]+-[a-z]")) {
            throw new IllegalArgumentException("--gcp regions: not a zone: " + zone);
          }
        }
        factory = GceProvider.factory(c.get("project", ""), c.regions(), c.endpoint());
      }
      case AzureVmProvider.NAME -> {
        java.net.URI arm =
            c.endpoint() == null
                ? java.net.URI.create("https://management.azure.com")
                : c.endpoint();
        factory =
            AzureVmProvider.factory(
                java.net.http.HttpClient.newHttpClient(),
                java.net.URI.create(c.get("authority", "https://login.microsoftonline.com")),
                new AzureVmProvider.Config(
                    arm,
                    c.get("subscription", ""),
                    c.get("resource-group", ""),
                    c.get("subnet", ""),
                    c.get("ssh-public-key", "")),
                c.regions(),
                clock);
      }
      case AkashProvider.NAME -> {
        String auditors = c.get("auditors", "");
        Path work = dataDir.resolve("akash");
        try {
          java.nio.file.Files.createDirectories(work);
          java.nio.file.Files.setPosixFilePermissions(
              work, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        factory =
            AkashProvider.factory(
                Path.of(c.get("cli", "provider-services")),
                Duration.ofSeconds(120),
                new AkashProvider.Config(
                    "unset",
                    c.get("owner", ""),
                    c.get("chain-id", "akashnet-2"),
                    c.get("node", "https://rpc.akashnet.net:443"),
                    c.get("gas-prices", "0.025uakt"),
                    new AkashSdl.Settings(
                        c.get("denom", "uakt"),
                        Long.parseLong(c.get("max-price", "10000")),
                        Integer.parseInt(c.get("storage-mib", "10240")),
                        auditors.isEmpty() ? List.of() : List.of(auditors.split(","))),
                    c.regions()),
                work);
      }
      default -> throw new IllegalArgumentException("no cloud provider " + c.provider());
    }
    return new StoredCredentialProvider(
        c.provider(), c.regions(), tees, credentials, c.credential(), factory);
  }

  List<RouteModule> routes(ControlPlane plane) {
    return List.of(
        new ProvisionRoutes(workloads, tokens), new CredentialRoutes(credentials, plane));
  }

  /** Erases rotated-out credential versions whose grace has passed. */
  void eraseExpiredCredentials() {
    int erased = credentials.eraseExpired();
    if (erased > 0) {
      LOG.info("erased {} rotated-out credential versions past their grace", erased);
    }
  }

  /** The reconciler of this replica, whose agents call the control plane at {@code url}. */
  Reconciler reconciler(ControlPlane plane, String url) {
    byte[] id = new byte[6];
    new SecureRandom().nextBytes(id);
    String replica =
        "replica-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(id);
    return new Reconciler(store, plane, workloads, catalog, tokens, replica, url, clock);
  }

  /** {@code dooor agent}: the environment's command, or this JVM with its class path. */
  private static List<String> agentCommand() {
    Optional<String> env = Optional.ofNullable(System.getenv("DOOOR_LOCAL_AGENT_COMMAND"));
    if (env.isPresent() && !env.get().isBlank()) {
      return List.of(env.get().trim().split("\\s+"));
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    return List.of(
        java,
        "-Xmx96m",
        "-XX:+UseSerialGC",
        "-cp",
        System.getProperty("java.class.path"),
        "io.dooor.agent.run.AgentMain");
  }
}
