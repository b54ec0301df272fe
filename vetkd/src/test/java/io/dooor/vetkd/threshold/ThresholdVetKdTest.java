package io.dooor.vetkd.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.IbeCiphertext;
import io.dooor.vetkd.IbeSeed;
import io.dooor.vetkd.TransportPublicKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.VetKey;
import io.dooor.vetkd.internal.G1Point;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ThresholdVetKdTest {
  private static final SecureRandom RNG = new SecureRandom();
  private static final Bytes CANISTER = Bytes.fromHex("0000000000c0a0d00101");
  private static final Bytes CONTEXT = utf8("dooor/node-key");
  private static final Bytes INPUT = utf8("node-42");
  private static ThresholdKeyGenerator.Generated keys;

  @BeforeAll
  static void generate() throws VetKdException {
    keys = new ThresholdKeyGenerator(RNG).generate(3, 5);
  }

  static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  private static List<KeyShareHolder> holders() {
    List<KeyShareHolder> out = new ArrayList<>();
    keys.shares().forEach(s -> out.add(new LocalKeyShareHolder(s, RNG)));
    return out;
  }

  private static VetKey clientDecrypt(VetKdService svc, EncryptedVetKey ek, TransportSecretKey tsk)
      throws VetKdException {
    DerivedPublicKey dpk = svc.publicKey(CANISTER, CONTEXT);
    // what a client does: the bytes travel, the client parses them
    return EncryptedVetKey.parse(ek.toBytes())
        .decryptAndVerify(tsk, DerivedPublicKey.parse(dpk.toBytes()), INPUT);
  }

  @Test
  void combinedKeyDecryptsAndVerifiesWithTheClientCode() throws Exception {
    TransportSecretKey tsk = TransportSecretKey.generate();
    try (VetKdService svc =
        VetKdService.create(
            keys.publicKey(), holders(), Duration.ofSeconds(5), ThresholdDeriver.FanOut.ALL)) {
      EncryptedVetKey ek = svc.derive(CANISTER, CONTEXT, INPUT, tsk.publicKey());
      VetKey k = clientDecrypt(svc, ek, tsk);
      // and the vetKey opens IBE ciphertexts made for that identity by any client
      DerivedPublicKey dpk = svc.publicKey(CANISTER, CONTEXT);
      IbeCiphertext c = IbeCiphertext.encrypt(dpk, INPUT, utf8("hello"), IbeSeed.random());
      assertThat(IbeCiphertext.parse(c.toBytes()).decrypt(k)).isEqualTo(utf8("hello"));
    }
  }

  @Test
  void everyThresholdSubsetGivesTheSameVetKey() throws Exception {
    TransportSecretKey tsk = TransportSecretKey.generate();
    List<KeyShareHolder> all = holders();
    ShareCombiner combiner = new ShareCombiner(keys.publicKey(), RNG);
    DeriveShareRequest req = DeriveShareRequest.of(CANISTER, CONTEXT, INPUT, tsk.publicKey());
    DerivedPublicKey dpk = combiner.publicKey(CANISTER, CONTEXT);
    List<Bytes> vetKeys = new ArrayList<>();
    for (int a = 0; a < 5; a++) {
      for (int b = a + 1; b < 5; b++) {
        for (int c = b + 1; c < 5; c++) {
          List<EncryptedKeyShare> shares = new ArrayList<>();
          for (int i : new int[] {a, b, c}) {
            shares.add(all.get(i).deriveShare(req));
          }
          ThresholdDerivation d = combiner.combine(req, shares, Map.of());
          vetKeys.add(
              Bytes.of(d.encryptedKey().decryptAndVerify(tsk, dpk, INPUT).toBytes().toArray()));
        }
      }
    }
    assertThat(vetKeys).hasSize(10);
    assertThat(vetKeys.stream().distinct()).hasSize(1);
  }

  @Test
  void corruptedShareIsExcludedAndNamed() throws Exception {
    List<KeyShareHolder> hs = holders();
    KeyShareHolder honest = hs.get(1);
    hs.set(1, corrupt(honest));
    TransportSecretKey tsk = TransportSecretKey.generate();
    try (VetKdService svc =
        VetKdService.create(
            keys.publicKey(), hs, Duration.ofSeconds(5), ThresholdDeriver.FanOut.ALL)) {
      ThresholdDerivation d =
          svc.deriveWithReport(DeriveShareRequest.of(CANISTER, CONTEXT, INPUT, tsk.publicKey()));
      assertThat(d.combinedHolders()).doesNotContain(2).hasSize(3);
      // named in the result if its answer came before t valid ones, else by the health record
      assertThat(d.excludedHolders().keySet()).isSubsetOf(2);
      HolderAssertions.assertNamed(
          svc, d, 2, HolderVerdict.Outcome.INVALID_SHARE, "fails verification");
      clientDecrypt(svc, d.encryptedKey(), tsk);
    }
  }

  /**
   * With shares 1 and 2 combined, λ_2 = -1: a defect D in share 2 becomes -D in the combined key,
   * so a batch that weighted share 2 like the combined key (both 1) would see D - D = 0 and accept
   * a wrong key. The random per-share weights must catch it, name holder 2 and combine 1 and 3.
   */
  @Test
  void defectThatCancelsAgainstTheCombinedKeyIsCaught() throws Exception {
    ThresholdKeyGenerator.Generated k23 = new ThresholdKeyGenerator(RNG).generate(2, 3);
    List<KeyShareHolder> hs = new ArrayList<>();
    k23.shares().forEach(s -> hs.add(new LocalKeyShareHolder(s, RNG)));
    hs.set(1, corrupt(hs.get(1)));
    ShareCombiner combiner = new ShareCombiner(k23.publicKey(), RNG);
    TransportSecretKey tsk = TransportSecretKey.generate();
    DeriveShareRequest req = DeriveShareRequest.of(CANISTER, CONTEXT, INPUT, tsk.publicKey());
    for (int round = 0; round < 3; round++) {
      List<EncryptedKeyShare> answers = new ArrayList<>();
      for (KeyShareHolder h : hs) {
        answers.add(h.deriveShare(req));
      }
      ThresholdDerivation d = combiner.combine(req, answers, Map.of());
      assertThat(d.excludedHolders()).containsOnlyKeys(2);
      assertThat(d.combinedHolders()).containsExactly(1, 3);
      d.encryptedKey().decryptAndVerify(tsk, combiner.publicKey(CANISTER, CONTEXT), INPUT);
    }
  }

  @Test
  void failingAndSilentHoldersAreExcluded() throws Exception {
    List<KeyShareHolder> hs = holders();
    hs.set(0, failing(1));
    try (VetKdService svc =
        VetKdService.create(
            keys.publicKey(), hs, Duration.ofSeconds(5), ThresholdDeriver.FanOut.ALL)) {
      ThresholdDerivation d =
          svc.deriveWithReport(
              DeriveShareRequest.of(CANISTER, CONTEXT, INPUT, TransportPublicKey.unencrypted()));
      assertThat(d.excludedHolders().keySet()).isSubsetOf(1);
      HolderAssertions.assertNamed(svc, d, 1, HolderVerdict.Outcome.FAILED, "holder 1 is down");
      // the unencrypted form: c3 is the vetKey itself (spec §4)
      Bytes c3 = d.encryptedKey().toBytes().slice(144, 192);
      d.derivedPublicKey().verifySignature(INPUT, c3);
    }
  }

  @Test
  void thresholdFirstFallsBackToTheOtherHolders() throws Exception {
    List<KeyShareHolder> hs = holders();
    hs.set(0, corrupt(hs.get(0)));
    hs.set(1, failing(2));
    TransportSecretKey tsk = TransportSecretKey.generate();
    try (VetKdService svc =
        VetKdService.create(
            keys.publicKey(), hs, Duration.ofSeconds(5), ThresholdDeriver.FanOut.THRESHOLD_FIRST)) {
      for (int round = 0; round < 5; round++) {
        ThresholdDerivation d =
            svc.deriveWithReport(DeriveShareRequest.of(CANISTER, CONTEXT, INPUT, tsk.publicKey()));
        assertThat(d.combinedHolders()).hasSize(3).doesNotContain(1, 2);
        assertThat(d.excludedHolders().keySet()).isSubsetOf(1, 2);
        clientDecrypt(svc, d.encryptedKey(), tsk);
      }
    }
  }

  @Test
  void fewerThanThresholdGoodSharesFail() throws Exception {
    List<KeyShareHolder> hs = holders();
    hs.set(0, corrupt(hs.get(0)));
    hs.set(3, corrupt(hs.get(3)));
    hs.set(4, failing(5));
    try (VetKdService svc =
        VetKdService.create(
            keys.publicKey(), hs, Duration.ofSeconds(5), ThresholdDeriver.FanOut.ALL)) {
      assertThatThrownBy(
              () -> svc.derive(CANISTER, CONTEXT, INPUT, TransportSecretKey.generate().publicKey()))
          .isInstanceOfSatisfying(
              VetKdException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.NOT_ENOUGH_SHARES);
                assertThat(e.getMessage()).contains("1=", "4=", "5=");
              });
    }
  }

  @Test
  void keysAgreeWithTheSingleKeyDerivation() throws Exception {
    DerivedPublicKey viaMaster =
        keys.publicKey().masterPublicKey().deriveCanisterKey(CANISTER).deriveSubKey(CONTEXT);
    try (VetKdService svc =
        VetKdService.create(
            keys.publicKey(), holders(), Duration.ofSeconds(5), ThresholdDeriver.FanOut.ALL)) {
      assertThat(svc.publicKey(CANISTER, CONTEXT)).isEqualTo(viaMaster);
      assertThat(svc.publicKey(CANISTER, Bytes.empty()))
          .isEqualTo(keys.publicKey().masterPublicKey().deriveCanisterKey(CANISTER));
    }
  }

  @Test
  void wireFormsRoundTrip() throws Exception {
    TransportSecretKey tsk = TransportSecretKey.generate();
    DeriveShareRequest req = DeriveShareRequest.of(CANISTER, CONTEXT, INPUT, tsk.publicKey());
    assertThat(DeriveShareRequest.parse(req.toBytes())).isEqualTo(req);
    EncryptedKeyShare s = holders().get(2).deriveShare(req);
    assertThat(EncryptedKeyShare.parse(s.toBytes())).isEqualTo(s);
    assertThat(ThresholdPublicKey.parse(keys.publicKey().toBytes())).isEqualTo(keys.publicKey());
    Bytes trailing = Bytes.of((req.toBytes().hex() + "00").getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(
            () ->
                DeriveShareRequest.parse(
                    Bytes.fromHex(new String(trailing.toArray(), StandardCharsets.US_ASCII))))
        .isInstanceOf(VetKdException.class);
  }

  @Test
  void sealedSharesRoundTripAndRefuseTheWrongKey() throws Exception {
    Map<String, String> env = new HashMap<>();
    byte[] k = new byte[32];
    RNG.nextBytes(k);
    env.put("DOOOR_SEAL", Bytes.of(k).hex());
    KeyShareSealer sealer = new KeyShareSealer(new EnvSealingKeySource("DOOOR_SEAL", env), RNG);
    KeyShare share = keys.shares().get(3);
    Bytes sealed = sealer.seal(share);
    KeyShare back = sealer.unseal(sealed);
    assertThat(back.index()).isEqualTo(4);
    assertThat(back.secret().sameAs(share.secret())).isTrue();
    env.put("DOOOR_SEAL", Bytes.of(new byte[32]).base64());
    KeyShareSealer wrong = new KeyShareSealer(new EnvSealingKeySource("DOOOR_SEAL", env), RNG);
    assertThatThrownBy(() -> wrong.unseal(sealed))
        .isInstanceOfSatisfying(
            VetKdException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSEALING_FAILED));
    byte[] moved = sealed.toArray();
    moved[6] ^= 1; // the index is authenticated
    assertThatThrownBy(() -> sealer.unseal(Bytes.of(moved))).isInstanceOf(VetKdException.class);
    assertThat(sealed.hex()).doesNotContain(Bytes.of(share.secret().toBigEndian()).hex());
  }

  @Test
  void fileSealingKeyIsCreatedOnceAndReused(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path f = dir.resolve("seal.key");
    SealingKeySource a = FileSealingKeySource.createIfAbsent(f, RNG);
    SealingKeySource b = FileSealingKeySource.createIfAbsent(f, RNG);
    assertThat(a.sealingKey()).isEqualTo(b.sealingKey());
    Bytes sealed = new KeyShareSealer(a, RNG).seal(keys.shares().get(0));
    assertThat(new KeyShareSealer(b, RNG).unseal(sealed).index()).isEqualTo(1);
  }

  static KeyShareHolder corrupt(KeyShareHolder honest) {
    return new KeyShareHolder() {
      @Override
      public int index() {
        return honest.index();
      }

      @Override
      public EncryptedKeyShare deriveShare(DeriveShareRequest r) throws VetKdException {
        EncryptedVetKey k = honest.deriveShare(r).share();
        EncryptedVetKey bad = EncryptedVetKey.of(k.c1(), k.c2(), k.c3().add(G1Point.generator()));
        return new EncryptedKeyShare(honest.index(), bad);
      }
    };
  }

  static KeyShareHolder failing(int index) {
    return new KeyShareHolder() {
      @Override
      public int index() {
        return index;
      }

      @Override
      public EncryptedKeyShare deriveShare(DeriveShareRequest r) throws VetKdException {
        throw new VetKdException(Reason.HOLDER_UNAVAILABLE, "holder " + index + " is down");
      }
    };
  }
}
