package io.dooor.server;

import io.dooor.core.ControlPlane;
import io.dooor.core.port.Store;
import io.dooor.provision.JoinTokens;
import io.dooor.provision.Provider;
import io.dooor.provision.ProviderCatalog;
import io.dooor.provision.Reconciler;
import io.dooor.provision.WorkloadSpecParser;
import io.dooor.provision.Workloads;
import io.dooor.provision.local.LocalProvider;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The provisioning part of a deployment (issue 14): the providers it offers, the workload API and
 * the reconciler. With sim evidence enabled it offers the {@code local} provider (node agents as
 * local processes under {@code DATA/machines}, started by {@code DOOOR_LOCAL_AGENT_COMMAND} or by
 * this JVM's own class path); cloud providers are not wired into a deployment yet.
 */
final class ProvisionSetup {
  static final Duration JOIN_TOKEN_TTL = Duration.ofMinutes(30);

  private final Store store;
  private final Clock clock;
  private final ProviderCatalog catalog;
  private final Workloads workloads;
  private final JoinTokens tokens;

  private ProvisionSetup(Store store, Clock clock, ProviderCatalog catalog) {
    this.store = store;
    this.clock = clock;
    this.catalog = catalog;
    this.workloads = new Workloads(store, new WorkloadSpecParser(catalog), clock);
    this.tokens = new JoinTokens(store, clock, JOIN_TOKEN_TTL);
  }

  static ProvisionSetup create(Path dataDir, Store store, Clock clock, boolean sim) {
    List<Provider> providers = new ArrayList<>();
    if (sim) {
      providers.add(
          new LocalProvider(
              dataDir.resolve("machines"), agentCommand(), dataDir.resolve("sim-root.der")));
    }
    return new ProvisionSetup(store, clock, ProviderCatalog.of(providers.toArray(Provider[]::new)));
  }

  RouteModule routes() {
    return new ProvisionRoutes(workloads, tokens);
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
