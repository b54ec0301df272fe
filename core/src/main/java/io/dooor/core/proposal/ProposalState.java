package io.dooor.core.proposal;

import java.util.Locale;

/** Where a proposal stands; every state but PENDING is final. */
public enum ProposalState {
  /** Waiting for approvals. */
  PENDING,
  /** The threshold was reached and the change applied, in the same transaction. */
  APPLIED,
  /** So many controllers rejected it that the threshold can no longer be reached. */
  REJECTED,
  /** Its time ran out before the threshold was reached. */
  EXPIRED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
