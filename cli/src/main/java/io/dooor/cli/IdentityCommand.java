package io.dooor.cli;

import io.dooor.client.auth.Identity;
import io.dooor.client.auth.IdentityException;
import io.dooor.client.auth.KeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dooor identity new|show}: caller key pairs and their principals. */
@Command(
    mixinStandardHelpOptions = true,
    name = "identity",
    description = "Caller identities (key pairs).",
    subcommands = {IdentityCommand.New.class, IdentityCommand.Show.class})
final class IdentityCommand {
  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description = "Generate a key pair and print its principal.")
  static final class New implements Callable<Integer> {
    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "PEM file to write")
    Path file;

    @Option(
        names = "--type",
        defaultValue = "ed25519",
        description = "ed25519, p256 or secp256k1. Default: ${DEFAULT-VALUE}")
    String type;

    @Override
    public Integer call() throws IOException {
      if (Files.exists(file)) {
        throw new IOException(file + " exists; refusing to overwrite a key");
      }
      Identity id = Identity.generate(KeyType.fromName(type));
      id.save(file);
      Output.line(id.principal().toText());
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print an identity's principal and public key.")
  static final class Show implements Callable<Integer> {
    @Option(
        names = "--identity",
        required = true,
        paramLabel = "FILE",
        description = "PEM file to show")
    Path file;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() throws IOException, IdentityException {
      Identity id = Identity.load(file);
      if (json) {
        Output.json(
            java.util.Map.of(
                "principal",
                id.principal().toText(),
                "key_type",
                id.keyType().name().toLowerCase(java.util.Locale.ROOT),
                "public_key",
                id.publicKeySpki().base64()));
      } else {
        Output.line("principal:  " + id.principal());
        Output.line("key type:   " + id.keyType());
        Output.line("public key: " + id.publicKeySpki().base64());
      }
      return 0;
    }
  }
}
