package io.dooor.vetkd.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.common.Bytes;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G2Point;
import io.dooor.vetkd.threshold.ThresholdDeriver.FanOut;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DKG among five holders in one JVM (the process and network run is the cli module's
 * DkgProcessTest): all agree on one key whose derivations verify; a cheating dealer is disqualified
 * at every holder alike unless it answers the complaint validly; forged complaints, wrong answers
 * and equivocation are judged alike everywhere.
 */
class DistributedKeyGenerationTest {
  private static final SecureRandom RNG = new SecureRandom();
  private static final Bytes CANISTER = Bytes.fromHex("00000000001000010101");
  private static final Bytes CONTEXT = Bytes.of("dooor/dkg".getBytes(StandardCharsets.UTF_8));

  private final List<ReshareRecipientKey> keys = new ArrayList<>();
  private final DkgRoster roster;

  DistributedKeyGenerationTest() throws VetKdException {
    List<Bytes> pubs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      keys.add(ReshareRecipientKey.generate(RNG));
      pubs.add(keys.get(i).publicKey());
    }
    roster = DkgRoster.of(3, pubs);
  }

  private ReshareRecipientKey key(int j) {
    return keys.get(j - 1);
  }

  private List<DkgDealing.Dealt> honest() throws VetKdException {
    List<DkgDealing.Dealt> out = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      out.add(DistributedKeyGeneration.deal(roster, i, key(i), RNG));
    }
    return out;
  }

  private static List<DkgDealing> dealings(List<DkgDealing.Dealt> dealt) {
    return dealt.stream().map(DkgDealing.Dealt::dealing).toList();
  }

  private List<DistributedKeyGeneration.Outcome> everyone(
      List<DkgDealing> ds, List<ReshareComplaint> cs, List<DkgAnswer> as) throws VetKdException {
    List<DistributedKeyGeneration.Outcome> out = new ArrayList<>();
    for (int j = 1; j <= 5; j++) {
      out.add(DistributedKeyGeneration.receive(roster, j, key(j), ds, cs, as));
    }
    return out;
  }

  private static List<DistributedKeyGeneration.Received> received(
      List<DistributedKeyGeneration.Outcome> os) {
    assertThat(os)
        .allSatisfy(o -> assertThat(o).isInstanceOf(DistributedKeyGeneration.Received.class));
    return os.stream().map(DistributedKeyGeneration.Received.class::cast).toList();
  }

  @Test
  void fiveHoldersAgreeOnOneKeyAndDerivationsVerify() throws Exception {
    List<DistributedKeyGeneration.Received> rs =
        received(everyone(dealings(honest()), List.of(), List.of()));
    ThresholdPublicKey pk = rs.get(0).publicKey();
    assertThat(rs).allSatisfy(r -> assertThat(r.publicKey()).isEqualTo(pk));
    assertThat(rs).allSatisfy(r -> assertThat(r.qualified()).containsExactly(1, 2, 3, 4, 5));
    List<KeyShareHolder> holders = new ArrayList<>();
    rs.forEach(r -> holders.add(new LocalKeyShareHolder(r.share(), RNG)));
    try (VetKdService svc = VetKdService.create(pk, holders, Duration.ofSeconds(30), FanOut.ALL)) {
      TransportSecretKey tsk = TransportSecretKey.generate();
      Bytes input = Bytes.of("x".getBytes(StandardCharsets.UTF_8));
      DerivedPublicKey dpk = svc.publicKey(CANISTER, CONTEXT);
      svc.derive(CANISTER, CONTEXT, input, tsk.publicKey()).decryptAndVerify(tsk, dpk, input);
    }
    // the interpolated secret is the master key's discrete log
    Bytes s = DkgHooks.masterSecret(rs.subList(1, 4).stream().map(r -> r.share()).toList());
    assertThat(G2Point.generator().mul(Fr.fromBigEndian(s.toArray())))
        .isEqualTo(pk.masterPublicKey().point());
  }

  @Test
  void cheatingDealerWithoutAnswerIsDisqualifiedAtEveryHolder() throws Exception {
    List<DkgDealing.Dealt> dealt = honest();
    dealt.set(4, DkgHooks.cheating(roster, 5, key(5), 2));
    List<DistributedKeyGeneration.Outcome> first = everyone(dealings(dealt), List.of(), List.of());
    assertThat(first.get(1)).isInstanceOf(DistributedKeyGeneration.Complained.class);
    ReshareComplaint c = ((DistributedKeyGeneration.Complained) first.get(1)).complaint();
    assertThat(c.dealers()).containsExactly(5);
    ReshareComplaint wire = ReshareComplaint.parse(c.toBytes());
    List<DistributedKeyGeneration.Received> rs =
        received(everyone(dealings(dealt), List.of(wire), List.of()));
    assertThat(rs)
        .allSatisfy(r -> assertThat(r.disqualified()).containsOnlyKeys(5))
        .allSatisfy(r -> assertThat(r.qualified()).containsExactly(1, 2, 3, 4))
        .allSatisfy(r -> assertThat(r.publicKey()).isEqualTo(rs.get(0).publicKey()));
    assertThat(rs.get(0).disqualified().get(5)).contains("complaint of holder 2");
  }

  @Test
  void aValidAnswerResolvesTheComplaintAndAWrongOneDisqualifies() throws Exception {
    List<DkgDealing.Dealt> dealt = honest();
    DkgDealing.Dealt cheat =
        DkgDealing.deal(roster, 5, key(5), RNG, 3, DkgDealing.Tamper.WRONG_VALUE);
    dealt.set(4, cheat);
    ReshareComplaint c =
        ((DistributedKeyGeneration.Complained)
                DistributedKeyGeneration.receive(
                    roster, 3, key(3), dealings(dealt), List.of(), List.of()))
            .complaint();
    List<DkgAnswer> answers = cheat.dealer().answer(roster, List.of(c));
    assertThat(answers).hasSize(1);
    DkgAnswer parsed = DkgAnswer.parse(answers.get(0).toBytes());
    List<DistributedKeyGeneration.Received> ok =
        received(everyone(dealings(dealt), List.of(c), List.of(parsed)));
    assertThat(ok).allSatisfy(r -> assertThat(r.qualified()).containsExactly(1, 2, 3, 4, 5));
    assertThat(ok).allSatisfy(r -> assertThat(r.publicKey()).isEqualTo(ok.get(0).publicKey()));

    List<DkgAnswer> wrong = cheat.dealer().answerWrongly(roster, List.of(c));
    List<DistributedKeyGeneration.Received> bad =
        received(everyone(dealings(dealt), List.of(c), wrong));
    assertThat(bad).allSatisfy(r -> assertThat(r.disqualified()).containsOnlyKeys(5));
    assertThat(bad.get(0).refused()).anyMatch(s -> s.contains("fails the commitments"));
  }

  @Test
  void forgedComplaintIsRefusedAndDisqualifiesNobody() throws Exception {
    List<DkgDealing.Dealt> dealt = honest();
    DkgDealing target = dealt.get(0).dealing();
    ReshareComplaint forged =
        ReshareComplaint.of(
            2, List.of(new ReshareComplaint.Accusation(1, target.digest(), "made up")), key(4));
    assertThat(dealt.get(0).dealer().answer(roster, List.of(forged))).as("no answer").isEmpty();
    List<DistributedKeyGeneration.Received> rs =
        received(everyone(dealings(dealt), List.of(forged), List.of()));
    assertThat(rs).allSatisfy(r -> assertThat(r.disqualified()).isEmpty());
    assertThat(rs.get(0).refused()).anyMatch(s -> s.contains("not signed"));
  }

  @Test
  void equivocatingOrForeignDealingsAreRejectedAlikeAndTooFewFail() throws Exception {
    List<DkgDealing.Dealt> dealt = honest();
    List<DkgDealing> ds = new ArrayList<>(dealings(dealt));
    ds.add(DistributedKeyGeneration.deal(roster, 4, key(4), RNG).dealing());
    List<Bytes> same = new ArrayList<>();
    keys.forEach(k -> same.add(k.publicKey()));
    DkgRoster other = DkgRoster.of(2, same);
    ds.set(0, DistributedKeyGeneration.deal(other, 1, key(1), RNG).dealing());
    assertThatThrownBy(() -> DistributedKeyGeneration.deal(roster, 1, key(2), RNG))
        .isInstanceOf(VetKdException.class);
    List<DistributedKeyGeneration.Received> rs = received(everyone(ds, List.of(), List.of()));
    assertThat(rs).allSatisfy(r -> assertThat(r.rejected()).containsOnlyKeys(1, 4));
    assertThat(rs).allSatisfy(r -> assertThat(r.qualified()).containsExactly(2, 3, 5));
    assertThatThrownBy(
            () ->
                DistributedKeyGeneration.receive(
                    roster, 1, key(1), ds.subList(1, 3), List.of(), List.of()))
        .hasMessageContaining("need 3 qualified dealings, got 2");
  }
}
