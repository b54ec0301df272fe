package io.dooor.cli;

import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import io.dooor.client.Json;
import io.dooor.common.Digests;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dooor proposal ls|show|approve|reject}: changes waiting for m of n controller approvals
 * (issue 16). Each approval is the caller's own signed request naming the SHA-256 of the change,
 * which this command checks against the change text it prints before it approves.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "proposal",
    description = "Changes waiting for m of n controller approvals (server start --approvals).",
    subcommands = {
      ProposalCommand.Ls.class,
      ProposalCommand.Show.class,
      ProposalCommand.Approve.class,
      ProposalCommand.Reject.class
    })
final class ProposalCommand {

  /** Prints a change's answer: applied at once (200) or recorded as a proposal (202). */
  static <T> T applyOrPropose(
      ClientOptions opts, String method, String path, Object body, Class<T> type) throws Exception {
    HttpResponse<byte[]> res = opts.client().exchange(method, path, body);
    if (res.statusCode() != 202) {
      return Json.MAPPER.readValue(res.body(), type);
    }
    Dto.ProposalView p = Json.MAPPER.readValue(res.body(), Dto.ProposalView.class);
    if (opts.json) {
      Output.json(p);
    } else {
      Output.line(summary(p));
      if (p.state().equals("pending")) {
        Output.line("  others approve with: dooor proposal approve " + p.id());
      }
    }
    return null;
  }

  static String summary(Dto.ProposalView p) {
    return "proposal "
        + p.id()
        + " ("
        + p.kind()
        + ") "
        + p.state()
        + ": "
        + p.approvals()
        + " of "
        + p.threshold()
        + " approvals";
  }

  @Command(
      name = "ls",
      mixinStandardHelpOptions = true,
      description = "Every proposal, newest first (auditors, controllers).")
  static final class Ls implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Override
    public Integer call() throws Exception {
      List<Dto.ProposalView> all = opts.client().getList("/v1/proposals", Dto.ProposalView.class);
      if (opts.json) {
        Output.json(all);
      } else {
        all.forEach(p -> Output.line(summary(p) + ", expires " + p.expiresAt()));
      }
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "One proposal: the exact change, its SHA-256 and every decision.")
  static final class Show implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Parameters(index = "0", description = "proposal id")
    String id;

    @Override
    public Integer call() throws Exception {
      Dto.ProposalView p = opts.client().get("/v1/proposals/" + id, Dto.ProposalView.class);
      if (!hashesToItsDigest(p)) {
        return digestMismatch(p);
      }
      if (opts.json) {
        Output.json(p);
        return 0;
      }
      print(p);
      return 0;
    }
  }

  static void print(Dto.ProposalView p) {
    Output.line(summary(p));
    Output.line("  proposed by " + p.proposer() + " at " + p.createdAt());
    Output.line("  expires at  " + p.expiresAt());
    Output.line("  sha256      " + p.digest());
    p.decisions()
        .forEach(d -> Output.line("  " + d.vote() + " by " + d.principal() + " at " + d.at()));
    Output.line("  change:");
    for (String l : p.change().split("\n", -1)) {
      if (!l.isEmpty()) {
        Output.line("    " + l);
      }
    }
  }

  /**
   * Whether the change shown hashes, here, to the digest the control plane reports (so the digest
   * an approval names is that of the change printed).
   */
  static boolean hashesToItsDigest(Dto.ProposalView p) {
    return Digests.sha256(p.change().getBytes(StandardCharsets.US_ASCII)).hex().equals(p.digest());
  }

  static int digestMismatch(Dto.ProposalView p) {
    return Exits.checkFailed(
        "digest-mismatch",
        "proposal " + p.id() + ": its change does not hash to its digest " + p.digest());
  }

  /** approve and reject: the decision, signed by the caller, naming the change's SHA-256. */
  abstract static class Decide implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Parameters(index = "0", description = "proposal id")
    String id;

    @Option(
        names = "--digest",
        paramLabel = "SHA256",
        description =
            "The SHA-256 (hex) of the change you reviewed (dooor proposal show); default: that of"
                + " the change fetched and printed now")
    String digest;

    abstract String verb();

    @Override
    public Integer call() throws Exception {
      ApiClient client = opts.client();
      String named = digest;
      if (named == null) {
        Dto.ProposalView p = client.get("/v1/proposals/" + id, Dto.ProposalView.class);
        if (!hashesToItsDigest(p)) {
          return digestMismatch(p);
        }
        if (!opts.json) {
          print(p);
        }
        named = p.digest();
      }
      Dto.ProposalView done =
          client.post(
              "/v1/proposals/" + id + "/" + verb(),
              new Dto.ProposalDecision(named.toLowerCase(Locale.ROOT)),
              Dto.ProposalView.class);
      if (opts.json) {
        Output.json(done);
      } else {
        Output.line(verb() + "d: " + summary(done));
      }
      return 0;
    }
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = "Approve a proposal (controllers); the last approval needed applies it.")
  static final class Approve extends Decide {
    @Override
    String verb() {
      return "approve";
    }
  }

  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      description = "Reject a proposal (controllers).")
  static final class Reject extends Decide {
    @Override
    String verb() {
      return "reject";
    }
  }
}
