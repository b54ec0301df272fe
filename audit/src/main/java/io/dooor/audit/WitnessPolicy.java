package io.dooor.audit;

import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.internal.NoteCodec;
import io.dooor.audit.internal.NoteCodec.Sig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which witnesses a verifier trusts and how many must have cosigned (C2SP tlog-cosignature): a
 * checkpoint counts only with valid cosignature/v1 lines by at least {@code quorum} distinct
 * trusted cosigners. Lines by other keys are ignored; a line by a trusted key that does not verify
 * fails, as Go's note.Open does.
 *
 * @param keys the trusted cosigner keys (distinct)
 * @param quorum how many of them must have cosigned, 1 to {@code keys.size()}
 */
public record WitnessPolicy(List<CosignerKey> keys, int quorum) {
  public WitnessPolicy {
    keys = List.copyOf(keys);
    if (keys.stream().map(CosignerKey::toString).distinct().count() != keys.size()) {
      throw new IllegalArgumentException("a witness key is listed twice");
    }
    if (quorum < 1 || quorum > keys.size()) {
      throw new IllegalArgumentException(
          "quorum " + quorum + " is not between 1 and the " + keys.size() + " witness keys");
    }
  }

  /**
   * The cosignatures on {@code cp}'s note by trusted witnesses, at least {@code quorum}.
   *
   * @throws AuditException QUORUM_NOT_REACHED naming how many verified, or SIGNATURE_INVALID
   */
  public List<Cosignature> verify(VerifiedCheckpoint cp) throws AuditException {
    List<Cosignature> valid = cosignatures(cp.note(), cp.checkpoint());
    if (valid.size() < quorum) {
      throw new AuditException(
          Reason.QUORUM_NOT_REACHED,
          "checkpoint of size "
              + cp.size()
              + " carries "
              + valid.size()
              + " valid cosignatures by the trusted witnesses, "
              + quorum
              + " required");
    }
    return valid;
  }

  /** The valid cosignatures by trusted keys on a note whose body is {@code checkpoint}. */
  public List<Cosignature> cosignatures(String note, Checkpoint checkpoint) throws AuditException {
    NoteCodec.Parsed parsed = NoteCodec.parse(note.getBytes(StandardCharsets.UTF_8));
    if (!parsed.text().equals(checkpoint.body())) {
      throw new AuditException(Reason.MALFORMED_NOTE, "cosigned note is another checkpoint");
    }
    Map<String, Cosignature> byKey = new LinkedHashMap<>();
    for (Sig sig : parsed.signatures()) {
      for (CosignerKey k : keys) {
        if (k.name().equals(sig.name()) && k.keyId() == sig.keyId()) {
          byKey.putIfAbsent(k.toString(), k.verify(parsed.text(), sig.signature()));
        }
      }
    }
    return new ArrayList<>(byKey.values());
  }
}
