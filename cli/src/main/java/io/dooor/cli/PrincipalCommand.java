package io.dooor.cli;

import io.dooor.client.Dto;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code dooor principal grant|revoke|list}: the roles principals hold. A principal may hold
 * several roles; grant adds one, revoke removes one, and the last controller cannot be revoked.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "principal",
    description = "Roles of principals (controller, operator, auditor).",
    subcommands = {
      PrincipalCommand.Grant.class,
      PrincipalCommand.Revoke.class,
      PrincipalCommand.ListPrincipals.class
    })
final class PrincipalCommand {

  /** The principal and role arguments shared by grant and revoke. */
  static final class Target {
    @Parameters(index = "0", description = "principal (see `dooor identity show`)")
    String principal;

    @Parameters(index = "1", description = "role: controller, operator or auditor")
    String role;

    Dto.Grant body() {
      return new Dto.Grant(principal, role.toLowerCase(Locale.ROOT));
    }
  }

  @Command(
      name = "grant",
      mixinStandardHelpOptions = true,
      description = "Add a role to a principal (controllers).")
  static final class Grant implements Callable<Integer> {
    @Mixin ClientOptions opts;
    @Mixin Target target;

    @Override
    public Integer call() throws Exception {
      Dto.Grant done =
          ProposalCommand.applyOrPropose(
              opts, "POST", "/v1/principals", target.body(), Dto.Grant.class);
      if (done == null) {
        return 0;
      }
      if (opts.json) {
        Output.json(done);
      } else {
        Output.line("granted " + done.role() + " to " + done.principal());
      }
      return 0;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Remove one role from a principal (controllers; never the last controller).")
  static final class Revoke implements Callable<Integer> {
    @Mixin ClientOptions opts;
    @Mixin Target target;

    @Override
    public Integer call() throws Exception {
      Dto.Grant done =
          ProposalCommand.applyOrPropose(
              opts, "POST", "/v1/principals/revoke", target.body(), Dto.Grant.class);
      if (done == null) {
        return 0;
      }
      if (opts.json) {
        Output.json(done);
      } else {
        Output.line("revoked " + done.role() + " from " + done.principal());
      }
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Every principal holding a role, with its roles (auditors, controllers).")
  static final class ListPrincipals implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Override
    public Integer call() throws Exception {
      List<Dto.PrincipalRoles> all =
          opts.client().getList("/v1/principals", Dto.PrincipalRoles.class);
      if (opts.json) {
        Output.json(all);
      } else {
        all.forEach(p -> Output.line(p.principal() + "  " + String.join(", ", p.roles())));
      }
      return 0;
    }
  }
}
