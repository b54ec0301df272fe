package io.dooor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.core.Bytes;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdService;
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
import java.util.Set;
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
  private static final Pattern PUBKEY = Pattern.compile("reshare public key: ([0-9a-f]{64})");
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
                p(out)));
    recipients.forEach(r -> args.addAll(List.of("--recipient", r)));
    return run(args.toArray(String[]::new));
  }

  private Run receive(int j, String... dealings) {
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
                p("new-" + j + ".sealed"),
                "--public-key-out",
                p("new-public-key-" + j + ".hex"),
                "--dealings"));
    for (String d : dealings) {
      args.add(p(d));
    }
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
      return d.encryptedKey().decryptAndVerify(tsk, dpk, INPUT).toBytes();
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
    // holder 2's key cannot open holder 1's sub-shares
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
    assertThat(swapped.err()).contains("encrypted to another key than this holder's");
  }

  @Test
  void dealRefusesBadRecipientsNamingThem() throws Exception {
    ThresholdKeyGenerator.Generated old = new ThresholdKeyGenerator(RNG).generate(2, 3);
    sealAll("old-", old.shares());
    String key = "11".repeat(32);
    Run missing = deal(1, "old-", List.of("1=" + key, "2=" + key), "d");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("no public key for new holder 3 of 5");
    Run shortKey = deal(1, "old-", List.of("1=abcd"), "d");
    assertThat(shortKey.code()).isEqualTo(2);
    assertThat(shortKey.err()).contains("--recipient '1=abcd'").contains("32 bytes");
    Run twice = deal(1, "old-", List.of("1=" + key, "1=" + key), "d");
    assertThat(twice.err()).contains("new holder 1 given twice");
    Run noIndex = deal(1, "old-", List.of("x=" + key), "d");
    assertThat(noIndex.err()).contains("index is not a number");
    assertThat(Files.exists(dir.resolve("d"))).isFalse();
  }
}
