package io.dooor.cli;

import io.dooor.client.ApiClient;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.IdentityException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the control plane is and who is calling it. The caller key is {@code --identity}; without
 * it, {@code DATA/controller.pem} of a {@code --data} folder (the key {@code dooor init} wrote
 * there); without either, env {@code DOOOR_IDENTITY}, else {@code dooor-data/controller.pem}.
 */
final class ClientOptions {
  static final String DEFAULT_DATA = "dooor-data";

  @Option(
      names = "--server",
      defaultValue = "${env:DOOOR_SERVER:-http://127.0.0.1:7070}",
      description = "Control plane URL (env DOOOR_SERVER). Default: ${DEFAULT-VALUE}")
  URI server;

  @Option(
      names = "--identity",
      paramLabel = "FILE",
      description =
          "Caller key. Default: DATA/controller.pem with --data, else env DOOOR_IDENTITY, else "
              + DEFAULT_DATA
              + "/controller.pem")
  Path identity;

  @Option(
      names = "--data",
      paramLabel = "DATA",
      description =
          "A data folder (from `dooor init`) whose controller.pem is the caller key when --identity"
              + " is not given")
  Path data;

  @Option(names = "--json", description = "Machine-readable output")
  boolean json;

  /** The caller key file: --identity, else DATA/controller.pem, else DOOOR_IDENTITY or default. */
  Path identityFile() {
    if (identity != null) {
      return identity;
    }
    if (data != null) {
      return data.resolve("controller.pem");
    }
    String env = System.getenv("DOOOR_IDENTITY");
    return env == null || env.isBlank() ? Path.of(DEFAULT_DATA, "controller.pem") : Path.of(env);
  }

  /** The caller's key, or an error naming the file and how to get one. */
  Identity caller() throws IOException, IdentityException {
    Path file = identityFile();
    if (!Files.exists(file)) {
      throw new IOException(
          "no caller key at "
              + file
              + " (pass --identity FILE or --data DATA, or set DOOOR_IDENTITY; `dooor init` writes"
              + " DATA/controller.pem, `dooor identity new --out FILE` a new key)");
    }
    return Identity.load(file);
  }

  ApiClient client() throws IOException, IdentityException {
    URI base = ApiClient.checkedBase(server);
    return new ApiClient(base, caller());
  }
}
