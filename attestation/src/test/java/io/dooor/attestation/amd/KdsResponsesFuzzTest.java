package io.dooor.attestation.amd;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;

class KdsResponsesFuzzTest {
  /** Arbitrary KDS bodies decode or raise an EvidenceException, nothing else. */
  @FuzzTest(maxDuration = "10s")
  void decodesOrRefuses(byte[] data) {
    Bytes body = Bytes.of(data);
    try {
      KdsResponses.vcek(body);
    } catch (EvidenceException expected) {
      // allowed
    }
    try {
      KdsResponses.certChain(body);
    } catch (EvidenceException expected) {
      // allowed
    }
    try {
      KdsResponses.crl(body);
    } catch (EvidenceException expected) {
      // allowed
    }
  }
}
