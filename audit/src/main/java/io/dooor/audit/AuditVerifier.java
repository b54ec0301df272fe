package io.dooor.audit;

import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.internal.NoteCodec;
import io.dooor.audit.internal.NoteCodec.Sig;
import io.dooor.common.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Offline verification of the audit log with nothing but its verifier key (what {@code dooor audit
 * verify} runs): signed checkpoints (C2SP signed-note, Ed25519), inclusion of entries and
 * consistency between checkpoints (RFC 9162 §2.1.3.2, §2.1.4.2), and full replay of the log from
 * its entries ({@link LogReplay}), naming the first entry that does not match.
 */
public final class AuditVerifier {
  private final VerifierKey key;

  private AuditVerifier(VerifierKey key) {
    this.key = key;
  }

  public static AuditVerifier of(VerifierKey key) {
    return new AuditVerifier(key);
  }

  /** A verifier for a C2SP verifier key string ({@code name+hash+base64}). */
  public static AuditVerifier of(String verifierKey) throws AuditException {
    return new AuditVerifier(VerifierKey.parse(verifierKey));
  }

  public VerifierKey key() {
    return key;
  }

  /**
   * Verifies a signed checkpoint: a well-formed note with a valid signature by this key, whose body
   * is a checkpoint whose origin is the key's name. Signatures by other keys are ignored; an
   * invalid one by this key fails.
   */
  public VerifiedCheckpoint verifyCheckpoint(String signedNote) throws AuditException {
    NoteCodec.Parsed note = NoteCodec.parse(signedNote.getBytes(StandardCharsets.UTF_8));
    boolean verified = false;
    for (Sig sig : note.signatures()) {
      if (!sig.name().equals(key.name()) || sig.keyId() != key.keyId()) {
        continue;
      }
      byte[] text = note.text().getBytes(StandardCharsets.UTF_8);
      if (!key.ed25519().isValid(text, sig.signature())) {
        throw new AuditException(
            Reason.SIGNATURE_INVALID, "signature by " + key.name() + " does not verify");
      }
      verified = true;
    }
    if (!verified) {
      throw new AuditException(Reason.SIGNATURE_INVALID, "note has no signature by " + key);
    }
    Checkpoint cp = Checkpoint.parse(note.text());
    if (!cp.origin().equals(key.name())) {
      throw new AuditException(
          Reason.ORIGIN_MISMATCH,
          "checkpoint origin '" + cp.origin() + "' is not the key name '" + key.name() + "'");
    }
    return new VerifiedCheckpoint(cp, signedNote, key);
  }

  /** Verifies that {@code entry} is at {@code proof.index()} in the checkpointed tree. */
  public VerifiedEntry verifyInclusion(VerifiedCheckpoint cp, Bytes entry, InclusionProof proof)
      throws AuditException {
    if (proof.size() != cp.size()) {
      throw new AuditException(
          Reason.PROOF_SIZE_MISMATCH,
          "proof is for size " + proof.size() + ", checkpoint has " + cp.size());
    }
    AuditEntry decoded = AuditEntry.decode(entry);
    if (decoded.seq() != proof.index()) {
      throw new AuditException(
          Reason.SEQUENCE_MISMATCH,
          proof.index(),
          "entry says position " + decoded.seq() + ", proof is for " + proof.index(),
          null);
    }
    MerkleVerifier.verifyInclusion(
        proof.index(),
        proof.size(),
        MerkleVerifier.leafHash(entry),
        proof.hashes(),
        cp.checkpoint().rootHash());
    return new VerifiedEntry(decoded, entry, cp);
  }

  /** Verifies that {@code newer} extends {@code older}; returns {@code newer}. */
  public VerifiedCheckpoint verifyConsistency(
      VerifiedCheckpoint older, VerifiedCheckpoint newer, ConsistencyProof proof)
      throws AuditException {
    if (proof.size1() != older.size() || proof.size2() != newer.size()) {
      throw new AuditException(
          Reason.PROOF_SIZE_MISMATCH,
          "proof is for sizes "
              + proof.size1()
              + " -> "
              + proof.size2()
              + ", checkpoints are "
              + older.size()
              + " -> "
              + newer.size());
    }
    MerkleVerifier.verifyConsistency(
        older.size(),
        newer.size(),
        older.checkpoint().rootHash(),
        newer.checkpoint().rootHash(),
        proof.hashes());
    return newer;
  }

  /**
   * Replays the log: every entry decodes, sits at its own position, and the roots at every
   * checkpoint's size equal the signed ones. Fails at the first entry that does not match.
   */
  public LogReplay.Result replay(List<Bytes> entries, List<VerifiedCheckpoint> checkpoints)
      throws AuditException {
    return LogReplay.ofEntries(entries, checkpoints);
  }

  /**
   * Replays the log served in the C2SP tlog-tiles layout up to {@code cp}: authenticates the
   * level-0 tiles against the signed root, then checks every entry bundle against them, so that the
   * first altered, missing or misplaced entry is named exactly.
   */
  public LogReplay.Result replay(TileFetcher fetcher, VerifiedCheckpoint cp) throws AuditException {
    return LogReplay.ofTiles(fetcher, cp);
  }

  /** Fetches C2SP tlog-tiles resources by path (HTTP, a directory, or {@link AuditLog}). */
  @FunctionalInterface
  public interface TileFetcher {
    /** The resource at {@code path}; throws NOT_FOUND if absent. */
    Bytes fetch(String path) throws AuditException;
  }
}
