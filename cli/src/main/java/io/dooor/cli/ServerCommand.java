package io.dooor.cli;

import io.dooor.core.proposal.ProposalRules;
import io.dooor.server.AuditWitnesses;
import io.dooor.server.ControlPlaneIdentity;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import io.dooor.server.Hardware;
import io.dooor.server.keyshare.HolderAddresses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dooor server start}: serves the control plane until interrupted. */
@Command(
    mixinStandardHelpOptions = true,
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
        defaultValue = "${env:DOOOR_PORT:-7070}",
        description = "Listen port (env DOOOR_PORT; 0: any free port). Default: ${DEFAULT-VALUE}")
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
        names = "--sweep-interval",
        defaultValue = "5",
        description = "Seconds between sweeps of the attestation and heartbeat timers")
    long sweepInterval;

    @Option(
        names = "--repair-interval",
        defaultValue = "30",
        description =
            "Seconds between shard repair passes, and before the first one. Default:"
                + " ${DEFAULT-VALUE}")
    long repairInterval;

    @Option(
        names = "--repair-grace",
        defaultValue = "600",
        description =
            "Seconds a node is UNREACHABLE before its shards are rebuilt elsewhere (DEACTIVATED:"
                + " at once). Default: ${DEFAULT-VALUE}")
    long repairGrace;

    @Option(
        names = "--repair-rate",
        defaultValue = "16777216",
        description = "Bytes per second the shard repair writes at most. Default: ${DEFAULT-VALUE}")
    long repairRate;

    @Option(
        names = "--trust",
        description =
            "Folder of vendor roots (Intel, AMD, AWS; pinned by fingerprint): enables tdx, sgx, snp, nitro")
    Path trust;

    @Option(names = "--collateral", description = "Intel collateral file or folder (repeatable)")
    java.util.List<Path> collateral = java.util.List.of();

    @Option(
        names = "--pccs",
        description =
            "Intel PCS or a PCCS (v4 API) base URL for TDX/SGX collateral, fetched, cached and"
                + " verified (instead of --collateral)")
    java.net.URI pccs;

    @Option(
        names = "--kds",
        description = "AMD KDS (or a mirror) base URL for SNP VCEKs, chains and CRLs")
    java.net.URI kds;

    @Option(
        names = "--key-share-holder",
        split = ",",
        paramLabel = "INDEX=URL",
        description =
            "A remote key-share holder (dooor keyshare start), repeatable or comma-separated;"
                + " default: the embedded in-process holders")
    java.util.List<String> keyShareHolders = java.util.List.of();

    @Option(
        names = "--holder-policy",
        paramLabel = "FILE|production",
        description =
            "Require the remote key-share holders' TEE evidence, judged by this policy (JSON as"
                + " for `dooor policy set`; its attestation_ttl_seconds is how long evidence stays"
                + " fresh), or `production` (real hardware only); start is refused below t holders"
                + " that pass. Default: holders are not attested")
    String holderPolicy;

    @Option(
        names = "--holder-attest-interval",
        description =
            "Seconds between two attestations of every holder. Default: a third of the policy's"
                + " attestation_ttl_seconds")
    Long holderAttestInterval;

    @Option(
        names = "--key-share-timeout",
        defaultValue = "5",
        description = "Seconds to wait for a remote key-share holder. Default: ${DEFAULT-VALUE}")
    long keyShareTimeout;

    @Option(
        names = "--witness",
        paramLabel = "URL=COSIGNER_KEY",
        description =
            "A witness (C2SP tlog-witness, e.g. dooor witness start) to submit every audit"
                + " checkpoint to, with its cosigner key; repeatable")
    java.util.List<String> witnesses = java.util.List.of();

    @Option(
        names = "--witness-quorum",
        paramLabel = "N",
        description =
            "Cosignatures that publish a checkpoint (served at /v1/audit/checkpoint). Default:"
                + " every --witness")
    Integer witnessQuorum;

    @Option(
        names = "--approvals",
        split = ",",
        paramLabel = "KIND=M",
        description =
            "Controller approvals a kind of change needs (policy, role_grant,"
                + " recovery_principals, holder_set, provider_credentials; all=M for every kind),"
                + " repeatable or comma-separated; above 1 the change is a proposal that applies"
                + " on its M-th approval (dooor proposal approve). Default: 1 for every kind")
    java.util.List<String> approvals = java.util.List.of();

    @Option(
        names = "--proposal-ttl",
        defaultValue = "604800",
        paramLabel = "SECONDS",
        description = "How long a proposal waits for its approvals. Default: ${DEFAULT-VALUE}")
    long proposalTtl;

    @Option(
        names = "--aws-region",
        split = ",",
        paramLabel = "REGION",
        description =
            "Offer the aws provider (EC2) in this region, repeatable or comma-separated; it signs"
                + " with the credential aws/--aws-credential (dooor provider credentials set)")
    java.util.List<String> awsRegions = java.util.List.of();

    @Option(
        names = "--aws-credential",
        defaultValue = "default",
        paramLabel = "NAME",
        description = "The aws credential the provider signs with. Default: ${DEFAULT-VALUE}")
    String awsCredential;

    @Option(
        names = "--aws-endpoint",
        paramLabel = "URL",
        description = "Send every EC2 request to this endpoint (default: AWS's, per region)")
    java.net.URI awsEndpoint;

    @Option(
        names = "--gcp",
        paramLabel = "KEY=VALUE",
        description =
            "Offer the gcp provider (Compute Engine Confidential VM) with this setting,"
                + " repeatable: project, regions (zones, comma-separated), credential, endpoint")
    java.util.Map<String, String> gcp = new java.util.LinkedHashMap<>();

    @Option(
        names = "--azure",
        paramLabel = "KEY=VALUE",
        description =
            "Offer the azure provider (confidential VMs) with this setting, repeatable:"
                + " subscription, resource-group, subnet, ssh-public-key, regions, credential,"
                + " endpoint, authority")
    java.util.Map<String, String> azure = new java.util.LinkedHashMap<>();

    @Option(
        names = "--akash",
        paramLabel = "KEY=VALUE",
        description =
            "Offer the akash provider with this setting, repeatable: cli, owner, regions,"
                + " credential, chain-id, node, gas-prices, denom, max-price, storage-mib,"
                + " auditors. Every cloud signs with its stored credential PROVIDER/credential"
                + " (default 'default'; dooor provider credentials set)")
    java.util.Map<String, String> akash = new java.util.LinkedHashMap<>();

    @Option(
        names = "--credential-grace",
        defaultValue = "3600",
        paramLabel = "SECONDS",
        description =
            "How long a rotated-out provider credential version is kept before it is erased."
                + " Default: ${DEFAULT-VALUE}")
    long credentialGrace;

    @Spec CommandSpec spec;

    private DeploymentConfig.Provisioning provisioning() {
      if (credentialGrace < 0) {
        throw new ParameterException(spec.commandLine(), "--credential-grace must not be negative");
      }
      if (awsRegions.isEmpty() && awsEndpoint != null) {
        throw new ParameterException(spec.commandLine(), "--aws-endpoint needs --aws-region");
      }
      DeploymentConfig.Aws aws =
          awsRegions.isEmpty()
              ? null
              : new DeploymentConfig.Aws(Set.copyOf(awsRegions), awsEndpoint, awsCredential);
      java.util.List<DeploymentConfig.Cloud> clouds = new java.util.ArrayList<>();
      java.util.Map<String, java.util.Map<String, String>> given =
          java.util.Map.of("gcp", gcp, "azure", azure, "akash", akash);
      for (String provider : new java.util.TreeSet<>(given.keySet())) {
        if (!given.get(provider).isEmpty()) {
          try {
            clouds.add(new DeploymentConfig.Cloud(provider, given.get(provider)));
          } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
          }
        }
      }
      return new DeploymentConfig.Provisioning(aws, clouds, Duration.ofSeconds(credentialGrace));
    }

    @Override
    public Integer call() throws InterruptedException, java.io.IOException {
      if (heartbeatTimeout <= 0 || sweepInterval <= 0) {
        throw new ParameterException(
            spec.commandLine(), "--heartbeat-timeout and --sweep-interval must be positive");
      }
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
              Duration.ofSeconds(sweepInterval),
              null,
              java.util.List.of());
      try {
        config =
            config.withRepair(
                new DeploymentConfig.Repair(
                    Duration.ofSeconds(repairInterval),
                    Duration.ofSeconds(repairGrace),
                    repairRate));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            spec.commandLine(),
            "--repair-interval and --repair-rate must be positive, --repair-grace not negative: "
                + e.getMessage());
      }
      if (trust != null) {
        try {
          config = config.withHardware(new Hardware(trust, collateral, pccs, kds));
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), e.getMessage());
        }
      } else if (!collateral.isEmpty() || pccs != null || kds != null) {
        throw new ParameterException(
            spec.commandLine(), "--collateral, --pccs and --kds need --trust (the vendor roots)");
      }
      config = config.withProvisioning(provisioning());
      if (!keyShareHolders.isEmpty()) {
        config = config.withKeyShareHolders(holders(), Duration.ofSeconds(keyShareTimeout));
      } else if (holderPolicy != null) {
        throw new ParameterException(
            spec.commandLine(), "--holder-policy needs remote holders (--key-share-holder)");
      }
      ProposalRules rules = approvals();
      Deployment d = Deployment.start(config, witnesses(), rules);
      d.warnings().forEach(w -> Output.err("warning: " + w));
      Output.line("audit verifier key: " + d.auditVerifierKey());
      rules
          .thresholds()
          .forEach(
              (kind, m) ->
                  Output.line(
                      "changes of kind "
                          + kind.wireName()
                          + " need "
                          + m
                          + " controller approvals"));
      if (!witnesses.isEmpty()) {
        Output.line(
            "audit checkpoints are published once "
                + witnesses().quorum()
                + " of "
                + witnesses.size()
                + " witnesses cosigned them");
      }
      if (!keyShareHolders.isEmpty()) {
        Output.line(
            "vetKD through remote key-share holders "
                + config.keyShareHolders().byIndex()
                + ", signing as "
                + ControlPlaneIdentity.loadOrCreate(data).principal());
      }
      // last: whoever waits for this line (scripts, tests) finds every line above it printed
      Output.line(
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

    private AuditWitnesses witnesses() {
      if (witnessQuorum != null && witnesses.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "--witness-quorum needs --witness");
      }
      try {
        return AuditWitnesses.parse(witnesses, witnessQuorum);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }

    private ProposalRules approvals() {
      try {
        return ProposalRules.parse(approvals, Duration.ofSeconds(proposalTtl));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }

    private HolderAddresses holders() {
      if (keyShareTimeout < 1) {
        throw new ParameterException(spec.commandLine(), "--key-share-timeout must be positive");
      }
      HolderAddresses parsed;
      try {
        parsed = HolderAddresses.parse(keyShareHolders);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      if (holderPolicy == null) {
        if (holderAttestInterval != null) {
          throw new ParameterException(
              spec.commandLine(), "--holder-attest-interval needs --holder-policy");
        }
        return parsed;
      }
      io.dooor.core.Policy policy =
          PolicyFiles.read(spec, "--holder-policy", holderPolicy, "keyshare-holders");
      Duration interval =
          holderAttestInterval != null
              ? Duration.ofSeconds(holderAttestInterval)
              : Duration.ofSeconds(Math.max(1, policy.attestationTtl().toSeconds() / 3));
      try {
        return parsed.attested(new HolderAddresses.Attestation(policy, interval));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            spec.commandLine(), "--holder-attest-interval: " + e.getMessage());
      }
    }
  }
}
