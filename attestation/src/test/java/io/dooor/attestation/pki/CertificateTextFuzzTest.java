package io.dooor.attestation.pki;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;

class CertificateTextFuzzTest {
  /** Arbitrary text decodes as PEM/DER certificates and CRLs or raises a PkiException only. */
  @FuzzTest(maxDuration = "10s")
  void decodesOrRefuses(byte[] data) {
    Bytes text = Bytes.of(data);
    try {
      Certificates.parseAny(text);
    } catch (PkiException expected) {
      // allowed
    }
    try {
      Certificates.parseCrl(text);
    } catch (PkiException expected) {
      // allowed
    }
  }
}
