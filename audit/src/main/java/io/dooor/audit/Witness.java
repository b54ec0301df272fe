package io.dooor.audit;

import io.dooor.audit.WitnessException.Reason;
import io.dooor.audit.internal.NoteCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * A transparency log witness (C2SP tlog-witness "add-checkpoint", C2SP tlog-cosignature v1): for
 * each log it follows (origin and verifier key) it remembers the latest checkpoint it cosigned, and
 * cosigns a new checkpoint only when the log's signature verifies, the client's old size is that
 * checkpoint's size, and the consistency proof from it verifies (RFC 9162 §2.1.4.2). It therefore
 * never cosigns two checkpoints of one log that are not consistent: a log that rewrote history
 * cannot get this witness's cosignature for it. No HTTP here: the edge maps each {@link
 * WitnessException.Reason} to its status.
 */
public final class Witness {
  private final Cosigner cosigner;
  private final Map<String, VerifierKey> logs;
  private final WitnessState state;
  private final LongSupplier epochSeconds;

  /**
   * @param cosigner this witness's key
   * @param logs the logs it follows; each log's origin is its verifier key's name
   * @param state its memory, durable
   * @param epochSeconds the time for cosignature timestamps
   */
  public Witness(
      Cosigner cosigner, List<VerifierKey> logs, WitnessState state, LongSupplier epochSeconds) {
    this.cosigner = cosigner;
    this.logs = logs.stream().collect(Collectors.toUnmodifiableMap(VerifierKey::name, k -> k));
    this.state = state;
    this.epochSeconds = epochSeconds;
  }

  public CosignerKey key() {
    return cosigner.key();
  }

  /**
   * Handles one add-checkpoint request body; returns the response body, this witness's cosignature
   * line. The check against the stored size and the update are one atomic step.
   */
  public synchronized String addCheckpoint(byte[] body) throws WitnessException {
    AddCheckpointRequest req = AddCheckpointRequest.parse(body);
    Checkpoint cp = verifiedByLog(req.signedNote());
    if (req.oldSize() > cp.size()) {
      throw new WitnessException(
          Reason.OLD_SIZE_TOO_LARGE,
          "old size " + req.oldSize() + " exceeds the checkpoint size " + cp.size());
    }
    Optional<Checkpoint> latest = state.latest(cp.origin());
    long latestSize = latest.map(Checkpoint::size).orElse(0L);
    if (req.oldSize() != latestSize) {
      throw new WitnessException(
          Reason.OLD_SIZE_MISMATCH,
          "old size " + req.oldSize() + " is not the latest cosigned size " + latestSize,
          latestSize,
          null);
    }
    checkConsistent(latest, cp, req);
    state.save(cp);
    return cosigner.cosign(cp, epochSeconds.getAsLong());
  }

  /** The checkpoint of a note signed by the trusted key of its origin. */
  private Checkpoint verifiedByLog(String note) throws WitnessException {
    Checkpoint cp;
    try {
      cp = Checkpoint.parse(NoteCodec.parse(note.getBytes(StandardCharsets.UTF_8)).text());
    } catch (AuditException e) {
      throw new WitnessException(Reason.MALFORMED_REQUEST, "checkpoint: " + e.getMessage());
    }
    VerifierKey key = logs.get(cp.origin());
    if (key == null) {
      throw new WitnessException(Reason.UNKNOWN_LOG, "unknown log origin '" + cp.origin() + "'");
    }
    try {
      return AuditVerifier.of(key).verifyCheckpoint(note).checkpoint();
    } catch (AuditException e) {
      throw new WitnessException(Reason.NOT_SIGNED_BY_LOG, e.getMessage());
    }
  }

  private static void checkConsistent(
      Optional<Checkpoint> latest, Checkpoint cp, AddCheckpointRequest req)
      throws WitnessException {
    if (latest.isEmpty() || req.oldSize() == 0) {
      if (!req.proof().isEmpty()) {
        throw new WitnessException(
            Reason.MALFORMED_REQUEST, "the consistency proof must be empty when old size is 0");
      }
      return;
    }
    if (req.oldSize() == cp.size()) {
      if (!latest.get().rootHash().equals(cp.rootHash())) {
        throw new WitnessException(
            Reason.ROOT_MISMATCH,
            "checkpoint of size " + cp.size() + " has another root than the one cosigned",
            latestSize(latest),
            null);
      }
      if (req.proof().isEmpty()) {
        return;
      }
    }
    try {
      MerkleVerifier.verifyConsistency(
          req.oldSize(), cp.size(), latest.get().rootHash(), cp.rootHash(), req.proof());
    } catch (AuditException e) {
      throw new WitnessException(
          Reason.INCONSISTENT,
          "consistency proof from the cosigned size "
              + req.oldSize()
              + " to "
              + cp.size()
              + " does not verify: "
              + e.getMessage());
    }
  }

  private static long latestSize(Optional<Checkpoint> latest) {
    return latest.map(Checkpoint::size).orElse(0L);
  }
}
