package io.dooor.vetkd.threshold;

import java.time.Instant;

/**
 * What one key-share holder did with one derivation request: answered with a share that verified
 * against its public key share, answered with one that did not, failed (refused, unreachable,
 * malformed answer, wrong index) or gave no answer within the timeout. {@code late} marks verdicts
 * reached after the request was answered without this holder (its share was not waited for).
 */
public record HolderVerdict(int holder, Outcome outcome, String detail, Instant at, boolean late) {
  /** The kinds of verdict. */
  public enum Outcome {
    /** The share verified against the holder's public key share. */
    VALID,
    /** The share did not verify: a faulty or malicious holder. */
    INVALID_SHARE,
    /** The call failed: error, refusal, unreachable, malformed or mislabelled answer. */
    FAILED,
    /** No answer within the timeout. */
    TIMED_OUT;

    /** True for every outcome but {@link #VALID}. */
    public boolean faulty() {
      return this != VALID;
    }
  }

  public HolderVerdict {
    if (holder < 1) {
      throw new IllegalArgumentException("holder index must be positive: " + holder);
    }
    if (outcome == null || detail == null || at == null) {
      throw new IllegalArgumentException("outcome, detail and time are required");
    }
  }
}
