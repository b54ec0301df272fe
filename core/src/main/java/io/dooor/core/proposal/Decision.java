package io.dooor.core.proposal;

import io.dooor.common.Bytes;
import io.dooor.core.Principal;
import java.time.Instant;
import java.util.Objects;

/**
 * One controller's signed decision on a proposal: the principal that signed the request (RFC 9421,
 * its nonce remembered, so the same request is never counted twice), when, and the digest of that
 * request as the audit log records it.
 */
public record Decision(Principal by, Vote vote, Instant at, Bytes requestDigest) {
  /** Approve or reject. */
  public enum Vote {
    APPROVE,
    REJECT;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Decision {
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(vote, "vote");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(requestDigest, "requestDigest");
  }
}
