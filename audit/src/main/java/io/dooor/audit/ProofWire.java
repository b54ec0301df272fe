package io.dooor.audit;

import io.dooor.audit.AuditException.Reason;
import io.dooor.common.Bytes;
import java.util.ArrayList;
import java.util.List;

/** Proof wire form: concatenated 32-byte hashes, at most 128 of them. */
final class ProofWire {
  static final int MAX_HASHES = 128;

  private ProofWire() {}

  static List<Bytes> split(Bytes wire) throws AuditException {
    if (wire.length() % 32 != 0 || wire.length() > 32 * MAX_HASHES) {
      throw new AuditException(
          Reason.MALFORMED_PROOF,
          "proof is " + wire.length() + " bytes, not a multiple of 32 up to " + 32 * MAX_HASHES);
    }
    List<Bytes> out = new ArrayList<>();
    for (int i = 0; i < wire.length(); i += 32) {
      out.add(wire.slice(i, i + 32));
    }
    return out;
  }

  static Bytes join(List<Bytes> hashes) {
    byte[] out = new byte[32 * hashes.size()];
    for (int i = 0; i < hashes.size(); i++) {
      System.arraycopy(hashes.get(i).toArray(), 0, out, 32 * i, 32);
    }
    return Bytes.of(out);
  }

  static void requireHash(Bytes h) {
    if (h.length() != 32) {
      throw new IllegalArgumentException("proof hash is " + h.length() + " bytes, expected 32");
    }
  }
}
