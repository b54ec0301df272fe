package io.dooor.cli;

import io.dooor.provision.aws.Ec2Actions;
import io.dooor.provision.azure.ArmActions;
import io.dooor.provision.gcp.GceActions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dooor provider policy aws|gcp|azure}: the least-privilege permission document of a
 * provider, generated from its adapter's own list of API actions; {@code dooor provider credentials
 * ...}: the credentials providers sign with ({@link CredentialsCommand}).
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
              + " policy; gcp: an IAM custom role; azure: a role definition, whose"
              + " AssignableScopes names SUBSCRIPTION_ID and RESOURCE_GROUP to replace).")
  static final class Policy implements Callable<Integer> {
    @Parameters(index = "0", description = "provider: aws, gcp or azure")
    String provider;

    @Override
    public Integer call() {
      switch (provider) {
        case "aws" -> Output.json(Ec2Actions.iamPolicy());
        case "gcp" -> Output.json(GceActions.customRole());
        case "azure" -> Output.json(ArmActions.roleDefinition());
        default -> {
          Output.err(
              "error: no permission document for provider '"
                  + Output.escape(provider)
                  + "' (known: aws, gcp, azure)");
          return 1;
        }
      }
      return 0;
    }
  }
}
