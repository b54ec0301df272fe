package io.dooor.attestation.snp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.attestation.pki.Certificates;
import io.dooor.attestation.pki.PkiException;
import io.dooor.common.Bytes;
import io.dooor.core.port.EvidenceException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

class SigningKeyExtensionsFuzzTest {
  private static final String[] OIDS = {
    "1.3.6.1.4.1.3704.1.1", "1.3.6.1.4.1.3704.1.2", "1.3.6.1.4.1.3704.1.3.1",
    "1.3.6.1.4.1.3704.1.3.2", "1.3.6.1.4.1.3704.1.3.3", "1.3.6.1.4.1.3704.1.3.8",
    "1.3.6.1.4.1.3704.1.3.9", "1.3.6.1.4.1.3704.1.4", "1.3.6.1.4.1.3704.1.5"
  };

  /** Arbitrary AMD extension values decode or raise an EvidenceException, nothing else. */
  @FuzzTest(maxDuration = "10s")
  void extensionValues(FuzzedDataProvider data) {
    Map<String, Bytes> values = new HashMap<>();
    for (String oid : OIDS) {
      if (data.consumeBoolean()) {
        values.put(oid, Bytes.of(data.consumeBytes(80)));
      }
    }
    try {
      SigningKeyExtensions.fromValues(oid -> Optional.ofNullable(values.get(oid)));
    } catch (EvidenceException expected) {
      // the only allowed failure
    }
  }

  /** Arbitrary bytes as DER/PEM certificates and CRLs raise only PkiException. */
  @FuzzTest(maxDuration = "10s")
  void certificatesAndCrls(byte[] data) {
    try {
      Certificates.parseDer(Bytes.of(data));
    } catch (PkiException expected) {
      // allowed
    }
    try {
      Certificates.parseCrl(Bytes.of(data));
    } catch (PkiException expected) {
      // allowed
    }
    try {
      Certificates.parsePem(
          "-----BEGIN CERTIFICATE-----\n"
              + new String(data, StandardCharsets.ISO_8859_1)
              + "\n-----END CERTIFICATE-----\n");
    } catch (PkiException expected) {
      // allowed
    }
  }
}
