package io.dooor.agent.shards;

import io.dooor.client.data.BlobId;
import io.dooor.common.Bytes;
import io.dooor.core.Principal;

/**
 * How the shard server reads and checks the {@code Dooor-Grant} of a request: parsed first (the
 * grant names the shard's hash, which a PUT's signed Content-Digest must carry), then verified
 * against the authenticated signer of the request.
 */
public interface ShardGrants {
  /** A grant as parsed, before it is verified. */
  interface Claim {
    String op();

    BlobId blobId();

    int index();

    Bytes sha256();
  }

  /**
   * @throws ShardRequestException 400 naming {@code Dooor-Grant} if it does not parse
   */
  Claim parse(String text) throws ShardRequestException;

  /**
   * Checks the grant's signature (the control plane's key), expiry, operation, this node and that
   * {@code signer} is its grantee.
   *
   * @throws ShardRequestException 403 naming {@code Dooor-Grant} with what failed
   */
  void verify(Claim claim, String op, Principal signer) throws ShardRequestException;
}
