package io.dooor.vetkd.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The complaint round of a distributed resharing (old 2-of-3 to new 3-of-4): old holder 1 signs a
 * dealing that cheats new holder 2, holder 2 complains, holder 1 answers or not, and every new
 * holder, given the same complaints and answers, ends on the same dealers, the same new key and the
 * vetKeys of before. Everything crosses the wire form (dealings, complaints, answers, the sealed
 * dealer state).
 */
class ResharingComplaintTest {
  private static final SecureRandom RNG = new SecureRandom();
  private static final int NEW_T = 3;
  private static final int NEW_N = 4;

  private static ThresholdKeyGenerator.Generated old;
  private static List<ReshareRecipientKey> keys;
  private static Map<Integer, Bytes> pubs;
  private static Bytes vetKeyBefore;
  private static TransportSecretKey tsk;

  @BeforeAll
  static void setUp() throws VetKdException {
    old = new ThresholdKeyGenerator(RNG).generate(2, 3);
    keys = new ArrayList<>();
    pubs = new TreeMap<>();
    for (int j = 1; j <= NEW_N; j++) {
      ReshareRecipientKey k = ReshareRecipientKey.generate(RNG);
      keys.add(k);
      pubs.put(j, k.publicKey());
    }
    tsk = TransportSecretKey.generate();
    vetKeyBefore = ReshareVetKeys.vetKey(old.publicKey(), old.shares().subList(0, 2), tsk);
  }

  private static SealingKeySource sealingKey() {
    byte[] k = new byte[32];
    RNG.nextBytes(k);
    return new EnvSealingKeySource("K", Map.of("K", HexFormat.of().formatHex(k)));
  }

  /** A dealing through its wire form and a dealer state through its sealed form. */
  private record Dealer(ReshareDealing dealing, SealingKeySource key, Bytes sealedState) {
    ReshareAnswer answer(ReshareComplaint c) throws VetKdException {
      KeyShare share = old.shares().get(dealing.dealer() - 1);
      ReshareAnswer a = ReshareDealerState.unseal(key, sealedState).answer(share, c);
      return ReshareAnswer.parse(a.toBytes());
    }
  }

  private static Dealer dealer(int i, ReshareDealing.Tamper tamper) throws VetKdException {
    ReshareDealing.Dealt d =
        ReshareDealing.createTampered(old.shares().get(i - 1), NEW_T, NEW_N, pubs, RNG, 2, tamper);
    SealingKeySource key = sealingKey();
    return new Dealer(ReshareDealing.parse(d.dealing().toBytes()), key, d.state().seal(key, RNG));
  }

  private static ReshareComplaint complainAs2(List<ReshareDealing> dealings) throws VetKdException {
    DistributedResharing.Outcome o =
        DistributedResharing.receive(
            old.publicKey(), 2, keys.get(1), dealings, List.of(), List.of());
    assertThat(o).isInstanceOf(DistributedResharing.Complained.class);
    ReshareComplaint c = ((DistributedResharing.Complained) o).complaint();
    return ReshareComplaint.parse(c.toBytes());
  }

  /** Every new holder's run on the same files: all succeed on the same dealers and key. */
  private static List<DistributedResharing.Received> everyone(
      List<ReshareDealing> dealings, List<ReshareComplaint> cs, List<ReshareAnswer> as)
      throws VetKdException {
    List<DistributedResharing.Received> out = new ArrayList<>();
    for (int j = 1; j <= NEW_N; j++) {
      DistributedResharing.Outcome o =
          DistributedResharing.receive(old.publicKey(), j, keys.get(j - 1), dealings, cs, as);
      assertThat(o).as("new holder %d", j).isInstanceOf(DistributedResharing.Received.class);
      out.add((DistributedResharing.Received) o);
    }
    DistributedResharing.Received first = out.get(0);
    for (DistributedResharing.Received r : out) {
      assertThat(r.publicKey()).isEqualTo(first.publicKey());
      assertThat(r.dealersUsed()).isEqualTo(first.dealersUsed());
      assertThat(r.disqualified()).isEqualTo(first.disqualified());
      assertThat(r.refusedComplaints()).isEqualTo(first.refusedComplaints());
    }
    assertThat(first.publicKey().masterPublicKey()).isEqualTo(old.publicKey().masterPublicKey());
    List<KeyShare> shares = out.stream().map(DistributedResharing.Received::share).toList();
    assertThat(ReshareVetKeys.vetKey(first.publicKey(), shares.subList(1, 4), tsk))
        .as("the new holders derive the vetKey of before")
        .isEqualTo(vetKeyBefore);
    return out;
  }

  @Test
  void garbledSubShareIsResolvedByTheDealersAnswer() throws Exception {
    Dealer d1 = dealer(1, ReshareDealing.Tamper.GARBAGE_CIPHERTEXT);
    Dealer d2 = dealer(2, ReshareDealing.Tamper.NONE);
    Dealer d3 = dealer(3, ReshareDealing.Tamper.NONE);
    List<ReshareDealing> dealings = List.of(d3.dealing(), d1.dealing(), d2.dealing());

    ReshareComplaint c = complainAs2(dealings);
    assertThat(c.recipient()).isEqualTo(2);
    assertThat(c.dealers()).containsExactly(1);
    assertThat(c.against(1).dealingDigest()).isEqualTo(d1.dealing().digest());
    assertThat(c.against(1).reason()).contains("does not decrypt under this holder's key");
    // the 4-argument receive refuses rather than quietly using other dealers
    assertThatThrownBy(
            () -> DistributedResharing.receive(old.publicKey(), 2, keys.get(1), dealings))
        .hasMessageContaining("new holder 2 must complain against old holders {1=");

    ReshareAnswer a = d1.answer(c);
    assertThat(a.dealer()).isEqualTo(1);
    assertThat(a.recipient()).isEqualTo(2);
    List<DistributedResharing.Received> all = everyone(dealings, List.of(c), List.of(a));
    assertThat(all.get(0).dealersUsed()).containsExactly(1, 2);
    assertThat(all.get(0).disqualified()).isEmpty();
    assertThat(all.get(0).refusedAnswers()).isEmpty();
  }

  @Test
  void wrongValueWithAWrongOrNoAnswerDisqualifiesTheDealerEverywhere() throws Exception {
    Dealer d1 = dealer(1, ReshareDealing.Tamper.WRONG_VALUE);
    Dealer d2 = dealer(2, ReshareDealing.Tamper.NONE);
    Dealer d3 = dealer(3, ReshareDealing.Tamper.NONE);
    List<ReshareDealing> dealings = List.of(d1.dealing(), d2.dealing(), d3.dealing());
    ReshareComplaint c = complainAs2(dealings);
    assertThat(c.against(1).reason()).contains("fails the commitments");

    // no answer
    List<DistributedResharing.Received> none = everyone(dealings, List.of(c), List.of());
    assertThat(none.get(0).dealersUsed()).containsExactly(2, 3);
    assertThat(none.get(0).disqualified()).containsOnlyKeys(1);
    assertThat(none.get(0).disqualified().get(1))
        .contains("complaint of new holder 2 (sub-share for new holder 2 fails the commitments)")
        .endsWith("has no answer");

    // a signed answer revealing a value that is not f_1(2)
    ReshareAnswer lie =
        ReshareAnswer.sign(
            1,
            old.shares().get(0).secret(),
            old.publicKey(),
            d1.dealing().digest(),
            2,
            Fr.random(RNG));
    List<DistributedResharing.Received> lied = everyone(dealings, List.of(c), List.of(lie));
    assertThat(lied.get(0).dealersUsed()).containsExactly(2, 3);
    assertThat(lied.get(0).disqualified().get(1))
        .contains("has no valid answer: it reveals a sub-share for new holder 2 that fails");
    assertThat(lied.get(0).publicKey()).isEqualTo(none.get(0).publicKey());

    // an honest answer (f_1(2) itself) resolves even a wrong value: the reveal is what counts
    List<DistributedResharing.Received> honest =
        everyone(dealings, List.of(c), List.of(d1.answer(c)));
    assertThat(honest.get(0).dealersUsed()).containsExactly(1, 2);
  }

  @Test
  void forgedAnswersAreRefusedWithTheirReason() throws Exception {
    Dealer d1 = dealer(1, ReshareDealing.Tamper.GARBAGE_CIPHERTEXT);
    Dealer d2 = dealer(2, ReshareDealing.Tamper.NONE);
    Dealer d3 = dealer(3, ReshareDealing.Tamper.NONE);
    List<ReshareDealing> dealings = List.of(d1.dealing(), d2.dealing(), d3.dealing());
    ReshareComplaint c = complainAs2(dealings);
    ReshareAnswer honest = d1.answer(c);
    Fr value = honest.value();
    Bytes digest = d1.dealing().digest();

    // signed with old holder 2's share under holder 1's name
    ReshareAnswer wrongKey =
        ReshareAnswer.sign(1, old.shares().get(1).secret(), old.publicKey(), digest, 2, value);
    assertThat(wrongKey.problem(d1.dealing()))
        .isEqualTo("is not signed with old holder 1's key share");
    // bound to another dealing (dealer 2's)
    ReshareAnswer wrongDigest =
        ReshareAnswer.sign(
            1, old.shares().get(0).secret(), old.publicKey(), d2.dealing().digest(), 2, value);
    assertThat(wrongDigest.problem(d1.dealing()))
        .startsWith("names dealing " + d2.dealing().digest().hex());
    // an answer that is someone else's: holder 1's answer checked against holder 2's dealing
    assertThat(honest.problem(d2.dealing()))
        .contains("is old holder 1's, the dealing old holder 2's");
    // a valid reveal for new holder 3, who did not complain
    ReshareComplaint as3 =
        ReshareComplaint.of(
            3, List.of(new ReshareComplaint.Accusation(1, digest, "pretend")), keys.get(2));
    ReshareAnswer other = d1.answer(as3);
    assertThat(other.problem(d1.dealing())).isNull();
    // the value bytes changed after signing
    byte[] bytes = honest.toBytes().toArray();
    bytes[5 + 4 + 32 + 31] ^= 1;
    ReshareAnswer flipped = ReshareAnswer.parse(Bytes.of(bytes));
    assertThat(flipped.problem(d1.dealing())).isNotNull();

    List<ReshareAnswer> forged = List.of(wrongKey, wrongDigest, other, flipped);
    List<DistributedResharing.Received> r = everyone(dealings, List.of(c), forged);
    assertThat(r.get(0).disqualified()).containsOnlyKeys(1);
    assertThat(r.get(0).dealersUsed()).containsExactly(2, 3);
    assertThat(r.get(0).refusedAnswers())
        .anyMatch(s -> s.contains("is not signed with old holder 1's key share"))
        .anyMatch(s -> s.contains("names dealing " + d2.dealing().digest().hex()))
        .anyMatch(s -> s.contains("for new holder 3 answers no complaint"))
        .hasSize(4);

    // a forged answer next to the honest one does not hurt: the complaint is resolved
    List<ReshareAnswer> mixed = new ArrayList<>(forged);
    mixed.add(honest);
    assertThat(everyone(dealings, List.of(c), mixed).get(0).dealersUsed()).containsExactly(1, 2);
  }

  @Test
  void tooFewQualifiedDealersNamesEachAndWhy() throws Exception {
    Dealer d1 = dealer(1, ReshareDealing.Tamper.WRONG_VALUE);
    Dealer d2 = dealer(2, ReshareDealing.Tamper.NONE);
    List<ReshareDealing> dealings = List.of(d1.dealing(), d2.dealing());
    ReshareComplaint c = complainAs2(dealings);
    for (int j = 1; j <= NEW_N; j++) {
      int index = j;
      assertThatThrownBy(
              () ->
                  DistributedResharing.receive(
                      old.publicKey(), index, keys.get(index - 1), dealings, List.of(c), List.of()))
          .isInstanceOfSatisfying(
              VetKdException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DEALING_INVALID))
          .hasMessageContaining("need 2 valid dealings, got 1")
          .hasMessageContaining("disqualified {1=complaint of new holder 2 (")
          .hasMessageContaining("has no answer");
    }
    // a complaint about another dealing than the one given: the files do not belong together
    ReshareComplaint stale =
        ReshareComplaint.of(
            2,
            List.of(new ReshareComplaint.Accusation(2, d1.dealing().digest(), "old")),
            keys.get(1));
    assertThatThrownBy(
            () ->
                DistributedResharing.receive(
                    old.publicKey(), 1, keys.get(0), dealings, List.of(stale), List.of()))
        .hasMessageContaining(
            "the complaint of new holder 2 against old holder 2 names dealing "
                + d1.dealing().digest().hex());
  }

  @Test
  void dealerStateIsSealedAndAnswersOnlyItsOwnComplaints() throws Exception {
    Dealer d1 = dealer(1, ReshareDealing.Tamper.GARBAGE_CIPHERTEXT);
    ReshareComplaint c =
        ReshareComplaint.of(
            2,
            List.of(new ReshareComplaint.Accusation(1, d1.dealing().digest(), "bad")),
            keys.get(1));
    assertThatThrownBy(() -> ReshareDealerState.unseal(sealingKey(), d1.sealedState()))
        .isInstanceOfSatisfying(
            VetKdException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSEALING_FAILED))
        .hasMessageContaining("sealed resharing dealer state does not authenticate");
    ReshareDealerState state = ReshareDealerState.unseal(d1.key(), d1.sealedState());
    assertThat(state.toString()).contains("redacted");
    assertThatThrownBy(() -> state.answer(old.shares().get(1), c))
        .hasMessageContaining("the key share is old holder 2's, the state old holder 1's");
    ReshareComplaint against2 =
        ReshareComplaint.of(
            2,
            List.of(new ReshareComplaint.Accusation(2, d1.dealing().digest(), "bad")),
            keys.get(1));
    assertThatThrownBy(() -> state.answer(old.shares().get(0), against2))
        .hasMessageContaining("accuses old holders [2], not 1");
    ReshareComplaint otherDigest =
        ReshareComplaint.of(
            2,
            List.of(new ReshareComplaint.Accusation(1, Bytes.of(new byte[32]), "bad")),
            keys.get(1));
    assertThatThrownBy(() -> state.answer(old.shares().get(0), otherDigest))
        .hasMessageContaining("this dealer's dealing is " + d1.dealing().digest().hex());
    ThresholdKeyGenerator.Generated other = new ThresholdKeyGenerator(RNG).generate(2, 3);
    assertThatThrownBy(() -> state.answer(other.shares().get(0), c))
        .hasMessageContaining("another threshold public key");
    // header with the 4 new holders' keys, nonce, the two coefficients a_1, a_2 encrypted, tag
    assertThat(d1.sealedState().length())
        .isEqualTo(5 + 2 + 32 + 32 + 4 + 4 * 64 + 12 + 2 * 32 + 16);
  }

  /** The complaint's bytes with byte {@code at} flipped in bit 0. */
  private static ReshareComplaint flipped(ReshareComplaint c, int at) throws VetKdException {
    byte[] b = c.toBytes().toArray();
    b[at] ^= 1;
    return ReshareComplaint.parse(Bytes.of(b));
  }

  @Test
  void forgedComplaintsAreRefusedByTheDealerAndByEveryNewHolder() throws Exception {
    Dealer d1 = dealer(1, ReshareDealing.Tamper.NONE);
    Dealer d2 = dealer(2, ReshareDealing.Tamper.NONE);
    Dealer d3 = dealer(3, ReshareDealing.Tamper.NONE);
    List<ReshareDealing> dealings = List.of(d1.dealing(), d2.dealing(), d3.dealing());
    // "new holder 2" against every old holder: answering all would publish holder 2's new share
    List<ReshareComplaint.Accusation> all = new ArrayList<>();
    for (Dealer d : List.of(d1, d2, d3)) {
      all.add(new ReshareComplaint.Accusation(d.dealing().dealer(), d.dealing().digest(), "x"));
    }
    ReshareComplaint stranger = ReshareComplaint.of(2, all, ReshareRecipientKey.generate(RNG));
    ReshareComplaint holder3As2 = ReshareComplaint.of(2, all, keys.get(2));
    ReshareComplaint genuine = ReshareComplaint.of(2, all, keys.get(1));
    int reasonByte = 5 + 4 + 2 + 32 + 2; // the first reason's first byte ('x' -> 'y')
    ReshareComplaint reasonFlipped = flipped(genuine, reasonByte);
    ReshareComplaint signatureFlipped = flipped(genuine, genuine.toBytes().length() - 1);
    // holder 3's own genuine complaint with its recipient field turned into 2
    ReshareComplaint by3 = ReshareComplaint.of(3, all, keys.get(2));
    ReshareComplaint renamed = flipped(by3, 6); // 0x0003 -> 0x0002
    assertThat(renamed.recipient()).isEqualTo(2);
    List<ReshareComplaint> forged =
        List.of(stranger, holder3As2, reasonFlipped, signatureFlipped, renamed);

    for (ReshareComplaint f : forged) {
      for (Dealer d : List.of(d1, d2, d3)) {
        assertThatThrownBy(() -> d.answer(f))
            .as("dealer %d answering %s", d.dealing().dealer(), f)
            .isInstanceOfSatisfying(
                VetKdException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID))
            .hasMessageContaining(
                "refusing to answer: the complaint of new holder 2 is not signed with the Ed25519"
                    + " key the accused dealing records for new holder 2");
      }
    }
    // the genuine complaint is answered by every accused dealer
    for (Dealer d : List.of(d1, d2, d3)) {
      assertThat(d.answer(genuine).recipient()).isEqualTo(2);
    }

    // unanswered forged complaints disqualify nobody, at every new holder alike
    List<DistributedResharing.Received> r = everyone(dealings, forged, List.of());
    assertThat(r.get(0).disqualified()).isEmpty();
    assertThat(r.get(0).dealersUsed()).containsExactly(1, 2);
    assertThat(r.get(0).refusedComplaints())
        .hasSize(forged.size() * 3)
        .allMatch(
            line ->
                line.matches(
                    "complaint of new holder 2 against old holder [123] is not signed with the"
                        + " Ed25519 key the accused dealing records for new holder 2"));
    // the same genuine complaint unanswered does disqualify all three
    assertThatThrownBy(
            () ->
                DistributedResharing.receive(
                    old.publicKey(), 1, keys.get(0), dealings, List.of(genuine), List.of()))
        .hasMessageContaining("need 2 valid dealings, got 0")
        .hasMessageContaining("disqualified {1=complaint of new holder 2 (x) has no answer");
    // and answers to forged complaints answer no complaint
    ReshareAnswer toGenuine = d1.answer(genuine);
    List<DistributedResharing.Received> answered =
        everyone(dealings, List.of(stranger), List.of(toGenuine));
    assertThat(answered.get(0).refusedAnswers())
        .containsExactly(
            "answer of old holder 1 for new holder 2 answers no complaint (new holder 2 did not"
                + " complain)");
  }

  @Test
  void aDealingRecordingAnotherKeyForAHolderIsRejected() throws Exception {
    // dealer 1 records a key of its own for new holder 2, so that 2's complaints would not verify
    ReshareRecipientKey planted = ReshareRecipientKey.generate(RNG);
    Map<Integer, Bytes> wrong = new TreeMap<>(pubs);
    wrong.put(2, planted.publicKey());
    ReshareDealing.Dealt cheat =
        ReshareDealing.createTampered(
            old.shares().get(0), NEW_T, NEW_N, wrong, RNG, 2, ReshareDealing.Tamper.NONE);
    ReshareDealing d1 = ReshareDealing.parse(cheat.dealing().toBytes());
    Dealer d2 = dealer(2, ReshareDealing.Tamper.NONE);
    Dealer d3 = dealer(3, ReshareDealing.Tamper.NONE);
    List<DistributedResharing.Received> r =
        everyone(List.of(d1, d2.dealing(), d3.dealing()), List.of(), List.of());
    assertThat(r.get(0).rejected())
        .containsOnly(
            Map.entry(
                1, "records other new holder public keys than the dealings of old holders [2, 3]"));
    assertThat(r.get(0).dealersUsed()).containsExactly(2, 3);
    // a holder whose key the agreed dealings do not record stops, naming the key
    assertThatThrownBy(
            () ->
                DistributedResharing.receive(
                    old.publicKey(),
                    2,
                    planted,
                    List.of(d2.dealing(), d3.dealing()),
                    List.of(),
                    List.of()))
        .isInstanceOfSatisfying(
            VetKdException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
        .hasMessageContaining(
            "the dealings record another public key for new holder 2 than this holder's ("
                + pubs.get(2).hex());
  }

  @Test
  void olderFormatsAreRefusedByName() throws Exception {
    Dealer d1 = dealer(1, ReshareDealing.Tamper.NONE);
    ReshareComplaint c =
        ReshareComplaint.of(
            2,
            List.of(new ReshareComplaint.Accusation(1, d1.dealing().digest(), "bad")),
            keys.get(1));
    String older = "format version 1, this dooor reads only version 2 (the file was written by";
    byte[] dealing = d1.dealing().toBytes().toArray();
    dealing[4] = 1;
    assertThatThrownBy(() -> ReshareDealing.parse(Bytes.of(dealing)))
        .hasMessageContaining("resharing dealing: " + older);
    byte[] complaint = c.toBytes().toArray();
    complaint[4] = 1;
    assertThatThrownBy(() -> ReshareComplaint.parse(Bytes.of(complaint)))
        .hasMessageContaining("resharing complaint: " + older);
    byte[] state = d1.sealedState().toArray();
    state[4] = 1;
    assertThatThrownBy(() -> ReshareDealerState.unseal(d1.key(), Bytes.of(state)))
        .hasMessageContaining("sealed resharing dealer state: " + older);
    // an X25519-only PKCS#8 key file, as reshare-keygen wrote before complaints were signed
    java.security.KeyPairGenerator x25519 = java.security.KeyPairGenerator.getInstance("X25519");
    Bytes pkcs8 = Bytes.of(x25519.generateKeyPair().getPrivate().getEncoded());
    assertThatThrownBy(() -> ReshareRecipientKey.parseFile(pkcs8))
        .hasMessageContaining(
            "reshare key file: a PKCS#8 key (an older reshare-keygen's X25519-only key, which"
                + " cannot sign complaints); run reshare-keygen again");
    // a key file whose Ed25519 public key is another key's
    byte[] file = keys.get(0).privateKeyFile().toArray();
    System.arraycopy(
        keys.get(1).publicKey().toArray(), 32, file, ReshareRecipientKey.FILE_BYTES - 32, 32);
    assertThatThrownBy(() -> ReshareRecipientKey.parseFile(Bytes.of(file)))
        .hasMessageContaining("the Ed25519 public key is not the private key's");
  }
}
