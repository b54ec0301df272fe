package io.dooor.client.data;

import io.dooor.client.auth.AuthException;
import io.dooor.client.auth.CallerPublicKey;
import io.dooor.client.auth.Identity;
import io.dooor.client.data.internal.GrantCodec;
import io.dooor.common.Bytes;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import java.time.Instant;

/**
 * The control plane's permission to put or get one shard on one node (issue 13): a statement signed
 * by the control plane's identity key, {@code "dooor/shard-grant/v1" || op || blob id || shard
 * index || shard SHA-256 || node id || grantee principal || expiry} (layout in
 * client/DATA-FORMAT.md §5), then the signature; its text form is unpadded base64url (RFC 4648 §5).
 *
 * <p>A node's agent accepts a shard request only with a grant that {@link #verify verifies} under
 * the pinned control-plane key, names this node and the operation, has not expired and names the
 * request's RFC 9421 signer as grantee. The domain-separation prefix keeps the signature from being
 * taken for any other statement of the same key.
 *
 * @param expiresAt expiry in seconds since the epoch (exclusive)
 */
public record ShardGrant(
    Op op, BlobId blob, ShardRef shard, Principal grantee, long expiresAt, Bytes signature) {

  /** What the grant allows. */
  public enum Op {
    PUT,
    GET
  }

  public ShardGrant {
    if (expiresAt < 0) {
      throw new IllegalArgumentException("grant expiry " + expiresAt + " is negative");
    }
    if (signature.isEmpty() || signature.length() > GrantCodec.MAX_SIGNATURE) {
      throw new IllegalArgumentException(
          "a grant signature is 1.." + GrantCodec.MAX_SIGNATURE + " bytes");
    }
  }

  /** A grant of {@code op} on {@code shard} (its index, hash and node) to {@code grantee}. */
  public static ShardGrant sign(
      Identity signer, Op op, BlobId blob, ShardRef shard, Principal grantee, Instant expiry) {
    long expiresAt = expiry.getEpochSecond();
    Bytes statement = Bytes.of(GrantCodec.statement(op, blob, shard, grantee, expiresAt));
    return new ShardGrant(op, blob, shard, grantee, expiresAt, signer.sign(statement));
  }

  /**
   * Parses the text form strictly: canonical base64url without padding, every field in range,
   * nothing after the signature.
   *
   * @throws DataException MALFORMED_GRANT naming the field that is wrong
   */
  public static ShardGrant parse(String text) throws DataException {
    return GrantCodec.decode(text);
  }

  /** The text form (unpadded base64url of the statement and signature). */
  public String text() {
    return GrantCodec.encode(this);
  }

  /** The signed statement's bytes. */
  public Bytes statement() {
    return Bytes.of(GrantCodec.statement(op, blob, shard, grantee, expiresAt));
  }

  /**
   * Checks this grant allows a request: signed by {@code controlPlane}, not expired at {@code now},
   * for {@code op} on {@code node}, and granted to {@code requestSigner} (the request's verified
   * RFC 9421 signer).
   *
   * @return this grant
   * @throws DataException GRANT_REFUSED naming the first check that failed
   */
  public ShardGrant verify(
      CallerPublicKey controlPlane, Instant now, Op op, NodeId node, Principal requestSigner)
      throws DataException {
    try {
      controlPlane.verify(statement(), signature);
    } catch (AuthException e) {
      throw refused("signature does not verify under the control plane's key");
    }
    if (now.getEpochSecond() >= expiresAt) {
      throw refused("expired at " + Instant.ofEpochSecond(expiresAt));
    }
    if (this.op != op) {
      throw refused("grants " + this.op + ", not " + op);
    }
    if (!shard.node().equals(node)) {
      throw refused("is for node " + shard.node() + ", not " + node);
    }
    if (!grantee.equals(requestSigner)) {
      throw refused("is granted to " + grantee.toText() + ", not " + requestSigner.toText());
    }
    return this;
  }

  private DataException refused(String detail) {
    return new DataException(
        DataException.Reason.GRANT_REFUSED,
        "grant for shard " + shard.index() + " of " + blob + " " + detail);
  }

  @Override
  public String toString() {
    return "ShardGrant["
        + op
        + " "
        + blob
        + "/"
        + shard.index()
        + " on "
        + shard.node()
        + " to "
        + grantee.toText()
        + " until "
        + expiresAt
        + "]";
  }
}
