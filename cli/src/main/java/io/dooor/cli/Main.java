package io.dooor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dooor} command line. Exit codes: 0 ok, 1 refused/failed, 2 usage error, 3 a
 * cryptographic check failed (key and IBE commands), 4 a resharing complaint was written instead of
 * a share (keyshare reshare-receive).
 */
@Command(
    name = "dooor",
    mixinStandardHelpOptions = true,
    version = "dooor 0.1.0",
    description = "Dooor control plane: TEE node admission, lifecycle, vetKD keys and audit.",
    subcommands = {
      ServerCommand.class,
      InitCommand.class,
      IdentityCommand.class,
      NodeCommand.class,
      PolicyCommand.class,
      AttestCommand.class,
      AuditCommand.class,
      KeyCommand.class,
      IbeCommand.class,
      DemoCommand.class,
      KeyShareCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code. */
  public static int run(String... args) {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(new Failures())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .execute(args);
  }
}
