package io.dooor.cli;

import io.dooor.provision.aws.Ec2Actions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dooor provider policy aws}: the least-privilege permission document of a provider; {@code
 * dooor provider credentials ...}: the credentials providers sign with ({@link
 * CredentialsCommand}).
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "provider",
    description = "Cloud providers: the permissions their credentials need, and the credentials.",
    subcommands = {ProviderCommand.Policy.class, CredentialsCommand.class})
final class ProviderCommand {
  @Command(
      name = "policy",
      mixinStandardHelpOptions = true,
      description =
          "Print the permission document generated from the adapter's own action list (aws: an IAM"
              + " policy).")
  static final class Policy implements Callable<Integer> {
    @Parameters(index = "0", description = "provider: aws")
    String provider;

    @Override
    public Integer call() {
      if (!"aws".equals(provider)) {
        Output.err(
            "error: no permission document for provider '"
                + Output.escape(provider)
                + "' (known: aws)");
        return 1;
      }
      Output.json(Ec2Actions.iamPolicy());
      return 0;
    }
  }
}
