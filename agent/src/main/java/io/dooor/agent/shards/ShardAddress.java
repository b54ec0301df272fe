package io.dooor.agent.shards;

import io.dooor.client.data.BlobId;
import io.dooor.client.data.ReedSolomon;

/**
 * Which shard a request is for: {@code /v1/shards/{blobId}/{index}}, the blob id as 32 lower-case
 * hex digits and the index as a decimal without leading zeros below {@link ReedSolomon#MAX_SHARDS}.
 * Parsed strictly from the raw (still percent-encoded) path, so that one shard has one path.
 */
public record ShardAddress(BlobId blobId, int index) {
  static final String PREFIX = "/v1/shards/";

  public ShardAddress {
    if (index < 0 || index >= ReedSolomon.MAX_SHARDS) {
      throw new IllegalArgumentException("shard index " + index + " out of range");
    }
  }

  /**
   * Parses a raw request path.
   *
   * @throws ShardRequestException 404 for a path outside {@code /v1/shards/}, 400 naming {@code
   *     blobId} or {@code index} for a malformed one
   */
  public static ShardAddress parsePath(String rawPath) throws ShardRequestException {
    if (rawPath == null || !rawPath.startsWith(PREFIX)) {
      throw new ShardRequestException(404, "not-found", "path", "no such route");
    }
    String rest = rawPath.substring(PREFIX.length());
    int slash = rest.indexOf('/');
    if (slash < 0 || rest.indexOf('/', slash + 1) >= 0) {
      throw new ShardRequestException(
          400, "malformed-path", "path", "the path must be /v1/shards/{blobId}/{index}");
    }
    return new ShardAddress(blobId(rest.substring(0, slash)), index(rest.substring(slash + 1)));
  }

  private static BlobId blobId(String text) throws ShardRequestException {
    try {
      return BlobId.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ShardRequestException(400, "malformed-blob-id", "blobId", e.getMessage());
    }
  }

  private static int index(String text) throws ShardRequestException {
    boolean digits =
        !text.isEmpty() && text.length() <= 3 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!digits || (text.length() > 1 && text.charAt(0) == '0')) {
      throw new ShardRequestException(
          400, "malformed-index", "index", "the shard index is a decimal without leading zeros");
    }
    int i = Integer.parseInt(text);
    if (i >= ReedSolomon.MAX_SHARDS) {
      throw new ShardRequestException(
          400,
          "malformed-index",
          "index",
          "the shard index must be below " + ReedSolomon.MAX_SHARDS);
    }
    return i;
  }

  /** The path this shard is served at. */
  public String path() {
    return PREFIX + blobId + "/" + index;
  }
}
