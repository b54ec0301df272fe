package io.dooor.cli;

import io.dooor.audit.AuditException;
import io.dooor.audit.Cosigner;
import io.dooor.audit.VerifierKey;
import io.dooor.audit.Witness;
import io.dooor.common.OwnerOnlyFiles;
import io.dooor.server.witness.WitnessServer;
import io.dooor.server.witness.WitnessStateFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dooor witness key|start}: a transparency log witness (C2SP tlog-witness) that checks each
 * checkpoint a log submits for consistency with the last one it cosigned, and cosigns it
 * (cosignature/v1) only then.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "witness",
    description = "Witness transparency logs (C2SP tlog-witness): check consistency, cosign.",
    subcommands = {WitnessCommand.Key.class, WitnessCommand.Start.class})
final class WitnessCommand {
  @Command(
      name = "key",
      mixinStandardHelpOptions = true,
      description =
          "Generate a witness's cosigning key (Ed25519, cosignature/v1), written owner-only to"
              + " --out (never over an existing file); prints the cosigner key for the logs and"
              + " auditors that trust this witness.")
  static final class Key implements Callable<Integer> {
    @Option(
        names = "--name",
        required = true,
        description = "The witness's name, a schema-less URL (e.g. witness.example/w1)")
    String name;

    @Option(names = "--out", required = true, description = "Where to write the private key")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      Cosigner c;
      try {
        c = Cosigner.generate(name);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--name: " + e.getMessage());
      }
      OwnerOnlyFiles.writeNew(out, (c.privateKeyString() + "\n").getBytes(StandardCharsets.UTF_8));
      Output.line(c.key().toString());
      return 0;
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
        "Serve POST <prefix>/add-checkpoint (C2SP tlog-witness) for the logs in --config until"
            + " interrupted. The latest cosigned checkpoint of each log is kept in --state,"
            + " synced before each answer, and survives restarts.",
        "--config lists one log a line: `log <origin> <verifier key>` (the key's name is the"
            + " origin); `#` starts a comment."
      })
  static final class Start implements Callable<Integer> {
    @Option(names = "--key", required = true, description = "The private key (`witness key`)")
    Path key;

    @Option(names = "--config", required = true, description = "The logs witnessed")
    Path config;

    @Option(names = "--state", required = true, description = "State folder (created 0700)")
    Path state;

    @Option(
        names = "--host",
        defaultValue = "127.0.0.1",
        description = "Listen address. Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--port", defaultValue = "7380", description = "Default: ${DEFAULT-VALUE}")
    int port;

    @Override
    public Integer call() throws Exception {
      Cosigner cosigner = Cosigner.parse(Files.readString(key, StandardCharsets.UTF_8));
      List<VerifierKey> logs = logs(config);
      Witness witness =
          new Witness(
              cosigner,
              logs,
              new WitnessStateFolder(state),
              () -> System.currentTimeMillis() / 1000);
      WitnessServer server = new WitnessServer(witness, Output::line).start(host, port);
      // before the line whoever waits for the witness waits for
      Output.line("cosigner key: " + cosigner.key());
      Output.line(
          "dooor witness "
              + cosigner.key().name()
              + " listening on http://"
              + host
              + ":"
              + server.port()
              + " ("
              + logs.size()
              + " logs)");
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    stop.countDown();
                  }));
      stop.await();
      return 0;
    }

    /** The config's logs; a bad line is an error naming its number. */
    static List<VerifierKey> logs(Path config) throws IOException, AuditException {
      List<VerifierKey> out = new ArrayList<>();
      List<String> lines = Files.readAllLines(config, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\\s+");
        if (f.length != 3 || !f[0].equals("log")) {
          throw new IOException(config + " line " + (i + 1) + ": not `log <origin> <key>`");
        }
        VerifierKey k = VerifierKey.parse(f[2]);
        if (!k.name().equals(f[1])) {
          throw new IOException(
              config + " line " + (i + 1) + ": origin " + f[1] + " is not the key's name");
        }
        out.add(k);
      }
      if (out.isEmpty()) {
        throw new IOException(config + " lists no log");
      }
      return out;
    }
  }
}
