package io.dooor.vetkd.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * DKG rosters, dealings, answers and the relay's boards arrive over the network from other holders
 * (through a relay): arbitrary bytes and mutations of real ones either parse (then round-trip, and
 * a parsed dealing or answer is judged by receive, which only ever fails with VetKdException) or
 * fail with VetKdException.
 */
class DkgWireFuzzTest {
  private static final SecureRandom RNG = new SecureRandom();
  private static DkgRoster roster;
  private static ReshareRecipientKey one;
  private static DkgDealing.Dealt dealt;
  private static byte[] answer;

  private static synchronized void init() throws VetKdException {
    if (roster == null) {
      one = ReshareRecipientKey.generate(RNG);
      ReshareRecipientKey two = ReshareRecipientKey.generate(RNG);
      roster = DkgRoster.of(1, List.of(one.publicKey(), two.publicKey()));
      dealt = DkgDealing.deal(roster, 2, two, RNG, 1, DkgDealing.Tamper.WRONG_VALUE);
      ReshareComplaint c =
          ((DistributedKeyGeneration.Complained)
                  DistributedKeyGeneration.receive(
                      roster, 1, one, List.of(dealt.dealing()), List.of(), List.of()))
              .complaint();
      answer = dealt.dealer().answer(roster, List.of(c)).get(0).toBytes().toArray();
    }
  }

  private static byte[] input(FuzzedDataProvider data, byte[] seed) {
    if (!data.consumeBoolean()) {
      return data.consumeRemainingAsBytes();
    }
    byte[] in = seed.clone();
    int flips = data.consumeInt(1, 4);
    for (int i = 0; i < flips; i++) {
      in[data.consumeInt(0, in.length - 1)] = data.consumeByte();
    }
    return data.consumeBoolean()
        ? java.util.Arrays.copyOf(in, data.consumeInt(0, in.length + 8))
        : in;
  }

  @FuzzTest(maxDuration = "10s")
  void dealingParsesOrRefuses(FuzzedDataProvider data) throws VetKdException {
    init();
    byte[] in = input(data, dealt.dealing().toBytes().toArray());
    DkgDealing d;
    try {
      d = DkgDealing.parse(Bytes.of(in));
    } catch (VetKdException expected) {
      return;
    }
    assertThat(d.toBytes()).isEqualTo(Bytes.of(in));
    judge(List.of(d), List.of());
  }

  @FuzzTest(maxDuration = "10s")
  void answerParsesOrRefuses(FuzzedDataProvider data) throws VetKdException {
    init();
    byte[] in = input(data, answer);
    DkgAnswer a;
    try {
      a = DkgAnswer.parse(Bytes.of(in));
    } catch (VetKdException expected) {
      return;
    }
    assertThat(a.toBytes()).isEqualTo(Bytes.of(in));
    judge(List.of(dealt.dealing()), List.of(a));
  }

  @FuzzTest(maxDuration = "10s")
  void rosterParsesOrRefuses(FuzzedDataProvider data) throws VetKdException {
    init();
    byte[] in = input(data, roster.toBytes().toArray());
    try {
      assertThat(DkgRoster.parse(Bytes.of(in)).toBytes()).isEqualTo(Bytes.of(in));
    } catch (VetKdException expected) {
      // refused and named
    }
  }

  @FuzzTest(maxDuration = "10s")
  void boardParsesOrRefuses(FuzzedDataProvider data) throws VetKdException {
    init();
    DkgBoard seed =
        DkgBoard.of(1, 2, java.util.Map.of(2, dealt.dealing().toBytes(), 1, Bytes.empty()));
    byte[] in = input(data, seed.toBytes().toArray());
    try {
      DkgBoard b = DkgBoard.parse(Bytes.of(in));
      assertThat(b.toBytes()).isEqualTo(Bytes.of(in));
      assertThat(b.entries().keySet()).allSatisfy(i -> assertThat(i).isBetween(1, b.holders()));
    } catch (VetKdException expected) {
      // refused and named
    }
  }

  private static void judge(List<DkgDealing> ds, List<DkgAnswer> as) {
    try {
      DistributedKeyGeneration.receive(roster, 1, one, new ArrayList<>(ds), List.of(), as);
    } catch (VetKdException expected) {
      // rejected and named
    }
  }
}
