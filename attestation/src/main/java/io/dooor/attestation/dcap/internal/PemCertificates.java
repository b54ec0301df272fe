package io.dooor.attestation.dcap.internal;

import io.dooor.attestation.dcap.DcapException;
import io.dooor.attestation.dcap.DcapException.Reason;
import io.dooor.common.crypto.Pem;
import io.dooor.common.crypto.PemException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The PEM certificate chains of DCAP (the PCK chain of certification data type 5, Intel DCAP quote
 * v4 §A.4, and the collateral issuer chains), read by the one PEM reader in its strict mode (RFC
 * 7468 §3: only line breaks between and inside blocks, canonical base64), CERTIFICATE blocks only,
 * NUL padding allowed at the very end. Anything else is MALFORMED, so that no byte of a chain is
 * silently ignored.
 */
final class PemCertificates {
  private PemCertificates() {}

  static List<byte[]> certificates(byte[] data, String check) throws DcapException {
    int end = data.length;
    while (end > 0 && data[end - 1] == 0) {
      end--;
    }
    String text = new String(Arrays.copyOf(data, end), StandardCharsets.ISO_8859_1);
    List<byte[]> out = new ArrayList<>();
    try {
      for (Pem.Block b : Pem.parse(text, Pem.Mode.STRICT)) {
        if (!b.label().equals("CERTIFICATE")) {
          throw new DcapException(
              Reason.MALFORMED, check, "PEM block " + b.label() + " in a chain");
        }
        out.add(b.der().toArray());
      }
    } catch (PemException e) {
      throw new DcapException(Reason.MALFORMED, check, e.getMessage());
    }
    return out;
  }
}
