package io.dooor.cli;

import io.dooor.audit.AuditException;
import io.dooor.audit.LogReplay;
import io.dooor.server.api.Dto;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dooor audit verify|tail|show}: the verifiable record of every change. */
@Command(
    name = "audit",
    description = "The audit log.",
    subcommands = {AuditCommand.Verify.class, AuditCommand.Tail.class, AuditCommand.Show.class})
final class AuditCommand {
  static void print(Dto.EventView e) {
    System.out.println(
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
      description =
          "Check the latest signed checkpoint and replay the whole log, naming the first entry that does not match.")
  static final class Verify implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Option(
        names = "--key",
        required = true,
        description = "The log's verifier key (C2SP note format), obtained out of band")
    String key;

    @Override
    public Integer call() throws Exception {
      try {
        LogReplay.Result r = new RemoteLog(opts.client()).verify(key);
        if (opts.json) {
          Output.json(
              Map.of("verdict", "valid", "entries", r.entries(), "root", r.root().base64()));
        } else {
          System.out.println(
              "checkpoint signature valid; "
                  + r.entries()
                  + " entries replayed; root "
                  + r.root().base64());
        }
        return 0;
      } catch (AuditException e) {
        String at = e.position() >= 0 ? " at entry " + e.position() : "";
        System.err.println("audit log INVALID (" + e.reason() + at + "): " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "tail", mixinStandardHelpOptions = true, description = "The latest events.")
  static final class Tail implements Callable<Integer> {
    @Mixin ClientOptions opts;

    @Option(names = "-n", defaultValue = "20", description = "How many. Default: ${DEFAULT-VALUE}")
    int n;

    @Option(names = "--from", defaultValue = "0", description = "First event to consider")
    long from;

    @Override
    public Integer call() throws Exception {
      List<Dto.EventView> all =
          opts.client().getList("/v1/events?from=" + from + "&limit=1000", Dto.EventView.class);
      List<Dto.EventView> last = all.subList(Math.max(0, all.size() - n), all.size());
      if (opts.json) {
        Output.json(last);
      } else {
        last.forEach(AuditCommand::print);
      }
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
        System.err.println("no event " + seq);
        return 1;
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
