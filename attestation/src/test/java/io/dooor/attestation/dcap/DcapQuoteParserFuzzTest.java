package io.dooor.attestation.dcap;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;

class DcapQuoteParserFuzzTest {
  /** Arbitrary bytes yield a quote or a DcapException, nothing else. */
  @FuzzTest(maxDuration = "10s")
  void parsesOrRefuses(byte[] data) {
    try {
      DcapQuoteParser.parse(Bytes.of(data));
    } catch (DcapException expected) {
      // the only allowed failure
    }
  }

  /** Headers that pass the version/type gates, so the fuzzer reaches the bodies and lengths. */
  @FuzzTest(maxDuration = "10s")
  void parsesOrRefusesPlausibleHeaders(FuzzedDataProvider in) {
    int version = in.pickValue(new int[] {3, 4, 5});
    byte[] rest = in.consumeRemainingAsBytes();
    byte[] q = new byte[8 + rest.length];
    q[0] = (byte) version;
    q[2] = 2;
    q[4] = (byte) (version == 3 ? 0 : 0x81);
    System.arraycopy(rest, 0, q, 8, rest.length);
    try {
      DcapQuoteParser.parse(Bytes.of(q));
    } catch (DcapException expected) {
      // the only allowed failure
    }
  }
}
