package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who takes part in a distributed key generation ({@link DistributedKeyGeneration}): the threshold
 * t and the n holders' public keys (X25519 for receiving sub-shares || Ed25519 for signing
 * dealings, complaints and answers, {@link ReshareRecipientKey}), holder j's at position j. Every
 * dealing binds the roster's digest, so holders given different rosters (a relay that equivocates)
 * reject each other's dealings instead of agreeing on different keys.
 *
 * <p>Wire form (untrusted input, {@link #parse}): "DVKS" || version 1 || u16 t || u16 n || n ×
 * 64-byte public key; no key twice.
 */
public final class DkgRoster {
  private static final String MAGIC = "DVKS";
  private static final int VERSION = 1;

  private final int threshold;
  private final List<Bytes> keys;
  private final Bytes digest;

  private DkgRoster(int threshold, List<Bytes> keys) {
    this.threshold = threshold;
    this.keys = List.copyOf(keys);
    this.digest = Digests.sha256(toBytes().toArray());
  }

  /** Threshold t of the holders with {@code keys} (holder j's at index j-1), checked. */
  public static DkgRoster of(int threshold, List<Bytes> keys) throws VetKdException {
    ThresholdPublicKey.checkShape(threshold, keys.size());
    Set<Bytes> seen = new HashSet<>();
    for (int j = 1; j <= keys.size(); j++) {
      ReshareRecipientKey.checkPublicKey(keys.get(j - 1));
      if (!seen.add(keys.get(j - 1))) {
        throw new VetKdException(
            Reason.INVALID_ARGUMENT, "holder " + j + " has the public key of another holder");
      }
    }
    return new DkgRoster(threshold, keys);
  }

  public int threshold() {
    return threshold;
  }

  public int holders() {
    return keys.size();
  }

  /** Holder {@code j}'s public key (X25519 || Ed25519), 1 <= j <= n. */
  public Bytes key(int j) {
    return keys.get(j - 1);
  }

  /** The SHA-256 of the wire form: what every dealing binds. */
  public Bytes digest() {
    return digest;
  }

  public Bytes toBytes() {
    Wire.Writer w = new Wire.Writer(MAGIC, VERSION).u16(threshold).u16(keys.size());
    keys.forEach(k -> w.raw(k.toArray()));
    return w.toBytes();
  }

  /** Parses a roster: untrusted bytes; checks framing, t/n and every key's length. */
  public static DkgRoster parse(Bytes bytes) throws VetKdException {
    Wire.Reader r = new Wire.Reader(bytes, MAGIC, VERSION, "dkg roster");
    int t = r.u16();
    int n = r.u16();
    ThresholdPublicKey.checkShape(t, n);
    List<Bytes> keys = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      keys.add(Bytes.of(r.raw(ReshareRecipientKey.PUBLIC_KEY_BYTES)));
    }
    r.end();
    return of(t, keys);
  }

  @Override
  public String toString() {
    return "DkgRoster[t=" + threshold + ", n=" + keys.size() + ", " + digest.hex() + "]";
  }
}
