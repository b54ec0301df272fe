package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * Seals a small named secret at rest under a {@link SealingKeySource}, as key shares are sealed:
 * "DVKS" || version || blob(label, UTF-8) || nonce (12) || AES-256-GCM(secret) || tag (16).
 * Everything before the nonce is the associated data, so a sealed secret cannot be moved to another
 * label (e.g. the audit signing key passed off as the control-plane identity). Used for the
 * deployment identity replicas share through the database (issue 15).
 */
public final class SecretSealer {
  private static final String MAGIC = "DVKS";

  /** The longest secret sealed: a PEM private key fits with room to spare. */
  public static final int MAX_SECRET = 4096;

  private static final int MAX_LABEL = 64;
  private static final int NONCE = 12;
  private static final int TAG = 16;

  private final SealingKeySource source;
  private final SecureRandom rng;

  public SecretSealer(SealingKeySource source, SecureRandom rng) {
    this.source = source;
    this.rng = rng;
  }

  public Bytes seal(String label, SecretBytes secret) throws VetKdException {
    if (secret.length() > MAX_SECRET) {
      throw new VetKdException(Reason.INVALID_ARGUMENT, "secret longer than " + MAX_SECRET);
    }
    byte[] header = header(label);
    byte[] nonce = new byte[NONCE];
    rng.nextBytes(nonce);
    byte[] plain = secret.toArray();
    try {
      byte[] ct = KeyShareSealer.crypt(source, label, Cipher.ENCRYPT_MODE, nonce, header, plain);
      byte[] out = Arrays.copyOf(header, header.length + NONCE + ct.length);
      System.arraycopy(nonce, 0, out, header.length, NONCE);
      System.arraycopy(ct, 0, out, header.length + NONCE, ct.length);
      return Bytes.of(out);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * The secret sealed under {@code label}; {@link Reason#UNSEALING_FAILED} if it does not
   * authenticate (another sealing key or label), {@link Reason#INVALID_ENCODING} if malformed.
   */
  public SecretBytes unseal(String label, Bytes sealed) throws VetKdException {
    Wire.Reader r = new Wire.Reader(sealed, MAGIC, "sealed " + label);
    String found = new String(r.blob(MAX_LABEL), StandardCharsets.UTF_8);
    if (!found.equals(label)) {
      throw new VetKdException(
          Reason.INVALID_ENCODING, "sealed secret is a " + found + ", not a " + label);
    }
    byte[] nonce = r.raw(NONCE);
    int rest = sealed.length() - r.position();
    if (rest < TAG || rest > MAX_SECRET + TAG) {
      throw new VetKdException(Reason.INVALID_ENCODING, "sealed " + label + " has a bad length");
    }
    byte[] ct = r.raw(rest);
    r.end();
    byte[] header = header(label);
    byte[] plain = KeyShareSealer.crypt(source, label, Cipher.DECRYPT_MODE, nonce, header, ct);
    try {
      return SecretBytes.of(plain);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private static byte[] header(String label) {
    byte[] l = label.getBytes(StandardCharsets.UTF_8);
    if (l.length == 0 || l.length > MAX_LABEL) {
      throw new IllegalArgumentException("label must be 1 to " + MAX_LABEL + " bytes");
    }
    return new Wire.Writer(MAGIC).blob(l).toArray();
  }
}
