package io.dooor.cli;

import io.dooor.audit.AuditException;
import io.dooor.audit.VerifiedCheckpoint;
import io.dooor.client.ApiClient;
import io.dooor.client.Dto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dooor audit verify|checkpoint|tail|show}: the verifiable record of every change. */
@Command(
    mixinStandardHelpOptions = true,
    name = "audit",
    description = "The audit log.",
    subcommands = {
      AuditCommand.Verify.class,
      AuditCommand.SaveCheckpoint.class,
      AuditCommand.Tail.class,
      AuditCommand.Key.class,
      AuditCommand.Show.class
    })
final class AuditCommand {
  static void print(Dto.EventView e) {
    Output.line(
        String.format(
            Locale.ROOT,
            "#%-5d %s %-7s %-16s %-18s %s %s",
            e.seq(),
            e.time(),
            e.outcome(),
            e.action(),
            e.subject(),
            e.actor(),
            e.reason().isEmpty() ? e.details() : e.reason()));
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Check the latest signed checkpoint, then: its consistency with an older checkpoint you"
            + " saved (--since), the inclusion of entries in it (--entry), and/or a full replay of"
            + " the log naming the first entry that does not match (the default when neither"
            + " --since nor --entry is given, or with --replay).",
        "Exit 0 when every check passed; 3 naming the first that failed (the log is INVALID); 1"
            + " when the control plane refused a request (refused (<code>): ...) or could not be"
            + " reached."
      })
  static final class Verify implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Option(
        names = "--key",
        required = true,
        description = "The log's verifier key (C2SP note format), obtained out of band")
    String key;

    @Option(
        names = "--since",
        paramLabel = "FILE",
        description =
            "An older signed checkpoint (from `audit checkpoint --out`) the log must extend")
    Path since;

    @Option(
        names = "--entry",
        paramLabel = "N",
        description = "Check that entry N is in the latest checkpoint (repeatable)")
    List<Long> entries = new ArrayList<>();

    @Option(names = "--replay", description = "Also replay the whole log")
    boolean replay;

    @Option(
        names = "--witness",
        paramLabel = "COSIGNER_KEY",
        description =
            "Require cosignatures by this witness (C2SP tlog-cosignature key, repeatable): the"
                + " published checkpoint must carry --quorum of them, and the latest signed"
                + " checkpoint must extend it; the other checks then build on it")
    List<String> witnesses = new ArrayList<>();

    @Option(
        names = "--quorum",
        paramLabel = "N",
        description = "How many of the --witness keys must have cosigned. Default: all")
    Integer quorum;

    @Option(
        names = "--save",
        paramLabel = "FILE",
        description = "After every check passed, save the latest checkpoint to FILE")
    Path save;

    @Override
    public Integer call() throws Exception {
      AuditCheck check = new AuditCheck(new RemoteLog(opts.client()), key);
      try {
        if (witnesses.isEmpty()) {
          check.latest();
        } else {
          check.latest("checkpoint/latest");
          check.witnessed(witnesses, quorum);
        }
        if (since != null) {
          check.consistentWith(since);
        }
        for (long n : entries) {
          check.included(n);
        }
        if (replay || (since == null && entries.isEmpty())) {
          check.replay();
        }
        if (save != null) {
          check.save(save);
        }
      } catch (AuditException e) {
        check.failed(e);
      }
      return check.finish(opts.json);
    }
  }

  @Command(
      name = "checkpoint",
      mixinStandardHelpOptions = true,
      description =
          "Fetch the latest signed checkpoint, check its signature, and print or save it (a later"
              + " `audit verify --since FILE` proves the log only grew since).")
  static final class SaveCheckpoint implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Option(
        names = "--key",
        required = true,
        description = "The log's verifier key (C2SP note format), obtained out of band")
    String key;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to save the signed note")
    Path out;

    @Override
    public Integer call() throws Exception {
      AuditCheck check = new AuditCheck(new RemoteLog(opts.client()), key);
      try {
        VerifiedCheckpoint cp = check.latest();
        if (out != null) {
          check.save(out);
        } else if (!opts.json) {
          Output.lines(cp.note());
          return 0;
        }
      } catch (AuditException e) {
        check.failed(e);
      }
      return check.finish(opts.json);
    }
  }

  @Command(name = "tail", mixinStandardHelpOptions = true, description = "The latest events.")
  static final class Tail implements Callable<Integer> {
    static final int PAGE = 1000;

    @Mixin ClientOptions opts;

    @Spec CommandSpec spec;

    @Option(
        names = "-n",
        defaultValue = "20",
        description = "How many (1 to 1000). Default: ${DEFAULT-VALUE}")
    int n;

    @Option(names = "--from", defaultValue = "0", description = "First event to consider")
    long from;

    @Override
    public Integer call() throws Exception {
      if (n < 1 || n > PAGE || from < 0) {
        throw new ParameterException(
            spec.commandLine(), "-n must be 1 to " + PAGE + " and --from at least 0");
      }
      ApiClient client = opts.client();
      List<Dto.EventView> last = latest(client, Math.max(from, signedSize(client) - n));
      if (opts.json) {
        Output.json(last);
      } else {
        last.forEach(AuditCommand::print);
      }
      return 0;
    }

    /** Pages forward from {@code start} to the end of the record, keeping the last n events. */
    private List<Dto.EventView> latest(ApiClient client, long start) throws Exception {
      java.util.ArrayDeque<Dto.EventView> kept = new java.util.ArrayDeque<>();
      for (long at = start; ; ) {
        List<Dto.EventView> page =
            client.getList("/v1/events?from=" + at + "&limit=" + PAGE, Dto.EventView.class);
        for (Dto.EventView e : page) {
          kept.addLast(e);
          if (kept.size() > n) {
            kept.removeFirst();
          }
        }
        if (page.size() < PAGE) {
          return new ArrayList<>(kept);
        }
        at += page.size();
      }
    }

    /** The tree size of the latest checkpoint (its second line, C2SP tlog-checkpoint). */
    private static long signedSize(ApiClient client) throws java.io.IOException {
      var res = client.raw("GET", "/v1/audit/checkpoint", new byte[0]);
      String[] lines = new String(res.body(), java.nio.charset.StandardCharsets.UTF_8).split("\n");
      try {
        return res.statusCode() == 200 && lines.length > 1 ? Long.parseLong(lines[1]) : 0;
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }

  @Command(
      name = "key",
      mixinStandardHelpOptions = true,
      description = {
        "Print the audit log's verifier key from the data folder (read on the control plane's"
            + " machine and handed to auditors out of band, for `audit verify --key`)."
      })
  static final class Key implements Callable<Integer> {
    @Option(
        names = "--data",
        defaultValue = "dooor-data",
        description = "Data folder. Default: ${DEFAULT-VALUE}")
    Path data;

    @Override
    public Integer call() throws IOException {
      String key =
          io.dooor.server.Deployment.existingAuditVerifierKey(data)
              .orElseThrow(
                  () ->
                      new IOException(
                          "no audit signing key in " + data + " (run `dooor init` there first)"));
      Output.line(key);
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One event.")
  static final class Show implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Parameters(index = "0", description = "sequence number")
    long seq;

    @Override
    public Integer call() throws Exception {
      List<Dto.EventView> one =
          opts.client().getList("/v1/events?from=" + seq + "&limit=1", Dto.EventView.class);
      if (one.isEmpty()) {
        Output.err(Exits.line("error", null, "no event " + seq + " in the log"));
        return Exits.ERROR;
      }
      if (opts.json) {
        Output.json(one.get(0));
      } else {
        print(one.get(0));
      }
      return 0;
    }
  }
}
