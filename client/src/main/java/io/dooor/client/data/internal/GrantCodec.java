package io.dooor.client.data.internal;

import io.dooor.client.data.BlobId;
import io.dooor.client.data.DataException;
import io.dooor.client.data.ShardGrant;
import io.dooor.client.data.ShardRef;
import io.dooor.common.Bytes;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The binary and text forms of {@link ShardGrant} (client/DATA-FORMAT.md §5). The statement is
 * {@code PREFIX || u8 op || 16 blob id || u8 index || 32 sha256 || u8 len || node id (ASCII) || u8
 * len || principal || u64 expiry}; the grant is the statement, {@code u8 len || signature}. Text is
 * unpadded base64url; {@code decode(encode(g))} is {@code g} and only canonical text parses.
 */
public final class GrantCodec {
  /** The domain-separation prefix of every statement. */
  public static final byte[] PREFIX = "dooor/shard-grant/v1".getBytes(StandardCharsets.US_ASCII);

  /** Longest signature accepted (Ed25519 and ECDSA r || s are 64 bytes). */
  public static final int MAX_SIGNATURE = 128;

  /** Longest text accepted, checked before decoding. */
  public static final int MAX_TEXT = 512;

  private static final Base64.Encoder TEXT = Base64.getUrlEncoder().withoutPadding();

  private GrantCodec() {}

  public static byte[] statement(
      ShardGrant.Op op, BlobId blob, ShardRef shard, Principal grantee, long expiresAt) {
    ByteSink out = new ByteSink().bytes(PREFIX).u8(op.ordinal() + 1);
    out.bytes(blob.value().toArray()).u8(shard.index()).bytes(shard.sha256().toArray());
    byte[] node = shard.node().value().getBytes(StandardCharsets.US_ASCII);
    byte[] principal = grantee.toBytes();
    out.u8(node.length).bytes(node).u8(principal.length).bytes(principal);
    return out.u64(expiresAt).toArray();
  }

  public static String encode(ShardGrant g) {
    byte[] sig = g.signature().toArray();
    byte[] statement = statement(g.op(), g.blob(), g.shard(), g.grantee(), g.expiresAt());
    return TEXT.encodeToString(new ByteSink().bytes(statement).u8(sig.length).bytes(sig).toArray());
  }

  /**
   * @throws DataException MALFORMED_GRANT naming the field that is wrong
   */
  public static ShardGrant decode(String text) throws DataException {
    ByteCursor in = new ByteCursor(binary(text), DataException.Reason.MALFORMED_GRANT, "grant");
    in.expect(PREFIX, "prefix");
    try {
      ShardGrant grant = body(in);
      in.end();
      return grant;
    } catch (IllegalArgumentException e) {
      throw in.fail(e.getMessage());
    }
  }

  private static byte[] binary(String text) throws DataException {
    if (text.length() > MAX_TEXT) {
      throw malformed("longer than " + MAX_TEXT + " characters");
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw malformed("not base64url");
    }
    if (!TEXT.encodeToString(raw).equals(text)) {
      throw malformed("not canonical unpadded base64url");
    }
    return raw;
  }

  private static ShardGrant body(ByteCursor in) throws DataException {
    ShardGrant.Op op = op(in.u8("op"));
    BlobId blob = new BlobId(Bytes.of(in.bytes(BlobId.BYTES, "blob id")));
    int index = in.u8("shard index");
    Bytes sha256 = Bytes.of(in.bytes(32, "shard sha256"));
    String node = new String(in.bytes(in.u8("node length"), "node"), StandardCharsets.ISO_8859_1);
    Principal grantee = Principal.of(in.bytes(in.u8("grantee length"), "grantee"));
    long expiresAt = in.u64("expiry");
    Bytes signature = Bytes.of(in.bytes(in.u8("signature length"), "signature"));
    ShardRef shard = new ShardRef(index, sha256, NodeId.of(node));
    return new ShardGrant(op, blob, shard, grantee, expiresAt, signature);
  }

  private static ShardGrant.Op op(int code) {
    ShardGrant.Op[] ops = ShardGrant.Op.values();
    if (code < 1 || code > ops.length) {
      throw new IllegalArgumentException("op " + code + " is not 1 (PUT) or 2 (GET)");
    }
    return ops[code - 1];
  }

  private static DataException malformed(String detail) {
    return new DataException(DataException.Reason.MALFORMED_GRANT, "grant: " + detail);
  }
}
