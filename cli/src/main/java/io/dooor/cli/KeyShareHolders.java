package io.dooor.cli;

import io.dooor.client.Dto;
import io.dooor.client.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code dooor keyshare holders ls|add|move|rm|policy} (issue 16): the key-share holders the
 * control plane asks, each with its attestation standing, and changes of that set (controllers).
 * Under {@code server start --approvals holder_set=M} a change is printed as a proposal that other
 * controllers approve ({@code dooor proposal approve ID}); otherwise it applies at once.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "holders",
    description =
        "The key-share holder set: list it, add, move or remove a holder, set its policy.",
    subcommands = {
      KeyShareHolders.Ls.class,
      KeyShareHolders.Add.class,
      KeyShareHolders.Move.class,
      KeyShareHolders.Rm.class,
      KeyShareHolders.SetPolicy.class
    })
final class KeyShareHolders {
  static final String PATH = "/v1/keyshare/holders";

  private KeyShareHolders() {}

  static void print(Dto.HolderSetView v, boolean json) {
    if (json) {
      Output.json(v);
      return;
    }
    Output.line(
        "holder policy "
            + v.policy()
            + " (tee types "
            + v.policyTeeTypes()
            + ", reference values "
            + v.policyReferenceValues()
            + "), t="
            + v.threshold());
    for (Dto.HolderStanding h : v.holders()) {
      Output.line(
          "  "
              + h.index()
              + "  "
              + h.url()
              + "  "
              + (h.admitted() ? "attested until " + h.until() : "excluded: " + h.reason()));
    }
  }

  abstract static class Change implements Callable<Integer> {
    @Mixin ClientOptions opts;

    abstract Dto.HolderSetChange change() throws Exception;

    @Override
    public Integer call() throws Exception {
      Dto.HolderSetView v =
          ProposalCommand.applyOrPropose(opts, "POST", PATH, change(), Dto.HolderSetView.class);
      if (v != null) {
        print(v, opts.json);
      }
      return 0;
    }
  }

  @Command(
      name = "ls",
      mixinStandardHelpOptions = true,
      description =
          "Every holder in the set and whether it is attested now (auditors, controllers).")
  static final class Ls implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Override
    public Integer call() throws Exception {
      print(opts.client().get(PATH, Dto.HolderSetView.class), opts.json);
      return 0;
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Add holder INDEX (one the server was started with) at URL; asked once it attested.")
  static final class Add extends Change {
    @Parameters(index = "0", description = "holder index")
    int index;

    @Parameters(index = "1", description = "the holder's base URL")
    String url;

    @Override
    Dto.HolderSetChange change() {
      return new Dto.HolderSetChange("add", index, url, null);
    }
  }

  @Command(
      name = "move",
      mixinStandardHelpOptions = true,
      description = "Move holder INDEX to URL; asked there once it attested there.")
  static final class Move extends Change {
    @Parameters(index = "0", description = "holder index")
    int index;

    @Parameters(index = "1", description = "the holder's new base URL")
    String url;

    @Override
    Dto.HolderSetChange change() {
      return new Dto.HolderSetChange("move", index, url, null);
    }
  }

  @Command(
      name = "rm",
      mixinStandardHelpOptions = true,
      description = "Stop asking holder INDEX (refused if fewer than t holders would be left).")
  static final class Rm extends Change {
    @Parameters(index = "0", description = "holder index")
    int index;

    @Override
    Dto.HolderSetChange change() {
      return new Dto.HolderSetChange("remove", index, null, null);
    }
  }

  @Command(
      name = "policy",
      mixinStandardHelpOptions = true,
      description =
          "Judge every holder by the policy in FILE (JSON of `dooor policy set`) from the next"
              + " attestation round on.")
  static final class SetPolicy extends Change {
    @Parameters(index = "0", description = "policy file (JSON)")
    Path file;

    @Override
    Dto.HolderSetChange change() throws Exception {
      if (Files.size(file) > PolicyFiles.MAX_FILE) {
        throw new java.io.IOException(file + " is larger than " + PolicyFiles.MAX_FILE + " bytes");
      }
      Dto.PolicyBody body = Json.read(Files.readAllBytes(file), Dto.PolicyBody.class);
      return new Dto.HolderSetChange("policy", null, null, body);
    }
  }
}
