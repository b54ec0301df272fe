package io.dooor.server;

import io.dooor.attestation.AttestationVerifier;
import io.dooor.attestation.HardwareVerifiers;
import io.dooor.attestation.intel.CollateralException;
import io.dooor.attestation.pki.PkiException;
import io.dooor.attestation.sim.SimEvidenceVerifier;
import io.dooor.attestation.sim.SimTee;
import io.dooor.audit.AuditException;
import io.dooor.audit.AuditLog;
import io.dooor.audit.CheckpointSigner;
import io.dooor.audit.CosignatureCollector;
import io.dooor.audit.Integrator;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.InMemoryNonceRegistry;
import io.dooor.client.auth.NonceRegistry;
import io.dooor.common.OwnerOnlyFiles;
import io.dooor.core.ControlPlane;
import io.dooor.core.Principal;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.Store;
import io.dooor.core.proposal.ProposalKind;
import io.dooor.core.proposal.ProposalRules;
import io.dooor.provision.Reconciler;
import io.dooor.server.internal.RequestAuthenticator;
import io.dooor.server.keyshare.HolderAttestations;
import io.dooor.server.keyshare.HolderFaultLog;
import io.dooor.server.keyshare.HolderSetChanges;
import io.dooor.server.keyshare.HolderSetSync;
import io.dooor.server.keyshare.SimControlPlaneTee;
import io.dooor.store.JdbcStore;
import io.dooor.store.audit.JdbcAuditLog;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.service.VetKdKeyService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running control plane: its store, verifiers, key service, HTTP server and background sweep,
 * assembled from a {@link DeploymentConfig}. The embedded default is SQLite in the data folder.
 */
public final class Deployment implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Deployment.class);

  private final Store store;
  private final ControlPlane plane;
  private final ControlPlaneServer server;
  private final SimTee simTee;
  private final ScheduledExecutorService background;
  private final Integrator integrator;
  private final CosignatureCollector cosignatures;
  private final CheckpointSigner signer;
  private final ReplicaDuties duties;
  private final DataFolderLock lock;
  private final List<String> warnings;

  private Deployment(
      Store store,
      ControlPlane plane,
      ControlPlaneServer server,
      SimTee simTee,
      ScheduledExecutorService bg,
      Integrator integrator,
      CosignatureCollector cosignatures,
      CheckpointSigner signer,
      ReplicaDuties duties,
      DataFolderLock lock,
      List<String> warnings) {
    this.duties = duties;
    this.cosignatures = cosignatures;
    this.lock = lock;
    this.warnings = List.copyOf(warnings);
    this.store = store;
    this.plane = plane;
    this.server = server;
    this.simTee = simTee;
    this.background = bg;
    this.integrator = integrator;
    this.signer = signer;
  }

  /**
   * Locks the data folder ({@link DataFolderLock}), checks its permissions ({@link
   * DataFolderCheck}), opens the store, builds the control plane and starts serving.
   *
   * @throws UncheckedIOException caused by a {@link DataFolderLockedException} if another process
   *     holds the data folder
   */
  public static Deployment start(DeploymentConfig config) {
    return start(config, AuditWitnesses.none());
  }

  /**
   * As {@link #start(DeploymentConfig)}, submitting every audit checkpoint to {@code witnesses} in
   * the background; a checkpoint is published (served at {@code /v1/audit/checkpoint}) once their
   * quorum cosigned it.
   */
  public static Deployment start(DeploymentConfig config, AuditWitnesses witnesses) {
    return start(config, witnesses, ProposalRules.single());
  }

  /**
   * As {@link #start(DeploymentConfig, AuditWitnesses)}, with m of n controller approvals for the
   * kinds of change {@code approvals} names (issue 16): a change needing more than one is answered
   * 202 with a proposal and applies when its last approval arrives.
   */
  public static Deployment start(
      DeploymentConfig config, AuditWitnesses witnesses, ProposalRules approvals) {
    DataFolderLock lock;
    try {
      lock = DataFolderLock.acquire(config.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    try {
      return start(config, witnesses, approvals, lock);
    } catch (RuntimeException e) {
      closeQuietly(lock, e);
      throw e;
    }
  }

  private static void closeQuietly(DataFolderLock lock, RuntimeException cause) {
    try {
      lock.close();
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  private static Deployment start(
      DeploymentConfig config,
      AuditWitnesses witnesses,
      ProposalRules approvals,
      DataFolderLock lock) {
    try {
      List<String> warnings = DataFolderCheck.check(config.dataDir());
      warnings.forEach(LOG::warn);
      Clock clock = config.clock();
      JdbcStore store = openStore(config);
      ControlPlaneMetrics metrics = new ControlPlaneMetrics();
      store.observeWrites(storeMeter(metrics));
      store.bindPoolMeters(metrics.registry());
      DeploymentIdentity shared;
      KeyServices.Built keyServices;
      SimTee sim;
      EvidenceVerifier verifier;
      try {
        sim =
            config.simEnabled()
                ? SimTee.loadOrCreate(config.dataDir().resolve("sim-root.der"), clock)
                : null;
        verifier = new AttestationVerifier(verifiers(sim, config));
        shared = config.databaseUrl() != null ? DeploymentIdentity.join(store, config) : null;
        keyServices =
            KeyServices.create(
                config,
                shared,
                verifier,
                sim == null ? null : SimControlPlaneTee.of(sim),
                HolderSetChanges.applied(store));
      } catch (IOException | RuntimeException e) {
        store.close();
        throw e;
      }
      VetKdService vetkd = keyServices.vetkd();
      Principal canisterId =
          shared != null ? shared.canisterId() : KeyServices.deploymentId(config.dataDir());
      KeyService keys = new VetKdKeyService(vetkd, canisterId);
      ControlPlane plane =
          new ControlPlane(store, verifier, keys, clock, config.heartbeatTimeout());
      plane.configureProposals(approvals);
      vetkd.holderHealth().addListener(new HolderFaultLog(plane));
      HolderAttestations attested = keyServices.attestations();
      HolderSetSync holderSet = keyServices.holderSet();
      if (attested != null) {
        attested.recordTo(plane);
        plane.registerApplier(ProposalKind.HOLDER_SET, holderSet.applier());
      }
      CheckpointSigner signer =
          shared != null
              ? shared.auditSigner()
              : AuditSigners.loadOrCreate(config.dataDir(), canisterId);
      ReplicaDuties duties =
          shared != null
              ? new ReplicaDuties(
                  plane, ReplicaDuties.holderName(), ReplicaDuties.ttlFor(config.sweepInterval()))
              : null;
      JdbcAuditLog auditStorage = new JdbcAuditLog(store.dataSource());
      Integrator integrator =
          new Integrator(duties != null ? auditStorage.fencedBy(duties) : auditStorage, signer);
      AuditLog auditLog = new AuditLog(auditStorage);
      CosignatureCollector cosignatures = collector(auditLog, auditStorage, witnesses);
      AuditMeters auditMeters = AuditMeters.register(auditStorage, clock, metrics);
      integrator.onPublished(
          note -> {
            auditMeters.published(note);
            if (cosignatures != null) {
              cosignatures.offer(note);
            }
          });
      metrics.nodes(store);
      ProvisionSetup provision = ProvisionSetup.create(config, store, clock, keys);
      Identity controlPlane =
          shared != null
              ? shared.controlPlane()
              : ControlPlaneIdentity.loadOrCreate(config.dataDir());
      List<RouteModule> modules = new java.util.ArrayList<>();
      modules.add(new VetKdRoutes(vetkd, keys, canisterId, plane, keyServices.holders()));
      modules.add(new SealingRoutes(plane, keys));
      modules.add(new HolderSetRoutes(plane, holderSet));
      modules.add(new DataRoutes(plane, keys, canisterId, controlPlane, DataRoutes.GRANT_TTL));
      modules.add(new AuditRoutes(plane, auditLog, signer.verifierKey().toString(), witnesses));
      modules.addAll(provision.routes(plane));
      ControlPlaneServer server =
          new ControlPlaneServer(plane, authenticator(config, store, clock), modules, metrics)
              .start(config.host(), config.port());
      ScheduledExecutorService bg =
          Executors.newScheduledThreadPool(2, r -> daemon(r, "dooor-background"));
      if (duties != null) {
        LOG.info(
            "replica {}: background duties by lease ({} each)",
            duties.holder(),
            ReplicaDuties.ttlFor(config.sweepInterval()));
        duties.schedule(bg, config.sweepInterval(), integrator, metrics::round);
        duties.meter(metrics);
      } else {
        integrator.start(1000);
        long period = config.sweepInterval().toMillis();
        Periodic.every(bg, "sweep", period, period, metrics::round, () -> sweep(plane));
      }
      Periodic.every(bg, "flush", 1000, 1000, metrics::round, server::flushRefusals);
      if (attested != null) {
        long every = config.keyShareHolders().attestation().interval().toMillis();
        Periodic.every(bg, "holder-attestation", every, every, metrics::round, attested::round);
        Periodic.every(bg, "holder-set", 1000, 1000, metrics::round, () -> holderSet.sync(store));
      }
      Reconciler reconciler =
          provision.reconciler(plane, "http://" + loopback(config.host()) + ":" + server.port());
      Periodic.every(bg, "reconcile", 1000, 1000, metrics::round, reconciler::reconcileAll);
      Periodic.every(
          bg, "credential-erase", 1000, 1000, metrics::round, provision::eraseExpiredCredentials);
      ShardRepair repair = ShardRepair.of(plane, controlPlane, config.dataDir(), config.repair());
      long every = config.repair().interval().toMillis();
      Periodic.every(bg, "repair", every, every, metrics::round, () -> repair(repair));
      return new Deployment(
          store, plane, server, sim, bg, integrator, cosignatures, signer, duties, lock, warnings);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /**
   * Request authentication whose replay protection survives a crash. With replicas (PostgreSQL) the
   * nonces live in the shared database: a request served by one replica is a replay at every other,
   * and after any restart. The embedded single-process default remembers them in this process,
   * which is exact while it runs, and refuses every request created before the first whole second
   * after it started ({@link InMemoryNonceRegistry#fresh}), so nothing captured before a crash or
   * restart is served again, at no write per request.
   */
  static RequestAuthenticator authenticator(DeploymentConfig config, JdbcStore store, Clock clock) {
    NonceRegistry nonces =
        config.databaseUrl() != null
            ? new StoreNonceRegistry(store)
            : InMemoryNonceRegistry.fresh(clock);
    return Authenticators.signed(clock, nonces);
  }

  /**
   * The store a config names: PostgreSQL when a JDBC URL is given, else SQLite in the data folder.
   */
  public static JdbcStore openStore(DeploymentConfig config) {
    if (config.databaseUrl() != null) {
      return JdbcStore.postgres(
          config.databaseUrl(), config.databaseUser(), config.databasePassword());
    }
    return JdbcStore.sqlite(config.dataDir().resolve("dooor.db"));
  }

  private static List<EvidenceVerifier> verifiers(SimTee sim, DeploymentConfig config)
      throws IOException {
    List<EvidenceVerifier> all = new ArrayList<>();
    Hardware hw = config.hardware();
    if (hw.enabled()) {
      try {
        all.addAll(
            HardwareVerifiers.create(
                hw.trustDir(), hw.intelCollateral(), hw.pccs(), hw.kds(), config.clock()));
      } catch (PkiException | CollateralException e) {
        throw new IOException("cannot load vendor roots or collateral: " + e.getMessage(), e);
      }
    }
    if (sim != null) {
      all.add(new SimEvidenceVerifier(sim.rootPublicKey(), Duration.ofMinutes(5)));
    }
    return all;
  }

  /** The background witness submissions, or null without witnesses. */
  private static CosignatureCollector collector(
      AuditLog log, JdbcAuditLog storage, AuditWitnesses witnesses) {
    if (!witnesses.enabled()) {
      return null;
    }
    List<CosignatureCollector.Endpoint> endpoints = new ArrayList<>();
    for (AuditWitnesses.Witness w : witnesses.witnesses()) {
      endpoints.add(
          new CosignatureCollector.Endpoint(
              w.key(), w.url().toString(), new HttpWitnessTransport(w.url())));
    }
    return new CosignatureCollector(log, storage, endpoints, Deployment::witnessed, 2000);
  }

  /** Logs what the witnesses did with a checkpoint: refusals as warnings (a fork shows here). */
  private static void witnessed(List<CosignatureCollector.Outcome> outcomes) {
    for (CosignatureCollector.Outcome o : outcomes) {
      switch (o.status()) {
        case COSIGNED, ALREADY_COSIGNED ->
            LOG.debug("witness {} cosigned size {}", o.witness().address(), o.size());
        default ->
            LOG.warn(
                "witness {} did not cosign size {}: {} {}",
                o.witness().address(),
                o.size(),
                o.status(),
                o.detail());
      }
    }
  }

  /** The address agents on this machine use for {@code host} (a wildcard means loopback). */
  private static String loopback(String host) {
    return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
  }

  private static void sweep(ControlPlane plane) throws Exception {
    plane.sweep().forEach(n -> LOG.info("node {} is now {} ({})", n.id(), n.state(), n.reason()));
    plane.expireProposals().forEach(p -> LOG.info("proposal {} expired", p.id()));
  }

  private static void repair(ShardRepair repair) throws Exception {
    int placed = repair.runOnce();
    if (placed > 0) {
      LOG.info("repair placed {} shards", placed);
    }
  }

  /** Store writes timed, store failures counted (by where: a request's or a duty's). */
  private static JdbcStore.WriteObserver storeMeter(ControlPlaneMetrics metrics) {
    return new JdbcStore.WriteObserver() {
      @Override
      public void committed(long nanos) {
        metrics.storeWrite(nanos);
      }

      @Override
      public void failed(io.dooor.store.StoreException e) {
        metrics.storeError("write");
      }
    };
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public ControlPlane plane() {
    return plane;
  }

  public int port() {
    return server.port();
  }

  /** The audit log's verifier key (C2SP signed-note format), for auditors. */
  /**
   * The audit log's verifier key for the deployment in {@code dataDir}, creating the signing key on
   * first use (as the first start would): what {@code init} and {@code server start} print for
   * auditors to take out of band.
   */
  public static String auditVerifierKey(java.nio.file.Path dataDir) throws IOException {
    OwnerOnlyFiles.createDirectories(dataDir);
    return AuditSigners.loadOrCreate(dataDir, KeyServices.deploymentId(dataDir))
        .verifierKey()
        .toString();
  }

  /**
   * Creates the deployment identity shared by replicas in the PostgreSQL database {@code config}
   * names (once; a second call reads it), from {@code config}'s data folder (its key shares, or the
   * public key of shares already exported); returns the audit verifier key. What {@code init
   * --db-url} does.
   */
  public static String createIdentity(DeploymentConfig config) throws IOException {
    try (JdbcStore store = openStore(config)) {
      return DeploymentIdentity.join(store, config).auditSigner().verifierKey().toString();
    }
  }

  /** The verifier key of the signer already in {@code dataDir}, if any; creates nothing. */
  public static java.util.Optional<String> existingAuditVerifierKey(java.nio.file.Path dataDir)
      throws IOException {
    return AuditSigners.verifierKey(dataDir);
  }

  public String auditVerifierKey() {
    return signer.verifierKey().toString();
  }

  /** Integrates everything appended so far and publishes a signed checkpoint now. */
  public String publishCheckpoint() throws AuditException {
    return duties != null ? duties.publishNow(integrator) : integrator.publishNow();
  }

  /**
   * This replica's lease-holder name, when it shares PostgreSQL with other replicas and does
   * background duties by lease (issue 15).
   */
  public java.util.Optional<String> replicaName() {
    return java.util.Optional.ofNullable(duties).map(ReplicaDuties::holder);
  }

  /** The simulated TEE vendor of this development deployment, if sim is enabled. */
  public java.util.Optional<SimTee> simTee() {
    return java.util.Optional.ofNullable(simTee);
  }

  /** What the start-up check of the data folder's permissions warned about. */
  public List<String> warnings() {
    return warnings;
  }

  /** Stops serving and releases the data folder's lock last. */
  @Override
  public void close() {
    background.shutdownNow();
    integrator.close();
    if (cosignatures != null) {
      cosignatures.close();
    }
    server.close();
    store.close();
    try {
      lock.close();
    } catch (IOException e) {
      LOG.warn("releasing the data folder lock failed: {}", e.toString());
    }
  }
}
