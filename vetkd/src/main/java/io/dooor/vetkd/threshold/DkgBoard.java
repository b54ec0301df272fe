package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One closed round of a distributed key generation as the relay broadcasts it ({@code dooor
 * keyshare dkg-relay}): what each holder posted in that round (its public key, its dealing, its
 * complaint or nothing, its answers), by holder index. The relay only relays: sub-shares inside
 * dealings are encrypted to their holders, everything else is public and signed. Every holder reads
 * the same board and hashes all boards into a transcript digest it prints, so a relay that showed
 * holders different boards is caught when they compare.
 *
 * <p>Wire form (untrusted input, {@link #parse}): "DVKB" || version 1 || u8 round || u16 n || u16
 * count || count × (u16 index || u32 length || bytes), indices strictly increasing in 1..n, each
 * entry at most {@value #MAX_ENTRY} bytes.
 */
public final class DkgBoard {
  /** Largest entry: a dealing to 255 holders with threshold 255, with headroom. */
  public static final int MAX_ENTRY = 256 * 1024;

  private static final String MAGIC = "DVKB";
  private static final int VERSION = 1;
  private static final int ROUNDS = 4;

  private final int round;
  private final int holders;
  private final Map<Integer, Bytes> entries;

  private DkgBoard(int round, int holders, Map<Integer, Bytes> entries) {
    this.round = round;
    this.holders = holders;
    this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
  }

  /** Round {@code round} (0..3) of n holders with these entries, checked. */
  public static DkgBoard of(int round, int holders, Map<Integer, Bytes> entries)
      throws VetKdException {
    if (round < 0 || round >= ROUNDS) {
      throw new VetKdException(Reason.INVALID_ARGUMENT, "dkg round " + round + " is not 0..3");
    }
    ThresholdPublicKey.checkShape(1, holders);
    for (Map.Entry<Integer, Bytes> e : entries.entrySet()) {
      if (e.getKey() < 1 || e.getKey() > holders) {
        throw new VetKdException(
            Reason.INVALID_ARGUMENT,
            "board entry of holder " + e.getKey() + " outside 1.." + holders);
      }
      if (e.getValue().length() > MAX_ENTRY) {
        throw new VetKdException(
            Reason.INVALID_ARGUMENT,
            "board entry of holder " + e.getKey() + " exceeds " + MAX_ENTRY);
      }
    }
    return new DkgBoard(round, holders, entries);
  }

  public int round() {
    return round;
  }

  public int holders() {
    return holders;
  }

  /** What each holder posted, by index; holders that posted nothing are absent. */
  public Map<Integer, Bytes> entries() {
    return entries;
  }

  public Bytes digest() {
    return Digests.sha256(toBytes().toArray());
  }

  public Bytes toBytes() {
    Wire.Writer w = new Wire.Writer(MAGIC, VERSION).u16(round).u16(holders).u16(entries.size());
    entries.forEach((i, b) -> w.u16(i).blob(b.toArray()));
    return w.toBytes();
  }

  /** Parses a board: untrusted bytes from the relay. Checks framing, indices and sizes. */
  public static DkgBoard parse(Bytes bytes) throws VetKdException {
    Wire.Reader r = new Wire.Reader(bytes, MAGIC, VERSION, "dkg board");
    int round = r.u16();
    int n = r.u16();
    int count = r.u16();
    if (round >= ROUNDS || n < 1 || n > ThresholdPublicKey.MAX_HOLDERS || count > n) {
      throw r.bad("round " + round + ", " + count + " entries of n=" + n);
    }
    Map<Integer, Bytes> entries = new TreeMap<>();
    int last = 0;
    for (int k = 0; k < count; k++) {
      int index = r.u16();
      if (index <= last || index > n) {
        throw r.bad(
            "entry of holder " + index + " after " + last + " (increasing, in 1.." + n + ")");
      }
      entries.put(index, Bytes.of(r.blob(MAX_ENTRY)));
      last = index;
    }
    r.end();
    return new DkgBoard(round, n, entries);
  }

  @Override
  public String toString() {
    return "DkgBoard[round " + round + ", " + entries.keySet() + " of " + holders + "]";
  }
}
