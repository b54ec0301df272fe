package io.dooor.cli;

import io.dooor.agent.run.AgentCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dooor} command line. Exit codes: 0 ok, 1 refused by the control plane or a local
 * error, 2 usage error, 3 a check on this side failed (a vetKey, derived public key or IBE
 * ciphertext; an INVALID audit log), 4 a resharing complaint was written instead of a share
 * (keyshare reshare-receive). What a failure prints: {@link Exits}.
 */
@Command(
    name = "dooor",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Dooor control plane: TEE node admission, lifecycle, vetKD keys and audit.",
    subcommands = {
      ServerCommand.class,
      InitCommand.class,
      IdentityCommand.class,
      NodeCommand.class,
      PolicyCommand.class,
      WorkloadCommand.class,
      ProviderCommand.class,
      PrincipalCommand.class,
      ProposalCommand.class,
      AttestCommand.class,
      AuditCommand.class,
      KeyCommand.class,
      IbeCommand.class,
      DataCommand.class,
      DemoCommand.class,
      KeyShareCommand.class,
      WitnessCommand.class,
      AgentCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** The version line, with the Java that runs it (the launcher lets JAVA_HOME choose). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "dooor 0.1.0",
        "Java " + System.getProperty("java.version") + " at " + System.getProperty("java.home")
      };
    }
  }

  /** Runs the command line and returns its exit code. */
  public static int run(String... args) {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(new Failures())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .execute(args);
  }
}
