package io.dooor.server;

import io.dooor.core.ControlPlane;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.Store;
import io.dooor.provision.JoinTokens;
import io.dooor.provision.Provider;
import io.dooor.provision.ProviderCatalog;
import io.dooor.provision.Reconciler;
import io.dooor.provision.WorkloadSpecParser;
import io.dooor.provision.Workloads;
import io.dooor.provision.aws.Ec2Clients;
import io.dooor.provision.aws.Ec2Provider;
import io.dooor.provision.aws.StoredAwsCredentials;
import io.dooor.provision.credentials.ProviderCredentials;
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
 * ProviderCredentials}, sealed under vetKD by {@link CredentialVault}), opened for each call.
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
    return new ProvisionSetup(
        store, clock, ProviderCatalog.of(providers.toArray(Provider[]::new)), credentials);
  }

  List<RouteModule> routes() {
    return List.of(new ProvisionRoutes(workloads, tokens), new CredentialRoutes(credentials));
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
