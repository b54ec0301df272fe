package io.dooor.cli;

import io.dooor.client.Dto;
import io.dooor.client.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code dooor policy set|show}: workload admission policies. */
@Command(
    mixinStandardHelpOptions = true,
    name = "policy",
    description = "Workload admission policies.",
    subcommands = {PolicyCommand.Set.class, PolicyCommand.Show.class})
final class PolicyCommand {
  static void print(Dto.PolicyView p, boolean json) {
    if (json) {
      Output.json(p);
      return;
    }
    Output.line("workload " + p.workload() + " v" + p.version() + " (by " + p.updatedBy() + ")");
    Output.line("  tee types:    " + p.allowedTeeTypes());
    Output.line(
        "  tcb statuses: "
            + p.acceptedTcbStatuses()
            + ", debug "
            + (p.allowDebug() ? "allowed" : "refused"));
    Output.line(
        "  ttl:          attestation "
            + p.attestationTtlSeconds()
            + " s, challenge "
            + p.challengeTtlSeconds()
            + " s");
    Output.line("  deactivate:   " + automatic(p));
    p.referenceValues().forEach((k, v) -> Output.line("  " + k + " in " + v));
    p.minimums().forEach((k, v) -> Output.line("  " + k + " >= " + v));
  }

  /** The automatic deactivation rules of {@code p} in words ("never" when none is on). */
  static String automatic(Dto.PolicyView p) {
    java.util.List<String> rules = new java.util.ArrayList<>();
    if (p.unreachableGraceSeconds() > 0) {
      rules.add("UNREACHABLE past " + p.unreachableGraceSeconds() + " s grace");
    }
    if (p.maxFailedAttestations() > 0) {
      rules.add("after " + p.maxFailedAttestations() + " failed attestations in a row");
    }
    if (p.deactivateOnTcbRevoked()) {
      rules.add("TCB revoked");
    }
    return rules.isEmpty() ? "never automatically" : String.join("; ", rules);
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = "Set a workload's policy from a JSON file (controllers).")
  static final class Set implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Parameters(index = "0", description = "workload")
    String workload;

    @Parameters(
        index = "1",
        description =
            "JSON policy file (allowed_tee_types, reference_values, minimums, accepted_tcb_statuses, allow_debug, attestation_ttl_seconds, challenge_ttl_seconds)")
    Path file;

    @Override
    public Integer call() throws Exception {
      Dto.PolicyBody body = Json.read(Files.readAllBytes(file), Dto.PolicyBody.class);
      Dto.PolicyView set =
          ProposalCommand.applyOrPropose(
              opts, "PUT", "/v1/policies/" + workload, body, Dto.PolicyView.class);
      if (set != null) {
        print(set, opts.json);
      }
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show the policy set for a workload (none set: says so and exits 1).")
  static final class Show implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Parameters(index = "0", description = "workload")
    String workload;

    @Override
    public Integer call() throws Exception {
      print(opts.client().get("/v1/policies/" + workload, Dto.PolicyView.class), opts.json);
      return 0;
    }
  }
}
