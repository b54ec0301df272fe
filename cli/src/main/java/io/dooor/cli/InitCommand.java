package io.dooor.cli;

import io.dooor.client.auth.Identity;
import io.dooor.client.auth.IdentityException;
import io.dooor.core.ControlPlaneException;
import io.dooor.core.Principal;
import io.dooor.server.DataFolderCheck;
import io.dooor.server.DataFolderLock;
import io.dooor.server.Deployment;
import io.dooor.server.DeploymentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dooor init}: creates the first controller identity and records it in the store. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "Create the first controller identity.")
final class InitCommand implements Callable<Integer> {
  @Option(
      names = "--data",
      defaultValue = "dooor-data",
      description = "Data folder. Default: ${DEFAULT-VALUE}")
  Path data;

  @Option(
      names = "--identity",
      description = "Where to write the controller key (default: DATA/controller.pem)")
  Path identityFile;

  @Option(
      names = "--db-url",
      description = "PostgreSQL JDBC URL; default is embedded SQLite in --data")
  String dbUrl;

  @Option(names = "--db-user", defaultValue = "${env:DOOOR_DB_USER}")
  String dbUser;

  @Option(names = "--db-password", defaultValue = "${env:DOOOR_DB_PASSWORD}")
  String dbPassword;

  /** Holds the data folder's lock throughout: a running server (or another init) refuses it. */
  @Override
  public Integer call() throws IOException, IdentityException, ControlPlaneException {
    try (DataFolderLock lock = DataFolderLock.acquire(data)) {
      DataFolderCheck.check(data).forEach(w -> Output.err("warning: " + w));
      return initialise();
    }
  }

  private int initialise() throws IOException, IdentityException, ControlPlaneException {
    Path file = identityFile != null ? identityFile : data.resolve("controller.pem");
    Identity id = Files.exists(file) ? Identity.load(file) : newIdentity(file);
    DeploymentConfig config =
        new DeploymentConfig(
            data,
            dbUrl,
            dbUser,
            dbPassword,
            "127.0.0.1",
            0,
            true,
            java.time.Duration.ofSeconds(30),
            java.time.Duration.ofSeconds(5),
            null,
            java.util.List.of());
    try (var store = Deployment.openStore(config)) {
      if (store.eventCount() > 0) {
        throw new IOException(
            data
                + " is already initialised ("
                + store.eventCount()
                + " events recorded); init runs once, on a new data folder");
      }
      Planes.offline(store).init(id.principal());
    }
    String verifierKey =
        dbUrl != null ? Deployment.createIdentity(config) : Deployment.auditVerifierKey(data);
    Principal p = id.principal();
    Output.line("controller: " + p);
    Output.line("identity:   " + file);
    Output.line("audit verifier key (give it to auditors out of band):");
    Output.line("  " + verifierKey);
    return 0;
  }

  private static Identity newIdentity(Path file) throws IOException {
    Identity id = Identity.generate();
    id.save(file);
    return id;
  }
}
