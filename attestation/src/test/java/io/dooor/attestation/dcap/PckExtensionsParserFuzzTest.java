package io.dooor.attestation.dcap;

import com.code_intelligence.jazzer.junit.FuzzTest;

class PckExtensionsParserFuzzTest {
  /**
   * Arbitrary DER of the SGX extensions (OID 1.2.840.113741.1.13.1) yields a value or MALFORMED.
   */
  @FuzzTest(maxDuration = "10s")
  void parsesOrRefuses(byte[] data) {
    try {
      PckExtensionsParser.parse(data);
    } catch (DcapException expected) {
      // the only allowed failure
    }
  }
}
