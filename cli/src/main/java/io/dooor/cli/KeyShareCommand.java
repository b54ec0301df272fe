package io.dooor.cli;

import io.dooor.attestation.AttestationVerifier;
import io.dooor.attestation.sim.SimEvidenceVerifier;
import io.dooor.attestation.sim.SimTee;
import io.dooor.common.Bytes;
import io.dooor.core.Principal;
import io.dooor.core.port.EvidenceVerifier;
import io.dooor.keyshare.HolderTee;
import io.dooor.keyshare.KeyShareServer;
import io.dooor.server.ControlPlaneIdentity;
import io.dooor.server.DataFolderLock;
import io.dooor.server.KeyShareFolder;
import io.dooor.server.keyshare.HolderProcess;
import io.dooor.server.keyshare.SimControlPlaneTee;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.threshold.EnvSealingKeySource;
import io.dooor.vetkd.threshold.FileSealingKeySource;
import io.dooor.vetkd.threshold.KeyShare;
import io.dooor.vetkd.threshold.KeyShareSealer;
import io.dooor.vetkd.threshold.SealingKeySource;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dooor keyshare export|start|reshare-*}: runs vetKD key-share holders as separate processes
 * (DESIGN §5). {@code export} takes one share out of the data folder's key-share folder (generating
 * the sharing there on first use, as the first embedded start would) and re-seals it under the
 * holder's own sealing key; {@code start} serves such a sealed share to the control plane over
 * signed HTTP; the {@code reshare-*} commands ({@link KeyShareReshare}) move the key to a new t'/n'
 * of holders.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "keyshare",
    description = "Run vetKD key-share holders as separate processes.",
    subcommands = {
      KeyShareCommand.Export.class,
      KeyShareCommand.Start.class,
      KeyShareReshare.Keygen.class,
      KeyShareReshare.Deal.class,
      KeyShareReshare.Answer.class,
      KeyShareReshare.Receive.class,
      KeyShareDkg.Relay.class,
      KeyShareDkg.Run.class,
      KeyShareHolders.class
    })
final class KeyShareCommand {
  /** Largest sealed share file read: the header holds at most 255 public key commitments. */
  static final long MAX_SEALED = 64 * 1024;

  private KeyShareCommand() {}

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Seal key share INDEX of the data folder under a holder's own sealing key, for"
              + " `dooor keyshare start`; prints the control-plane principal the holder must accept.")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--data",
        defaultValue = "dooor-data",
        description = "Data folder of the control plane. Default: ${DEFAULT-VALUE}")
    Path data;

    @Option(names = "--index", required = true, description = "Shamir index of the share, 1..n")
    int index;

    @Option(names = "--out", required = true, description = "File to write (never overwritten)")
    Path out;

    @Option(
        names = "--sealing-key",
        required = true,
        description =
            "The holder's sealing key: file:PATH (created, 0600, if absent) or env:VAR"
                + " (64 hex digits or base64 of 32 bytes)")
    String sealingKey;

    @Option(
        names = "--remove",
        description =
            "Delete the share from the data folder afterwards, so that the control plane no longer"
                + " holds it")
    boolean remove;

    /** Holds the data folder's lock throughout: refused while a server runs on the folder. */
    @Override
    public Integer call() throws IOException, VetKdException {
      try (DataFolderLock lock = DataFolderLock.acquire(data)) {
        return export();
      }
    }

    private int export() throws IOException, VetKdException {
      if (Files.exists(out)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--out " + out + " exists; refusing to overwrite it");
      }
      SealingKeySource target = sealingKeySource(spec, sealingKey, true);
      KeyShareFolder folder = KeyShareFolder.open(data);
      KeyShare share =
          folder.loadOrGenerate().stream()
              .filter(s -> s.index() == index)
              .findFirst()
              .orElseThrow(
                  () ->
                      new CommandLine.ParameterException(
                          spec.commandLine(),
                          "share "
                              + index
                              + " is not in "
                              + folder.path()
                              + " (exported already?)"));
      Bytes sealed = new KeyShareSealer(target, new SecureRandom()).seal(share);
      writeNew(out, sealed);
      if (remove) {
        folder.remove(index);
      }
      Principal controlPlane = ControlPlaneIdentity.loadOrCreate(data).principal();
      Output.line(
          "share "
              + index
              + " of "
              + share.publicKey().holders()
              + " (threshold "
              + share.publicKey().threshold()
              + ") sealed under "
              + target.describe()
              + " in "
              + out
              + (remove ? "; removed from " + folder.path() : ""));
      Output.line("control plane: " + controlPlane.toText());
      return 0;
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Serve one sealed key share over HTTP to the control plane's signed requests.")
  static final class Start implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--share", required = true, description = "Sealed share (keyshare export)")
    Path share;

    @Option(
        names = "--sealing-key",
        required = true,
        description = "file:PATH or env:VAR holding the key the share is sealed under")
    String sealingKey;

    @Option(
        names = "--control-plane",
        required = true,
        description = "Principal of the control plane, the only caller answered")
    String controlPlane;

    @Option(
        names = "--host",
        defaultValue = "127.0.0.1",
        description = "Listen address. Default: ${DEFAULT-VALUE}")
    String host;

    @Option(
        names = "--sim-tee",
        paramLabel = "FILE",
        description =
            "DEVELOPMENT: present sim evidence signed by this simulation root (the control plane's"
                + " DATA/sim-root.der), and verify the control plane's sim evidence with it")
    Path simTee;

    @Option(
        names = "--evidence",
        paramLabel = "sim|tsm|sev-guest|nitro",
        description =
            "The TEE evidence this holder presents to the control plane: sim (needs --sim-tee),"
                + " or from hardware through the kernel interfaces a node uses: tsm (configfs-tsm,"
                + " with --tee-type tdx|snp), sev-guest (/dev/sev-guest), nitro (/dev/nsm)."
                + " Default: sim with --sim-tee, else none")
    String evidence;

    @Option(
        names = "--tee-type",
        paramLabel = "tdx|snp",
        description = "With --evidence tsm: the kind of report configfs-tsm serves")
    String teeType;

    @Option(
        names = "--sim-measurement",
        paramLabel = "HEX",
        description =
            "The measurement (48 bytes) of this holder's sim evidence. Default: SHA-384 of"
                + " 'dooor keyshare holder (sim)'")
    String simMeasurement;

    @Option(
        names = "--control-plane-policy",
        paramLabel = "FILE|production",
        description =
            "Answer derivations only while the control plane's TEE evidence passes this policy"
                + " (JSON as for `dooor policy set`), or `production`. Default: not checked")
    String controlPlanePolicy;

    @Option(
        names = "--port",
        defaultValue = "7101",
        description = "Listen port (0: any free port). Default: ${DEFAULT-VALUE}")
    int port;

    @Override
    public Integer call() throws IOException, VetKdException, InterruptedException {
      Principal caller = principal(spec, controlPlane);
      SealingKeySource source = sealingKeySource(spec, sealingKey, false);
      if (Files.size(share) > MAX_SEALED) {
        throw new IOException(share + " is larger than any sealed key share");
      }
      KeyShare unsealed =
          new KeyShareSealer(source, new SecureRandom())
              .unseal(Bytes.of(Files.readAllBytes(share)));
      Clock clock = Clock.systemUTC();
      SimTee sim = null;
      if (simTee != null) {
        if (!Files.isRegularFile(simTee)) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--sim-tee: no such file " + simTee);
        }
        sim = SimTee.loadOrCreate(simTee, clock);
      } else if (simMeasurement != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--sim-measurement needs --sim-tee");
      }
      HolderTee tee = tee(sim, unsealed.index());
      io.dooor.core.Policy cpPolicy =
          controlPlanePolicy == null
              ? null
              : PolicyFiles.read(
                  spec, "--control-plane-policy", controlPlanePolicy, "control-plane");
      List<EvidenceVerifier> verifiers = new ArrayList<>();
      if (sim != null) {
        verifiers.add(new SimEvidenceVerifier(sim.rootPublicKey(), Duration.ofMinutes(5)));
      }
      KeyShareServer server =
          HolderProcess.create(
                  unsealed, caller, clock, tee, cpPolicy, new AttestationVerifier(verifiers))
              .start(host, port);
      Output.line(
          "key-share holder "
              + unsealed.index()
              + " of "
              + unsealed.publicKey().holders()
              + " (threshold "
              + unsealed.publicKey().threshold()
              + ") listening on http://"
              + host
              + ":"
              + server.port()
              + " for control plane "
              + caller.toText()
              + (tee == null
                  ? ""
                  : tee.type() == io.dooor.core.TeeType.SIM
                      ? "; presents sim evidence (DEVELOPMENT)"
                      : "; presents " + tee.type().wireName() + " evidence from " + evidence)
              + (cpPolicy == null
                  ? ""
                  : "; answers only while the control plane's evidence passes policy "
                      + cpPolicy.workload()));
      Output.flush();
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

    /** The holder's TEE --evidence names (null: it presents none). */
    private HolderTee tee(SimTee sim, int index) throws IOException {
      String kind = evidence != null ? evidence : sim != null ? "sim" : null;
      if (kind == null) {
        return null;
      }
      if (kind.equals("sim")) {
        if (sim == null) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--evidence sim needs --sim-tee");
        }
        return SimControlPlaneTee.holder(sim, index, measurement());
      }
      try {
        io.dooor.core.TeeType type =
            teeType == null ? null : io.dooor.core.TeeType.parse(teeType.strip());
        return HolderEvidence.of(HolderEvidence.hardware(kind, type));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }

    private Bytes measurement() {
      if (simMeasurement == null) {
        return SimControlPlaneTee.HOLDER_MEASUREMENT;
      }
      try {
        Bytes m = Bytes.fromHex(simMeasurement.strip());
        if (m.length() != 48) {
          throw new IllegalArgumentException("must be 48 bytes (96 hex digits)");
        }
        return m;
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--sim-measurement: " + e.getMessage());
      }
    }
  }

  /** {@code file:PATH}, {@code env:VAR}, or a bare path (a file). */
  static SealingKeySource sealingKeySource(CommandSpec spec, String text, boolean create)
      throws VetKdException {
    if (text.startsWith("env:")) {
      String variable = text.substring(4);
      if (variable.isEmpty()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--sealing-key env: needs a variable name");
      }
      return new EnvSealingKeySource(variable, System.getenv());
    }
    Path file = Path.of(text.startsWith("file:") ? text.substring(5) : text);
    if (create) {
      return FileSealingKeySource.createIfAbsent(file, new SecureRandom());
    }
    if (!Files.isRegularFile(file)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--sealing-key: no such file " + file);
    }
    return new FileSealingKeySource(file);
  }

  private static Principal principal(CommandSpec spec, String text) {
    try {
      Principal p = Principal.parse(text.strip());
      if (!p.isSelfAuthenticating()) {
        throw new IllegalArgumentException("not a self-authenticating (key) principal");
      }
      return p;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--control-plane: " + e.getMessage());
    }
  }

  /** Writes a new file, created owner read/write only where the file system is POSIX. */
  static void writeNew(Path file, Bytes content) throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    Files.createFile(file, attrs);
    Files.write(file, content.toArray(), StandardOpenOption.WRITE);
  }
}
