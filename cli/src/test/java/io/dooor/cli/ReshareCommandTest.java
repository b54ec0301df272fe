package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.threshold.CheatingDealer;
import io.dooor.vetkd.threshold.DeriveShareRequest;
import io.dooor.vetkd.threshold.FileSealingKeySource;
import io.dooor.vetkd.threshold.KeyShare;
import io.dooor.vetkd.threshold.KeyShareHolder;
import io.dooor.vetkd.threshold.KeyShareSealer;
import io.dooor.vetkd.threshold.LocalKeyShareHolder;
import io.dooor.vetkd.threshold.ThresholdDerivation;
import io.dooor.vetkd.threshold.ThresholdDeriver.FanOut;
import io.dooor.vetkd.threshold.ThresholdKeyGenerator;
import io.dooor.vetkd.threshold.ThresholdPublicKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed resharing end to end through the CLI: an old 2-of-3 sharing (sealed share files, as
 * {@code keyshare export} writes them) becomes 3-of-5 with reshare-keygen, reshare-deal and
 * reshare-receive; a dealing of another key and a garbage file are rejected and named; the new
 * holders agree on the new key, the master public key is unchanged, and deriving with the new
 * holders gives the vetKey the old ones gave.
 */
class ReshareCommandTest {
  private static final SecureRandom RNG = new SecureRandom();
  private static final Pattern PUBKEY = Pattern.compile("reshare public key: ([0-9a-f]{128})");
  private static final Pattern DIGEST =
      Pattern.compile("new threshold public key sha256: ([0-9a-f]{64})");
  private static final Bytes CANISTER = Bytes.fromHex("00000000001000010101");
  private static final Bytes CONTEXT = Bytes.of("app/x".getBytes(StandardCharsets.UTF_8));
  private static final Bytes INPUT = Bytes.of("user-1".getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
  }

  private String p(String name) {
    return dir.resolve(name).toString();
  }

  /** Seals each share under its own file key, as `keyshare export` does. */
  private void sealAll(String prefix, List<KeyShare> shares) throws VetKdException {
    for (KeyShare s : shares) {
      KeyShareSealer sealer =
          new KeyShareSealer(
              FileSealingKeySource.createIfAbsent(dir.resolve(prefix + s.index() + ".key"), RNG),
              RNG);
      try {
        Files.write(dir.resolve(prefix + s.index() + ".sealed"), sealer.seal(s).toArray());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private Run deal(int old, String prefix, List<String> recipients, String out) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "keyshare",
                "reshare-deal",
                "--share",
                p(prefix + old + ".sealed"),
                "--sealing-key",
                "file:" + p(prefix + old + ".key"),
                "--new-threshold",
                "3",
                "--new-holders",
                "5",
                "--out",
                p(out),
                "--state-out",
                p(out + ".state")));
    recipients.forEach(r -> args.addAll(List.of("--recipient", r)));
    return run(args.toArray(String[]::new));
  }

  private Run receive(int j, String... dealings) {
    return receive("", j, List.of(dealings), List.of());
  }

  /** New holder j's reshare-receive, its outputs named with {@code tag}. */
  private Run receive(String tag, int j, List<String> dealings, List<String> extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "keyshare",
                "reshare-receive",
                "--index",
                Integer.toString(j),
                "--key",
                p("new-" + j + ".x25519"),
                "--old-public-key",
                p("old-public-key.hex"),
                "--sealing-key",
                "file:" + p("new-" + j + ".key"),
                "--out",
                p(tag + "new-" + j + ".sealed"),
                "--public-key-out",
                p(tag + "new-public-key-" + j + ".hex"),
                "--dealings"));
    for (String d : dealings) {
      args.add(p(d));
    }
    args.addAll(extra);
    return run(args.toArray(String[]::new));
  }

  private static Bytes vetKey(ThresholdPublicKey pk, List<KeyShare> shares, TransportSecretKey tsk)
      throws VetKdException {
    List<KeyShareHolder> holders = new ArrayList<>();
    shares.forEach(s -> holders.add(new LocalKeyShareHolder(s, RNG)));
    try (VetKdService svc = VetKdService.create(pk, holders, Duration.ofMinutes(2), FanOut.ALL)) {
      ThresholdDerivation d =
          svc.deriveWithReport(DeriveShareRequest.of(CANISTER, CONTEXT, INPUT, tsk.publicKey()));
      DerivedPublicKey dpk = svc.publicKey(CANISTER, CONTEXT);
      return Bytes.of(d.encryptedKey().decryptAndVerify(tsk, dpk, INPUT).toBytes().toArray());
    }
  }

  @Test
  void twoOfThreeReshareToThreeOfFiveThroughTheCli() throws Exception {
    ThresholdKeyGenerator.Generated old = new ThresholdKeyGenerator(RNG).generate(2, 3);
    ThresholdKeyGenerator.Generated other = new ThresholdKeyGenerator(RNG).generate(2, 3);
    sealAll("old-", old.shares());
    sealAll("other-", other.shares());
    Files.writeString(dir.resolve("old-public-key.hex"), old.publicKey().toBytes().hex() + "\n");

    List<String> recipients = new ArrayList<>();
    for (int j = 1; j <= 5; j++) {
      Run k = run("keyshare", "reshare-keygen", "--out", p("new-" + j + ".x25519"));
      assertThat(k.code()).as(k.err()).isZero();
      Matcher m = PUBKEY.matcher(k.out());
      assertThat(m.find()).as(k.out()).isTrue();
      recipients.add(j + "=" + m.group(1));
      assertThat(Files.getPosixFilePermissions(dir.resolve("new-" + j + ".x25519")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
    Run again = run("keyshare", "reshare-keygen", "--out", p("new-1.x25519"));
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("exists; refusing to overwrite it");

    // old holders 1 and 3 deal; "holder 2" deals a share of another key
    for (int i : new int[] {1, 3}) {
      Run d = deal(i, "old-", recipients, "dealing-" + i);
      assertThat(d.code()).as(d.err()).isZero();
      assertThat(d.out()).contains("old holder " + i + " of 3 dealt its share to 5 new holders");
    }
    assertThat(deal(2, "other-", recipients, "dealing-2").code()).isZero();
    Files.write(dir.resolve("garbage"), "DVKR not a dealing".getBytes(StandardCharsets.US_ASCII));

    Set<String> digests = new HashSet<>();
    List<KeyShare> fresh = new ArrayList<>();
    ThresholdPublicKey newKey = null;
    for (int j = 1; j <= 5; j++) {
      Run r = receive(j, "dealing-1", "dealing-2", "dealing-3", "garbage");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out())
          .contains("rejected dealing of 2: deals a share of another threshold public key")
          .contains("rejected dealing file " + p("garbage"))
          .contains(
              "new share " + j + " of 5 (threshold 3) from the dealings of old holders [1, 3]")
          .contains(
              "master public key (unchanged): "
                  + old.publicKey().masterPublicKey().toBytes().hex());
      Matcher m = DIGEST.matcher(r.out());
      assertThat(m.find()).isTrue();
      digests.add(m.group(1));
      ThresholdPublicKey k =
          KeyShareReshare.publicKeyFile(dir.resolve("new-public-key-" + j + ".hex"));
      if (newKey != null) {
        assertThat(k).isEqualTo(newKey);
      }
      newKey = k;
      assertThat(Files.readAllBytes(dir.resolve("new-" + j + ".sealed")))
          .startsWith("DVKK".getBytes(StandardCharsets.US_ASCII));
      fresh.add(
          new KeyShareSealer(new FileSealingKeySource(dir.resolve("new-" + j + ".key")), RNG)
              .unseal(Bytes.of(Files.readAllBytes(dir.resolve("new-" + j + ".sealed")))));
    }
    assertThat(digests).as("every new holder computed the same new key").hasSize(1);
    assertThat(newKey.threshold()).isEqualTo(3);
    assertThat(newKey.holders()).isEqualTo(5);
    assertThat(newKey.masterPublicKey()).isEqualTo(old.publicKey().masterPublicKey());

    TransportSecretKey tsk = TransportSecretKey.generate();
    Bytes before = vetKey(old.publicKey(), old.shares(), tsk);
    Bytes after = vetKey(newKey, fresh, TransportSecretKey.generate());
    assertThat(after).as("the new holders derive the vetKey the old ones did").isEqualTo(before);
    Bytes afterThree = vetKey(newKey, List.of(fresh.get(1), fresh.get(3), fresh.get(4)), tsk);
    assertThat(afterThree).isEqualTo(before);

    // one valid dealing is fewer than t_old = 2: refused, naming the rejected ones
    Files.delete(dir.resolve("new-1.sealed"));
    Files.delete(dir.resolve("new-public-key-1.hex"));
    Run few = receive(1, "dealing-1", "dealing-2");
    assertThat(few.code()).isEqualTo(1);
    assertThat(few.err())
        .contains("need 2 valid dealings, got 1")
        .contains("2=deals a share of another threshold public key");
    assertThat(Files.exists(dir.resolve("new-1.sealed"))).isFalse();
    // holder 2's key is not the one the dealings record for holder 1: refused, naming the key
    Files.copy(dir.resolve("new-2.x25519"), dir.resolve("swapped.x25519"));
    Run swapped =
        run(
            "keyshare",
            "reshare-receive",
            "--index",
            "1",
            "--key",
            p("swapped.x25519"),
            "--old-public-key",
            p("old-public-key.hex"),
            "--sealing-key",
            "file:" + p("swapped.key"),
            "--out",
            p("swapped.sealed"),
            "--public-key-out",
            p("swapped.hex"),
            "--dealings",
            p("dealing-1"),
            p("dealing-3"));
    assertThat(swapped.code()).isEqualTo(1);
    assertThat(swapped.err())
        .contains(
            "the dealings record another public key for new holder 1 than this holder's ("
                + recipients.get(0).substring(2)
                + "): was the wrong --recipient 1=... given to the dealers");
    assertThat(Files.exists(dir.resolve("swapped.sealed"))).isFalse();
  }

  /** Every new holder's run on the same files succeeds; returns their digests and shares. */
  private List<KeyShare> everyoneAgrees(
      String tag, List<String> dealings, List<String> extra, String used, String expect)
      throws Exception {
    Set<String> digests = new HashSet<>();
    List<KeyShare> fresh = new ArrayList<>();
    for (int j = 1; j <= 5; j++) {
      Run r = receive(tag, j, dealings, extra);
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("from the dealings of old holders " + used).contains(expect);
      Matcher m = DIGEST.matcher(r.out());
      assertThat(m.find()).isTrue();
      digests.add(m.group(1));
      fresh.add(
          new KeyShareSealer(new FileSealingKeySource(dir.resolve("new-" + j + ".key")), RNG)
              .unseal(Bytes.of(Files.readAllBytes(dir.resolve(tag + "new-" + j + ".sealed")))));
    }
    assertThat(digests).as("every new holder printed the same digest").hasSize(1);
    return fresh;
  }

  @Test
  void complaintRoundThroughTheCli() throws Exception {
    ThresholdKeyGenerator.Generated old = new ThresholdKeyGenerator(RNG).generate(2, 3);
    sealAll("old-", old.shares());
    Files.writeString(dir.resolve("old-public-key.hex"), old.publicKey().toBytes().hex() + "\n");
    List<String> recipients = new ArrayList<>();
    Map<Integer, Bytes> pubs = new TreeMap<>();
    for (int j = 1; j <= 5; j++) {
      Run k = run("keyshare", "reshare-keygen", "--out", p("new-" + j + ".x25519"));
      Matcher m = PUBKEY.matcher(k.out());
      assertThat(m.find()).as(k.out()).isTrue();
      recipients.add(j + "=" + m.group(1));
      pubs.put(j, Bytes.fromHex(m.group(1)));
    }
    // old holder 1 signs a dealing whose box for new holder 2 is garbage; 2 and 3 deal honestly
    CheatingDealer.Dealt cheat =
        CheatingDealer.garbling(
            old.shares().get(0), 3, 5, pubs, 2, new FileSealingKeySource(dir.resolve("old-1.key")));
    Files.write(dir.resolve("dealing-1"), cheat.dealing().toArray());
    Files.write(dir.resolve("dealing-1.state"), cheat.sealedState().toArray());
    for (int i : new int[] {2, 3}) {
      Run d = deal(i, "old-", recipients, "dealing-" + i);
      assertThat(d.code()).as(d.err()).isZero();
      assertThat(d.out()).contains("its polynomial sealed in " + p("dealing-" + i + ".state"));
      assertThat(Files.readAllBytes(dir.resolve("dealing-" + i + ".state")))
          .startsWith("DVKS".getBytes(StandardCharsets.US_ASCII));
    }
    List<String> dealings = List.of("dealing-1", "dealing-2", "dealing-3");

    // round 1: new holder 2 cannot open its box from old holder 1 and complains
    Run complained = receive("r1-", 2, dealings, List.of("--complaint-out", p("c-2.bin")));
    assertThat(complained.code()).as(complained.out()).isEqualTo(Exits.COMPLAINED);
    assertThat(complained.err())
        .contains("new holder 2 complains against old holder 1: encrypted sub-share does not")
        .contains("complaint written to " + p("c-2.bin") + ": take it to old holder(s) [1]");
    assertThat(Files.exists(dir.resolve("r1-new-2.sealed"))).isFalse();
    assertThat(Files.exists(dir.resolve("r1-new-public-key-2.hex"))).isFalse();

    // old holder 2 is not accused; old holder 1 answers from its sealed state
    Run notMine =
        run(
            "keyshare",
            "reshare-answer",
            "--share",
            p("old-2.sealed"),
            "--sealing-key",
            "file:" + p("old-2.key"),
            "--state",
            p("dealing-2.state"),
            "--complaint",
            p("c-2.bin"),
            "--out",
            p("a-2.bin"));
    assertThat(notMine.code()).isEqualTo(1);
    assertThat(notMine.err()).contains("accuses old holders [1], not 2");
    assertThat(Files.exists(dir.resolve("a-2.bin"))).isFalse();
    Run answered =
        run(
            "keyshare",
            "reshare-answer",
            "--share",
            p("old-1.sealed"),
            "--sealing-key",
            "file:" + p("old-1.key"),
            "--state",
            p("dealing-1.state"),
            "--complaint",
            p("c-2.bin"),
            "--out",
            p("a-1.bin"));
    assertThat(answered.code()).as(answered.err()).isZero();
    assertThat(answered.out()).contains("old holder 1 answered the complaint of new holder 2");

    // complaints new holder 2 did not sign as they are: its reason altered, or re-addressed as
    // new holder 3's; old holder 1 refuses to answer either
    byte[] complaint = Files.readAllBytes(dir.resolve("c-2.bin"));
    byte[] altered = complaint.clone();
    altered[5 + 4 + 2 + 32 + 2] ^= 1;
    Files.write(dir.resolve("c-altered.bin"), altered);
    byte[] readdressed = complaint.clone();
    readdressed[6] ^= 1; // new holder 2 -> 3
    Files.write(dir.resolve("c-3.bin"), readdressed);
    for (String[] forged : new String[][] {{"c-altered.bin", "2"}, {"c-3.bin", "3"}}) {
      Run refusedAnswer =
          run(
              "keyshare",
              "reshare-answer",
              "--share",
              p("old-1.sealed"),
              "--sealing-key",
              "file:" + p("old-1.key"),
              "--state",
              p("dealing-1.state"),
              "--complaint",
              p(forged[0]),
              "--out",
              p("a-" + forged[0]));
      assertThat(refusedAnswer.code()).as(refusedAnswer.out()).isEqualTo(1);
      assertThat(refusedAnswer.err())
          .contains(
              "refusing to answer: the complaint of new holder "
                  + forged[1]
                  + " is not signed with the Ed25519 key the accused dealing records for new"
                  + " holder "
                  + forged[1]);
      assertThat(Files.exists(dir.resolve("a-" + forged[0]))).isFalse();
    }

    // round 2, every new holder given the complaint and the answer: resolved, dealers 1 and 2
    TransportSecretKey tsk = TransportSecretKey.generate();
    Bytes before = vetKey(old.publicKey(), old.shares(), tsk);
    List<KeyShare> resolved =
        everyoneAgrees(
            "r2-",
            dealings,
            List.of("--complaints", p("c-2.bin"), "--answers", p("a-1.bin")),
            "[1, 2]",
            "master public key (unchanged)");
    ThresholdPublicKey k2 = KeyShareReshare.publicKeyFile(dir.resolve("r2-new-public-key-1.hex"));
    assertThat(vetKey(k2, resolved.subList(1, 4), tsk)).isEqualTo(before);

    // the forged complaints next to them are refused at every new holder and change nothing
    everyoneAgrees(
        "r5-",
        dealings,
        List.of(
            "--complaints",
            p("c-2.bin"),
            p("c-altered.bin"),
            p("c-3.bin"),
            "--answers",
            p("a-1.bin")),
        "[1, 2]",
        "refused complaint of new holder 3 against old holder 1 is not signed with the Ed25519"
            + " key the accused dealing records for new holder 3");
    // and alone they disqualify nobody (new holder 1 can open all its sub-shares)
    Run forgedOnly =
        receive("r6-", 1, dealings, List.of("--complaints", p("c-altered.bin"), p("c-3.bin")));
    assertThat(forgedOnly.code()).as(forgedOnly.err()).isZero();
    assertThat(forgedOnly.out())
        .contains("from the dealings of old holders [1, 2]")
        .contains(
            "refused complaint of new holder 2 against old holder 1 is not signed with the"
                + " Ed25519 key")
        .doesNotContain("disqualified");

    // the same round without the answer: old holder 1 is disqualified at every new holder
    List<KeyShare> withoutOne =
        everyoneAgrees(
            "r3-",
            dealings,
            List.of("--complaints", p("c-2.bin")),
            "[2, 3]",
            "disqualified old holder 1: complaint of new holder 2 (encrypted sub-share does not");
    ThresholdPublicKey k3 = KeyShareReshare.publicKeyFile(dir.resolve("r3-new-public-key-1.hex"));
    assertThat(k3.masterPublicKey()).isEqualTo(old.publicKey().masterPublicKey());
    assertThat(vetKey(k3, withoutOne.subList(0, 3), tsk)).isEqualTo(before);

    // a garbled answer file is refused by name, and the complaint stays unanswered
    byte[] bad = Files.readAllBytes(dir.resolve("a-1.bin"));
    bad[bad.length - 60] ^= 1;
    Files.write(dir.resolve("a-bad.bin"), bad);
    Run refused =
        receive(
            "r4-",
            1,
            List.of("dealing-1", "dealing-2"),
            List.of("--complaints", p("c-2.bin"), "--answers", p("a-bad.bin")));
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err())
        .contains("need 2 valid dealings, got 1")
        .contains("disqualified {1=complaint of new holder 2 (")
        .contains("has no valid answer: it is not signed with old holder 1's key share");
    assertThat(Files.exists(dir.resolve("r4-new-1.sealed"))).isFalse();
  }

  @Test
  void dealRefusesBadRecipientsNamingThem() throws Exception {
    ThresholdKeyGenerator.Generated old = new ThresholdKeyGenerator(RNG).generate(2, 3);
    sealAll("old-", old.shares());
    String key = "11".repeat(64);
    Run missing = deal(1, "old-", List.of("1=" + key, "2=" + key), "d");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("no public key for new holder 3 of 5");
    Run shortKey = deal(1, "old-", List.of("1=abcd"), "d");
    assertThat(shortKey.code()).isEqualTo(2);
    assertThat(shortKey.err())
        .contains("--recipient '1=abcd'")
        .contains("a reshare public key is 64 bytes (X25519 || Ed25519, from reshare-keygen)");
    Run twice = deal(1, "old-", List.of("1=" + key, "1=" + key), "d");
    assertThat(twice.err()).contains("new holder 1 given twice");
    Run noIndex = deal(1, "old-", List.of("x=" + key), "d");
    assertThat(noIndex.err()).contains("index is not a number");
    assertThat(Files.exists(dir.resolve("d"))).isFalse();
  }
}
