package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException;
import java.security.SecureRandom;
import java.util.Map;

/**
 * A correctly signed resharing dealing whose sub-share for one new holder is random bytes (a fault
 * in transport, or a dealer that cheats): shared with the cli module's tests through this module's
 * test-jar, since the command line can only deal honestly.
 */
public final class CheatingDealer {
  private CheatingDealer() {}

  /** The dealing file's bytes and the dealer's state sealed under its sealing key. */
  public record Dealt(Bytes dealing, Bytes sealedState) {}

  /** Old holder {@code share.index()} deals to t'/n', garbling new holder {@code victim}'s box. */
  public static Dealt garbling(
      KeyShare share,
      int newThreshold,
      int newHolders,
      Map<Integer, Bytes> recipients,
      int victim,
      SealingKeySource sealingKey)
      throws VetKdException {
    SecureRandom rng = new SecureRandom();
    ReshareDealing.Dealt d =
        ReshareDealing.createTampered(
            share,
            newThreshold,
            newHolders,
            recipients,
            rng,
            victim,
            ReshareDealing.Tamper.GARBAGE_CIPHERTEXT);
    return new Dealt(d.dealing().toBytes(), d.state().seal(sealingKey, rng));
  }
}
