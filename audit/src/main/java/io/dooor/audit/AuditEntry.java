package io.dooor.audit;

import io.dooor.audit.internal.EntryCodec;
import io.dooor.common.Bytes;
import io.dooor.common.EntryLimits;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One audit log entry: a recorded state change or refused request. Its canonical encoding ({@link
 * #encode()}, schema version 1, documented in {@code audit/README.md}) is the leaf data of the
 * Merkle tree. It never carries key material or plaintext data: only who, what, on what, the
 * request's digest, the outcome and short facts. The log knows nothing of the domain: the store
 * maps its events to entries.
 *
 * @param seq position in the log, or {@link #UNASSIGNED} before it is appended
 * @param actor who asked: the bytes of an ICP principal (at most {@link #MAX_ACTOR})
 */
public record AuditEntry(
    long seq,
    Instant time,
    Bytes actor,
    String action,
    String subject,
    Bytes requestDigest,
    Outcome outcome,
    String reason,
    Map<String, String> details) {

  /** Whether the request was carried out. */
  public enum Outcome {
    OK,
    REFUSED
  }

  /** The sequence number of an entry not yet appended. */
  public static final long UNASSIGNED = -1;

  /** Limits that keep every entry under the 65,535-byte bound of C2SP tlog-tiles bundles. */
  public static final int MAX_ACTION = EntryLimits.MAX_ACTION;

  /** Longest actor: an ICP principal is at most 29 bytes. */
  public static final int MAX_ACTOR = 29;

  public static final int MAX_SUBJECT = EntryLimits.MAX_SUBJECT;
  public static final int MAX_REASON = EntryLimits.MAX_REASON;
  public static final int MAX_DIGEST = EntryLimits.MAX_DIGEST;
  public static final int MAX_DETAILS = EntryLimits.MAX_DETAILS;
  public static final int MAX_DETAIL_KEY = EntryLimits.MAX_DETAIL_KEY;
  public static final int MAX_DETAIL_VALUE = EntryLimits.MAX_DETAIL_VALUE;

  public AuditEntry {
    if (seq < UNASSIGNED) {
      throw new IllegalArgumentException("sequence number " + seq + " is negative");
    }
    if (outcome == null || time == null || actor == null) {
      throw new NullPointerException("time, actor and outcome are required");
    }
    EntryLimits.check(action, subject, requestDigest, reason, details);
    if (actor.length() > MAX_ACTOR) {
      throw new IllegalArgumentException("actor longer than " + MAX_ACTOR + " bytes");
    }
    details = java.util.Collections.unmodifiableMap(new TreeMap<>(details));
  }

  /** An entry not yet appended, from the same fields as {@link Event}. */
  public static AuditEntry of(
      Instant time,
      Bytes actor,
      String action,
      String subject,
      Bytes requestDigest,
      Outcome outcome,
      String reason,
      Map<String, String> details) {
    return new AuditEntry(
        UNASSIGNED, time, actor, action, subject, requestDigest, outcome, reason, details);
  }

  /** This entry at position {@code assigned}. */
  public AuditEntry withSeq(long assigned) {
    if (assigned < 0) {
      throw new IllegalArgumentException("sequence number " + assigned + " is negative");
    }
    return new AuditEntry(
        assigned, time, actor, action, subject, requestDigest, outcome, reason, details);
  }

  /**
   * The canonical encoding (schema version 1); requires an assigned sequence number. Equal entries
   * have equal encodings, and {@link #decode} of it gives this entry back.
   */
  public Bytes encode() {
    if (seq == UNASSIGNED) {
      throw new IllegalStateException("entry has no sequence number yet");
    }
    return Bytes.of(EntryCodec.encode(this));
  }

  /**
   * Decodes a canonical encoding, rejecting anything {@link #encode()} would not produce.
   *
   * @throws AuditException MALFORMED_ENTRY or UNSUPPORTED_VERSION naming the problem
   */
  public static AuditEntry decode(Bytes encoded) throws AuditException {
    return EntryCodec.decode(encoded.toArray());
  }

  /** RFC 9162 leaf hash of the encoding. */
  public Bytes leafHash() {
    return MerkleVerifier.leafHash(encode());
  }
}
