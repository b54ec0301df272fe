package io.dooor.cli;

import io.dooor.client.ApiClient;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.IdentityException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the control plane is and who is calling it. */
final class ClientOptions {
  @Option(
      names = "--server",
      defaultValue = "${env:DOOOR_SERVER:-http://127.0.0.1:7070}",
      description = "Control plane URL (env DOOOR_SERVER). Default: ${DEFAULT-VALUE}")
  URI server;

  @Option(
      names = "--identity",
      defaultValue = "${env:DOOOR_IDENTITY:-dooor-data/controller.pem}",
      description = "Caller key (env DOOOR_IDENTITY). Default: ${DEFAULT-VALUE}")
  Path identity;

  @Option(names = "--json", description = "Machine-readable output")
  boolean json;

  ApiClient client() throws IOException, IdentityException {
    URI base = ApiClient.checkedBase(server);
    if (!java.nio.file.Files.exists(identity)) {
      throw new IOException(
          "no caller key at "
              + identity
              + " (pass --identity FILE or set DOOOR_IDENTITY; `dooor init` writes"
              + " DATA/controller.pem, `dooor identity new --out FILE` a new key)");
    }
    return new ApiClient(base, Identity.load(identity));
  }
}
