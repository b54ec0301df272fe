package io.dooor.cli;

import io.dooor.client.auth.Identity;
import io.dooor.client.auth.IdentityException;
import io.dooor.client.auth.KeyType;
import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.keyshare.DkgIdentities;
import io.dooor.keyshare.DkgParticipant;
import io.dooor.keyshare.DkgRelay;
import io.dooor.keyshare.HttpKeyShareTransport;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.threshold.DistributedKeyGeneration;
import io.dooor.vetkd.threshold.KeyShareSealer;
import io.dooor.vetkd.threshold.SealingKeySource;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dooor keyshare dkg-relay|dkg}: the master key born distributed. n holder processes run
 * {@code dkg} against one relay ({@code dkg-relay}, which only relays: sub-shares are encrypted to
 * their holders, everything else signed), each ending with its own sealed share, the same threshold
 * public key and the same printed master public key digest. The control plane then takes only the
 * public key (its data folder's keyshares/public-key.hex) and the holders' addresses; no share ever
 * exists in its folder, and the master secret nowhere.
 */
final class KeyShareDkg {
  private KeyShareDkg() {}

  @Command(
      name = "dkg-relay",
      mixinStandardHelpOptions = true,
      description =
          "Relay the rounds of a distributed key generation among n holders (a broadcast board;"
              + " it sees no secret).")
  static final class Relay implements Callable<Integer> {
    @Option(names = "--holders", required = true, description = "n, the number of holders")
    int holders;

    @Option(
        names = "--identities",
        required = true,
        paramLabel = "FILE",
        description =
            "The n holders' Ed25519 identity public keys, holder j's on line j (base64 SPKI, as"
                + " `dooor identity show` prints): only posts signed by them are taken")
    Path identities;

    @Option(
        names = "--run",
        required = true,
        description =
            "This generation's run id ([A-Za-z0-9._-], at most 64): posts signed for"
                + " another run are refused")
    String run;

    @Option(
        names = "--round-timeout",
        defaultValue = "60",
        description =
            "Seconds after which a round closes without the missing holders. Default: ${DEFAULT-VALUE}")
    int roundTimeout;

    @Option(
        names = "--host",
        defaultValue = "127.0.0.1",
        description = "Listen address. Default: ${DEFAULT-VALUE}")
    String host;

    @Option(
        names = "--port",
        defaultValue = "7100",
        description = "Listen port (0: any). Default: ${DEFAULT-VALUE}")
    int port;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, IOException {
      if (holders < 1 || holders > 255 || roundTimeout < 1) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--holders must be 1..255 and --round-timeout at least 1");
      }
      DkgIdentities roster = KeyShareDkg.identities(spec, identities, holders, run);
      DkgRelay relay =
          DkgRelay.create(
                  roster,
                  run,
                  Duration.ofSeconds(roundTimeout),
                  Clock.systemUTC(),
                  line -> {
                    Output.line(line);
                    Output.flush();
                  })
              .start(host, port);
      Output.line(
          "dkg relay for "
              + holders
              + " holders (identity roster sha256 "
              + roster.digest().hex()
              + ", run "
              + run
              + ") listening on http://"
              + host
              + ":"
              + relay.port());
      Output.flush();
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    relay.close();
                    stop.countDown();
                  }));
      stop.await();
      return 0;
    }
  }

  @Command(
      name = "dkg",
      mixinStandardHelpOptions = true,
      description =
          "As holder INDEX of n, generate the master key with the other holders through a relay:"
              + " writes only this holder's sealed share and the threshold public key.")
  static final class Run implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--relay", required = true, description = "URL of the dkg-relay")
    URI relay;

    @Option(names = "--index", required = true, description = "This holder's index, 1..n")
    int index;

    @Option(names = "--threshold", required = true, description = "t")
    int threshold;

    @Option(names = "--holders", required = true, description = "n")
    int holders;

    @Option(
        names = "--identities",
        required = true,
        paramLabel = "FILE",
        description = "The n holders' identity public keys, as given to the relay")
    Path identities;

    @Option(
        names = "--identity",
        required = true,
        paramLabel = "FILE",
        description =
            "This holder's long-term identity key (PEM, `dooor identity new`): signs its posts")
    Path identity;

    @Option(names = "--run", required = true, description = "The run id, as given to the relay")
    String run;

    @Option(
        names = "--sealing-key",
        required = true,
        description = "The holder's sealing key: file:PATH (created, 0600, if absent) or env:VAR")
    String sealingKey;

    @Option(
        names = "--out",
        required = true,
        description = "Sealed share to write (for keyshare start)")
    Path out;

    @Option(
        names = "--public-key-out",
        required = true,
        description =
            "File to write the threshold public key to (hex, the control plane's keyshares/public-key.hex)")
    Path publicKeyOut;

    @Option(
        names = "--timeout",
        defaultValue = "120",
        description = "Seconds to wait for each round to close. Default: ${DEFAULT-VALUE}")
    int timeout;

    @Override
    public Integer call() throws IOException, VetKdException, InterruptedException {
      for (Path p : new Path[] {out, publicKeyOut}) {
        if (Files.exists(p)) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), p + " exists; refusing to overwrite it");
        }
      }
      if (index < 1 || index > holders) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--index must be 1..--holders");
      }
      DkgIdentities roster = KeyShareDkg.identities(spec, identities, holders, run);
      Identity me = KeyShareDkg.identity(spec, identity);
      SealingKeySource target = KeyShareCommand.sealingKeySource(spec, sealingKey, true);
      Duration wait = Duration.ofSeconds(timeout);
      SecureRandom rng = new SecureRandom();
      DkgParticipant.Result r =
          new DkgParticipant(relay, roster, run, me, HttpKeyShareTransport.client(wait), wait)
              .run(index, threshold, holders, DkgParticipant.honest(rng), rng);
      DistributedKeyGeneration.Received got = r.received();
      KeyShareCommand.writeNew(out, new KeyShareSealer(target, rng).seal(got.share()));
      KeyShareCommand.writeNew(
          publicKeyOut,
          Bytes.of((got.publicKey().toBytes().hex() + "\n").getBytes(StandardCharsets.US_ASCII)));
      r.notes().forEach(Output::line);
      got.rejected()
          .forEach((d, why) -> Output.line("rejected dealing of holder " + d + ": " + why));
      got.refused().forEach(s -> Output.line("refused " + s));
      got.disqualified().forEach((d, why) -> Output.line("disqualified holder " + d + ": " + why));
      Output.line(
          "holder "
              + index
              + " of "
              + holders
              + " (threshold "
              + threshold
              + "): share from the dealings of holders "
              + got.qualified()
              + ", sealed under "
              + target.describe()
              + " in "
              + out);
      Output.line("master public key: " + got.publicKey().masterPublicKey().toBytes().hex());
      Output.line(
          "master public key sha256: "
              + Digests.sha256Hex(got.publicKey().masterPublicKey().toBytes()));
      Output.line("threshold public key sha256: " + Digests.sha256Hex(got.publicKey().toBytes()));
      Output.line("transcript sha256: " + r.transcriptDigest().hex());
      Output.line("identity roster sha256: " + roster.digest().hex() + " (run " + run + ")");
      Output.line(
          "bytes sent "
              + r.bytesSent()
              + ", received "
              + r.bytesReceived()
              + "; rounds took "
              + r.elapsed().toMillis()
              + " ms ("
              + r.afterRoster().toMillis()
              + " ms after the last holder's key)");
      return 0;
    }
  }

  /** The identity roster file, checked against n and the run id (a usage error names the flag). */
  static DkgIdentities identities(CommandSpec spec, Path file, int holders, String run)
      throws IOException {
    if (!DkgIdentities.RUN.matcher(run).matches()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--run must match " + DkgIdentities.RUN.pattern());
    }
    if (!Files.isRegularFile(file) || Files.size(file) > DkgIdentities.MAX_TEXT) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--identities: no roster file " + file + " (at most 64 KiB)");
    }
    try {
      DkgIdentities r = DkgIdentities.parse(Files.readString(file, StandardCharsets.UTF_8));
      if (r.holders() != holders) {
        throw new IllegalArgumentException(
            "names " + r.holders() + " holders, not --holders " + holders);
      }
      return r;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--identities " + file + ": " + e.getMessage());
    }
  }

  private static Identity identity(CommandSpec spec, Path file) throws IOException {
    try {
      Identity id = Identity.load(file);
      if (id.keyType() != KeyType.ED25519) {
        throw new IdentityException(
            IdentityException.Reason.UNSUPPORTED_KEY, "a dkg identity is an Ed25519 key");
      }
      return id;
    } catch (IdentityException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--identity " + file + ": " + e.getMessage());
    }
  }
}
