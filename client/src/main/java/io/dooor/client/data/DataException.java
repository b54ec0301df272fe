package io.dooor.client.data;

import java.util.List;
import java.util.OptionalLong;

/**
 * Encrypted data that does not decrypt, decode or parse. The reason is stable (it maps to an HTTP
 * status and error code at the edge); the message names the chunk or shards concerned and never
 * contains key material or plaintext.
 */
public final class DataException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the data was refused. */
  public enum Reason {
    /** The stream header is not a header of a format we know (magic, version, suite, sizes). */
    MALFORMED_HEADER,
    /** The stream header is well formed but belongs to another blob or another chunk size. */
    HEADER_MISMATCH,
    /** The ciphertext ends before its final chunk: chunks were cut off the end. */
    TRUNCATED,
    /** Data follows the chunk marked final: chunks were appended. */
    TRAILING_DATA,
    /**
     * A chunk fails authentication at its position: it was modified, moved, or taken from another
     * blob (or the header was modified, which fails chunk 0 first).
     */
    REORDERED_OR_MODIFIED,
    /** The manifest bytes do not parse, or break an invariant of the manifest. */
    MALFORMED_MANIFEST,
    /** A shard's header is malformed or does not match the manifest. */
    MALFORMED_SHARD,
    /** A shard's bytes do not have the SHA-256 the manifest records. */
    SHARD_CORRUPT,
    /** Fewer than k shards are available and intact. */
    TOO_FEW_SHARDS,
    /** A shard grant's text or bytes do not parse. */
    MALFORMED_GRANT,
    /**
     * A shard grant parses but does not allow this request: its signature, expiry, operation, node
     * or grantee is wrong.
     */
    GRANT_REFUSED
  }

  private final Reason reason;
  private final long chunk;
  private final List<Integer> shards;

  public DataException(Reason reason, String message) {
    this(reason, -1, List.of(), message);
  }

  private DataException(Reason reason, long chunk, List<Integer> shards, String message) {
    super(message);
    this.reason = reason;
    this.chunk = chunk;
    this.shards = List.copyOf(shards);
  }

  /** A failure of the chunk at {@code chunk} (0-based). */
  public static DataException atChunk(Reason reason, long chunk, String message) {
    return new DataException(reason, chunk, List.of(), message);
  }

  /** A failure that concerns the given shard indices. */
  public static DataException ofShards(Reason reason, List<Integer> shards, String message) {
    return new DataException(reason, -1, shards, message);
  }

  public Reason reason() {
    return reason;
  }

  /** The chunk concerned, for stream failures that concern one. */
  public OptionalLong chunk() {
    return chunk < 0 ? OptionalLong.empty() : OptionalLong.of(chunk);
  }

  /** The shards concerned (corrupt, changed or missing), in increasing order; may be empty. */
  public List<Integer> shards() {
    return shards;
  }
}
