package io.dooor.attestation.intel;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;

class CollateralJsonParserFuzzTest {
  /** Arbitrary bytes through every collateral JSON entry point yield a value or MALFORMED. */
  @FuzzTest(maxDuration = "10s")
  void parsesOrRefuses(byte[] data) {
    Bytes b = Bytes.of(data);
    try {
      CollateralJsonParser.parseTcbInfo(b);
    } catch (CollateralException expected) {
      // the only allowed failure
    }
    try {
      CollateralJsonParser.parseQeIdentity(b);
    } catch (CollateralException expected) {
      // the only allowed failure
    }
    try {
      CollateralJsonParser.splitSigned(b, "tcbInfo");
    } catch (CollateralException expected) {
      // the only allowed failure
    }
    try {
      CollateralJsonParser.parseBundle(b);
    } catch (CollateralException expected) {
      // the only allowed failure
    }
  }
}
