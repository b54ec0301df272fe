package io.dooor.agent.shards;

import io.dooor.client.auth.CallerPublicKey;
import io.dooor.client.data.DataException;
import io.dooor.client.data.ShardGrant;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import java.time.Clock;

/**
 * How this node reads and checks a request's {@code Dooor-Grant}: parsed first (a PUT's grant names
 * the shard's hash, which its signed Content-Digest must carry), then verified under the pinned
 * control-plane key for this node, the operation and the request's authenticated signer. Refusals
 * carry the control plane's codes for the same failures.
 */
public final class ShardGrants {
  private final CallerPublicKey controlPlane;
  private final NodeId node;
  private final Clock clock;

  public ShardGrants(CallerPublicKey controlPlane, NodeId node, Clock clock) {
    this.controlPlane = controlPlane;
    this.node = node;
    this.clock = clock;
  }

  /**
   * @throws ShardRequestException 400 naming {@code Dooor-Grant} if it does not parse
   */
  ShardGrant parse(String text) throws ShardRequestException {
    try {
      return ShardGrant.parse(text);
    } catch (DataException e) {
      throw new ShardRequestException(
          400, "data-malformed-grant", ShardServer.GRANT_HEADER, e.getMessage());
    }
  }

  /**
   * @throws ShardRequestException 403 naming {@code Dooor-Grant} and the check that failed
   */
  void verify(ShardGrant grant, ShardGrant.Op op, Principal signer) throws ShardRequestException {
    try {
      grant.verify(controlPlane, clock.instant(), op, node, signer);
    } catch (DataException e) {
      throw refused(e.getMessage());
    }
  }

  /**
   * Whether {@code signer} is the control plane itself: its repair job puts rebuilt shards and
   * moves their placement on its own, so such a put is not reported back as stored.
   */
  boolean isControlPlane(Principal signer) {
    return controlPlane.principal().equals(signer);
  }

  static ShardRequestException refused(String message) {
    return new ShardRequestException(403, "data-grant-refused", ShardServer.GRANT_HEADER, message);
  }
}
