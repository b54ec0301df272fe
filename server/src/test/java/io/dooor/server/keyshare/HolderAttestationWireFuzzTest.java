package io.dooor.server.keyshare;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.client.ApiProblem;
import io.dooor.common.Bytes;
import io.dooor.core.TeeType;
import io.dooor.keyshare.HolderAttestationWire;
import java.nio.charset.StandardCharsets;

/**
 * The attestation messages between the control plane and a holder (untrusted JSON both ways) on
 * arbitrary bytes and on mutations of well-formed ones: parsed, or refused naming what is wrong
 * (400 on the holder, IllegalArgumentException on the control plane); nothing else is thrown.
 */
class HolderAttestationWireFuzzTest {
  private static final Bytes N = Bytes.of(new byte[32]);
  private static final byte[] REQUEST =
      HolderAttestationWire.Request.of(N, N, TeeType.SIM, Bytes.of(new byte[212])).toJson();
  private static final byte[] ANSWER =
      HolderAttestationWire.Answer.of(
              3, TeeType.SIM, Bytes.of(new byte[212]), Bytes.of(new byte[96]))
          .toJson();
  private static final byte[] CHALLENGE =
      ("{\"challenge_hex\":\"" + N.hex() + "\"}").getBytes(StandardCharsets.UTF_8);

  @FuzzTest(maxDuration = "10s")
  void parsesOrNamesTheProblem(FuzzedDataProvider data) throws Exception {
    int which = data.consumeInt(0, 2);
    byte[] base = which == 0 ? REQUEST.clone() : which == 1 ? ANSWER.clone() : CHALLENGE.clone();
    byte[] input;
    if (data.consumeBoolean()) {
      int at = data.consumeInt(0, base.length - 1);
      base[at] = data.consumeByte();
      input = base;
    } else {
      input = data.consumeRemainingAsBytes();
    }
    try {
      if (which == 0) {
        HolderAttestationWire.Parsed p = HolderAttestationWire.Request.parse(input);
        assertThat(p.nonce().length()).isEqualTo(32);
      } else if (which == 1) {
        HolderAttestationWire.Verified v = HolderAttestationWire.Answer.parse(input);
        assertThat(v.index()).isBetween(1, 255);
      } else {
        assertThat(HolderAttestationWire.Challenge.parse(input).length()).isEqualTo(32);
      }
    } catch (ApiProblem e) {
      assertThat(which).isZero();
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.getMessage()).isNotBlank();
    } catch (IllegalArgumentException e) {
      assertThat(which).isNotZero();
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "1s")
  void wellFormedMessagesParse(FuzzedDataProvider data) throws Exception {
    assertThat(HolderAttestationWire.Request.parse(REQUEST).presentsEvidence()).isTrue();
    assertThat(HolderAttestationWire.Answer.parse(ANSWER).index()).isEqualTo(3);
    assertThat(HolderAttestationWire.Challenge.parse(CHALLENGE)).isEqualTo(N);
  }
}
