package io.dooor.vetkd.threshold;

import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G2Point;

/**
 * One holder's secret share sk_i = f(i) of the master secret, with the public key it belongs to.
 * Construction checks sk_i·G2 == PK_i, so a KeyShare is always consistent with its public key.
 */
public final class KeyShare {
  private final int index;
  private final Fr secret;
  private final ThresholdPublicKey publicKey;

  private KeyShare(int index, Fr secret, ThresholdPublicKey publicKey) {
    this.index = index;
    this.secret = secret;
    this.publicKey = publicKey;
  }

  static KeyShare of(int index, Fr secret, ThresholdPublicKey publicKey) throws VetKdException {
    if (index < 1 || index > publicKey.holders()) {
      throw new VetKdException(Reason.INVALID_ARGUMENT, "holder index out of range: " + index);
    }
    if (!G2Point.generator().mul(secret).equals(publicKey.publicKeyShare(index))) {
      throw new VetKdException(
          Reason.SHARE_INVALID, "secret share " + index + " does not match its public key share");
    }
    return new KeyShare(index, secret, publicKey);
  }

  public int index() {
    return index;
  }

  public ThresholdPublicKey publicKey() {
    return publicKey;
  }

  Fr secret() {
    return secret;
  }

  @Override
  public String toString() {
    return "KeyShare[index=" + index + ", secret redacted]";
  }
}
