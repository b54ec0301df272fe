package io.dooor.audit;

import java.util.Optional;

/**
 * A witness's memory (C2SP tlog-witness): the latest checkpoint it cosigned for each log origin.
 * {@link Witness} reads and replaces it under its own lock, so the check of the old size and the
 * update are atomic; {@link #save} must be durable before it returns (the witness answers only
 * after it), so that a restart never forgets a cosigned checkpoint.
 */
public interface WitnessState {
  /** The latest checkpoint cosigned for {@code origin}, if any. */
  Optional<Checkpoint> latest(String origin) throws WitnessException;

  /** Durably replaces the latest cosigned checkpoint of its origin. */
  void save(Checkpoint checkpoint) throws WitnessException;
}
