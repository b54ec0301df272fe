package io.dooor.cli;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.threshold.DistributedResharing;
import io.dooor.vetkd.threshold.KeyShare;
import io.dooor.vetkd.threshold.KeyShareSealer;
import io.dooor.vetkd.threshold.ReshareAnswer;
import io.dooor.vetkd.threshold.ReshareComplaint;
import io.dooor.vetkd.threshold.ReshareDealerState;
import io.dooor.vetkd.threshold.ReshareDealing;
import io.dooor.vetkd.threshold.ReshareRecipientKey;
import io.dooor.vetkd.threshold.SealingKeySource;
import io.dooor.vetkd.threshold.ThresholdPublicKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dooor keyshare reshare-keygen|reshare-deal|reshare-receive}: proactive resharing to a new
 * t'/n' across processes, the master public key unchanged. Each new holder makes an X25519 key pair
 * for receiving and an Ed25519 key pair for signing its complaints ({@code reshare-keygen}); each
 * old holder deals its sealed share, sub-shares encrypted to the new holders' public keys and their
 * signing keys recorded ({@code reshare-deal}); each new holder checks every dealing against the
 * old threshold public key, combines only its own share and seals it like {@code keyshare export},
 * and writes the new threshold public key ({@code reshare-receive}). The new holders compare the
 * printed digest of the new key; the control plane then takes that key (its data folder's
 * keyshares/public-key.hex) and the new holders' addresses.
 *
 * <p>The complaint round: {@code reshare-deal} also writes the dealer's polynomial sealed under its
 * sealing key ({@code --state-out}). A new holder whose own sub-share from some dealer does not
 * decrypt or fails the commitments writes no share but a complaint ({@code --complaint-out}) and
 * exits {@link Exits#COMPLAINED}; the complaint is signed with that holder's Ed25519 key, and each
 * accused old holder answers it ({@code reshare-answer}) only if the signature verifies under the
 * key its dealing records for that holder, revealing that sub-share signed with its key share; then
 * every new holder runs {@code reshare-receive} again with all complaints ({@code --complaints})
 * and answers ({@code --answers}). A complaint without a valid answer disqualifies its dealer at
 * every new holder, so all of them use the same dealers and print the same digest.
 */
final class KeyShareReshare {
  /** Largest dealing file read: 255 recipients and commitments with headroom. */
  static final long MAX_DEALING = 256 * 1024;

  /** Largest public key or recipient key file read. */
  static final long MAX_KEY_FILE = 64 * 1024;

  /** Largest sealed dealer state read: 254 coefficients and 255 holder keys with headroom. */
  static final long MAX_STATE = 32 * 1024;

  private KeyShareReshare() {}

  /** An old holder's sealed share and its sealing key: what dealing and answering start from. */
  static final class OldHolder {
    @Option(names = "--share", required = true, description = "This old holder's sealed share")
    Path share;

    @Option(
        names = "--sealing-key",
        required = true,
        description =
            "file:PATH or env:VAR holding the key the share (and reshare-deal's state) is sealed"
                + " under")
    String sealingKey;

    SealingKeySource sealingKeySource(CommandSpec spec) throws VetKdException {
      return KeyShareCommand.sealingKeySource(spec, sealingKey, false);
    }

    KeyShare share(SealingKeySource source) throws IOException, VetKdException {
      return new KeyShareSealer(source, new SecureRandom())
          .unseal(read(share, KeyShareCommand.MAX_SEALED, "sealed key share"));
    }
  }

  @Command(
      name = "reshare-keygen",
      mixinStandardHelpOptions = true,
      description =
          "Make a new holder's keys for a resharing: X25519 for receiving its sub-shares, Ed25519"
              + " for signing its complaints; prints the public key (both, 64 bytes hex) to give"
              + " to every old holder (--recipient INDEX=PUBKEY).")
  static final class Keygen implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--out",
        required = true,
        description =
            "Private key file to write (both private keys, owner-only, never overwritten)")
    Path out;

    @Override
    public Integer call() throws IOException {
      refuseExisting(spec, "--out", out);
      ReshareRecipientKey key = ReshareRecipientKey.generate(new SecureRandom());
      KeyShareCommand.writeNew(out, key.privateKeyFile());
      Output.line("reshare public key: " + key.publicKey().hex());
      return 0;
    }
  }

  @Command(
      name = "reshare-deal",
      mixinStandardHelpOptions = true,
      description =
          "Deal this old holder's sealed share to n' new holders with threshold t', each sub-share"
              + " encrypted to its holder's reshare public key.")
  static final class Deal implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin OldHolder holder;

    @Option(names = "--new-threshold", required = true, description = "t' of the new sharing")
    int newThreshold;

    @Option(names = "--new-holders", required = true, description = "n' of the new sharing")
    int newHolders;

    @Option(
        names = "--recipient",
        required = true,
        description = "INDEX=PUBKEY (hex, from reshare-keygen) for every new holder 1..n'")
    List<String> recipients;

    @Option(names = "--out", required = true, description = "Dealing file to write")
    Path out;

    @Option(
        names = "--state-out",
        required = true,
        description =
            "File to write this dealer's polynomial to, sealed under --sealing-key; keep it until"
                + " the resharing is done, to answer complaints (reshare-answer)")
    Path stateOut;

    @Override
    public Integer call() throws IOException, VetKdException {
      refuseExisting(spec, "--out", out);
      refuseExisting(spec, "--state-out", stateOut);
      Map<Integer, Bytes> keys = recipients(spec, recipients);
      SealingKeySource source = holder.sealingKeySource(spec);
      SecureRandom rng = new SecureRandom();
      KeyShare mine = holder.share(source);
      ReshareDealing.Dealt dealt = ReshareDealing.deal(mine, newThreshold, newHolders, keys, rng);
      ReshareDealing d = dealt.dealing();
      Bytes sealedState = dealt.state().seal(source, rng);
      KeyShareCommand.writeNew(stateOut, sealedState);
      KeyShareCommand.writeNew(out, d.toBytes());
      Output.line(
          "old holder "
              + mine.index()
              + " of "
              + mine.publicKey().holders()
              + " dealt its share to "
              + newHolders
              + " new holders (threshold "
              + newThreshold
              + ") in "
              + out
              + "; its polynomial sealed in "
              + stateOut);
      Output.line("dealing sha256: " + d.digest().hex());
      return 0;
    }
  }

  @Command(
      name = "reshare-answer",
      mixinStandardHelpOptions = true,
      description =
          "As the accused old holder, answer a new holder's complaint (only if that holder signed"
              + " it with the key this dealing records for it): reveal its sub-share, bound to the"
              + " dealing and signed with this holder's key share, for every new holder to check.")
  static final class Answer implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin OldHolder holder;

    @Option(
        names = "--state",
        required = true,
        description = "The sealed polynomial reshare-deal wrote (--state-out)")
    Path state;

    @Option(
        names = "--complaint",
        required = true,
        description = "The complaint file a new holder wrote (reshare-receive --complaint-out)")
    Path complaint;

    @Option(names = "--out", required = true, description = "Answer file to write")
    Path out;

    @Override
    public Integer call() throws IOException, VetKdException {
      refuseExisting(spec, "--out", out);
      SealingKeySource source = holder.sealingKeySource(spec);
      KeyShare mine = holder.share(source);
      ReshareDealerState dealer =
          ReshareDealerState.unseal(source, read(state, MAX_STATE, "sealed dealer state"));
      ReshareComplaint c = complaintFile(complaint);
      ReshareAnswer a = dealer.answer(mine, c);
      KeyShareCommand.writeNew(out, a.toBytes());
      Output.line(
          "old holder "
              + a.dealer()
              + " answered the complaint of new holder "
              + a.recipient()
              + " (\""
              + c.against(a.dealer()).reason()
              + "\"): its sub-share revealed in "
              + out
              + "; give this answer to every new holder (reshare-receive --answers)");
      return 0;
    }
  }

  @Command(
      name = "reshare-receive",
      mixinStandardHelpOptions = true,
      description =
          "As new holder INDEX: check the old holders' dealings against the old threshold public"
              + " key, combine this holder's new share, seal it and write the new threshold public"
              + " key.")
  static final class Receive implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--index", required = true, description = "This new holder's index, 1..n'")
    int index;

    @Option(
        names = "--dealings",
        required = true,
        arity = "1..*",
        description = "Dealing files (reshare-deal), from at least t old holders")
    List<Path> dealings;

    @Option(names = "--key", required = true, description = "This holder's reshare-keygen file")
    Path key;

    @Option(
        names = "--old-public-key",
        required = true,
        description =
            "The deployment's threshold public key (hex, as in the data folder's"
                + " keyshares/public-key.hex), from a trusted source")
    Path oldPublicKey;

    @Option(
        names = "--sealing-key",
        required = true,
        description =
            "The new holder's sealing key: file:PATH (created, 0600, if absent) or env:VAR")
    String sealingKey;

    @Option(names = "--out", required = true, description = "Sealed new share to write")
    Path out;

    @Option(
        names = "--public-key-out",
        required = true,
        description = "File to write the new threshold public key to (hex)")
    Path publicKeyOut;

    @Option(
        names = "--complaints",
        arity = "1..*",
        description =
            "Every complaint file of this resharing (reshare-receive --complaint-out), the same"
                + " for every new holder")
    List<Path> complaints = List.of();

    @Option(
        names = "--answers",
        arity = "1..*",
        description = "Every answer file (reshare-answer), the same for every new holder")
    List<Path> answers = List.of();

    @Option(
        names = "--complaint-out",
        description =
            "Where to write this holder's complaint if a sub-share fails (exit code "
                + Exits.COMPLAINED
                + ")")
    Path complaintOut;

    @Override
    public Integer call() throws IOException, VetKdException {
      refuseExisting(spec, "--out", out);
      refuseExisting(spec, "--public-key-out", publicKeyOut);
      ThresholdPublicKey old = publicKeyFile(oldPublicKey);
      ReshareRecipientKey mine =
          ReshareRecipientKey.parseFile(read(key, MAX_KEY_FILE, "reshare key"));
      List<ReshareDealing> parsed = new ArrayList<>();
      List<String> unreadable = new ArrayList<>();
      for (Path p : dealings) {
        try {
          parsed.add(ReshareDealing.parse(read(p, MAX_DEALING, "dealing")));
        } catch (VetKdException | IOException e) {
          unreadable.add(p + ": " + e.getMessage());
        }
      }
      unreadable.forEach(u -> Output.line("rejected dealing file " + u));
      List<ReshareComplaint> cs = new ArrayList<>();
      for (Path p : complaints) {
        cs.add(complaintFile(p));
      }
      List<ReshareAnswer> as = new ArrayList<>();
      for (Path p : answers) {
        try {
          as.add(ReshareAnswer.parse(read(p, ReshareAnswer.BYTES, "resharing answer")));
        } catch (VetKdException | IOException e) {
          Output.line("refused answer file " + p + ": " + e.getMessage());
        }
      }
      DistributedResharing.Outcome outcome;
      try {
        outcome = DistributedResharing.receive(old, index, mine, parsed, cs, as);
      } catch (VetKdException e) {
        if (unreadable.isEmpty()) {
          throw e;
        }
        throw new IOException(e.getMessage() + "; unreadable dealing files " + unreadable, e);
      }
      if (outcome instanceof DistributedResharing.Complained c) {
        return complain(c.complaint());
      }
      DistributedResharing.Received r = (DistributedResharing.Received) outcome;
      SealingKeySource target = KeyShareCommand.sealingKeySource(spec, sealingKey, true);
      KeyShareCommand.writeNew(out, new KeyShareSealer(target, new SecureRandom()).seal(r.share()));
      KeyShareCommand.writeNew(
          publicKeyOut,
          Bytes.of((r.publicKey().toBytes().hex() + "\n").getBytes(StandardCharsets.US_ASCII)));
      r.rejected()
          .forEach((dealer, why) -> Output.line("rejected dealing of " + dealer + ": " + why));
      r.refusedComplaints().forEach(c -> Output.line("refused " + c));
      r.refusedAnswers().forEach(a -> Output.line("refused " + a));
      r.disqualified()
          .forEach((dealer, why) -> Output.line("disqualified old holder " + dealer + ": " + why));
      Output.line(
          "new share "
              + index
              + " of "
              + r.publicKey().holders()
              + " (threshold "
              + r.publicKey().threshold()
              + ") from the dealings of old holders "
              + r.dealersUsed()
              + ", sealed under "
              + target.describe()
              + " in "
              + out);
      Output.line("new threshold public key sha256: " + Digests.sha256Hex(r.publicKey().toBytes()));
      Output.line(
          "master public key (unchanged): " + r.publicKey().masterPublicKey().toBytes().hex());
      return 0;
    }

    /** Writes this holder's complaint (no share, no public key) and tells the operator why. */
    private int complain(ReshareComplaint c) throws IOException {
      for (ReshareComplaint.Accusation a : c.accusations()) {
        Output.err(
            "new holder "
                + index
                + " complains against old holder "
                + a.dealer()
                + ": "
                + a.reason()
                + " (dealing sha256 "
                + a.dealingDigest().hex()
                + ")");
      }
      if (complaintOut == null) {
        Output.err("no share written; run again with --complaint-out FILE to write the complaint");
        return Exits.COMPLAINED;
      }
      refuseExisting(spec, "--complaint-out", complaintOut);
      KeyShareCommand.writeNew(complaintOut, c.toBytes());
      Output.err(
          "no share written; complaint written to "
              + complaintOut
              + ": take it to old holder(s) "
              + c.dealers()
              + " (dooor keyshare reshare-answer --complaint "
              + complaintOut
              + "), then run reshare-receive again on every new holder with all complaints"
              + " (--complaints) and answers (--answers)");
      return Exits.COMPLAINED;
    }
  }

  /** A complaint file; unreadable ones are an error (every new holder must see the same). */
  static ReshareComplaint complaintFile(Path file) throws IOException {
    try {
      return ReshareComplaint.parse(read(file, ReshareComplaint.MAX_BYTES, "resharing complaint"));
    } catch (VetKdException e) {
      throw new IOException(file + " is not a resharing complaint: " + e.getMessage(), e);
    }
  }

  /** Parses INDEX=HEX entries, each index once. */
  static Map<Integer, Bytes> recipients(CommandSpec spec, List<String> entries) {
    Map<Integer, Bytes> out = new TreeMap<>();
    for (String e : entries) {
      int eq = e.indexOf('=');
      String shown = e.length() > 100 ? e.substring(0, 100) + "..." : e;
      if (eq < 1) {
        throw bad(spec, "--recipient '" + shown + "': expected INDEX=PUBKEY");
      }
      int index;
      try {
        index = Integer.parseInt(e.substring(0, eq).strip());
      } catch (NumberFormatException x) {
        throw bad(spec, "--recipient '" + shown + "': index is not a number");
      }
      Bytes pub;
      try {
        pub = ReshareRecipientKey.checkPublicKey(Bytes.fromHex(e.substring(eq + 1).strip()));
      } catch (IllegalArgumentException | VetKdException x) {
        throw bad(spec, "--recipient '" + shown + "': " + x.getMessage());
      }
      if (out.put(index, pub) != null) {
        throw bad(spec, "--recipient: new holder " + index + " given twice");
      }
    }
    return out;
  }

  /** A hex threshold public key file, as in the data folder. */
  static ThresholdPublicKey publicKeyFile(Path file) throws IOException, VetKdException {
    Bytes text = read(file, MAX_KEY_FILE, "threshold public key");
    try {
      return ThresholdPublicKey.parse(
          Bytes.fromHex(new String(text.toArray(), StandardCharsets.US_ASCII).strip()));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is not a hex threshold public key: " + e.getMessage(), e);
    }
  }

  private static Bytes read(Path file, long max, String what) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no such file: " + file + " (" + what + ")");
    }
    if (Files.size(file) > max) {
      throw new IOException(file + " is larger than any " + what + " (" + max + " bytes)");
    }
    return Bytes.of(Files.readAllBytes(file));
  }

  private static void refuseExisting(CommandSpec spec, String option, Path file) {
    if (Files.exists(file)) {
      throw bad(spec, option + " " + file + " exists; refusing to overwrite it");
    }
  }

  private static CommandLine.ParameterException bad(CommandSpec spec, String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
