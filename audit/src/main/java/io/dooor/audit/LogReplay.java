package io.dooor.audit;

import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.internal.CompactRange;
import io.dooor.common.Bytes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Full replay of the log (RFC 9162 §2.1.1 recomputed from the leaves). Each entry must decode and
 * carry its own position; a higher position means entries are missing, a lower one that they were
 * reordered or duplicated. Every failure names the position of the first bad entry.
 */
public final class LogReplay {
  private LogReplay() {}

  /**
   * What a replay established.
   *
   * @param entries number of entries replayed
   * @param checkpointsMatched number of signed roots recomputed and matched
   * @param root root of all replayed entries
   */
  public record Result(long entries, int checkpointsMatched, Bytes root) {}

  static Result ofEntries(List<Bytes> entries, List<VerifiedCheckpoint> checkpoints)
      throws AuditException {
    List<VerifiedCheckpoint> cps = new ArrayList<>(checkpoints);
    cps.sort(Comparator.comparingLong(VerifiedCheckpoint::size));
    CompactRange tree = new CompactRange();
    int next = 0;
    long lastGood = 0;
    while (next < cps.size() && cps.get(next).size() == 0) {
      checkRoot(tree, cps.get(next++), 0);
    }
    for (int i = 0; i < entries.size(); i++) {
      checkEntry(i, entries, i);
      tree.append(MerkleVerifier.leafHash(entries.get(i)).toArray());
      while (next < cps.size() && cps.get(next).size() == i + 1L) {
        checkRoot(tree, cps.get(next++), lastGood);
        lastGood = i + 1L;
      }
    }
    if (next < cps.size()) {
      throw new AuditException(
          Reason.ENTRY_MISSING,
          entries.size(),
          "checkpoint of size " + cps.get(next).size() + " but only " + entries.size() + " entries",
          null);
    }
    return new Result(entries.size(), cps.size(), Bytes.of(tree.root()));
  }

  static Result ofTiles(AuditVerifier.TileFetcher fetcher, VerifiedCheckpoint cp)
      throws AuditException {
    long n = cp.size();
    CompactRange tree = new CompactRange();
    for (long k = 0; k * 256 < n; k++) {
      for (Bytes h : tileHashes(fetcher, k, n)) {
        tree.append(h.toArray());
      }
    }
    if (!MessageDigest.isEqual(tree.root(), cp.checkpoint().rootHash().toArray())) {
      throw new AuditException(
          Reason.ROOT_MISMATCH, "the log's level-0 tiles do not hash to the signed root");
    }
    for (long k = 0; k * 256 < n; k++) {
      checkBundle(fetcher, k, n);
    }
    return new Result(n, 1, cp.checkpoint().rootHash());
  }

  private static List<Bytes> tileHashes(AuditVerifier.TileFetcher fetcher, long k, long n)
      throws AuditException {
    int width = (int) Math.min(256, n - 256 * k);
    return EntryBundle.parseTile(fetcher.fetch(new TilePath(0, k, width).toString()), width);
  }

  private static void checkBundle(AuditVerifier.TileFetcher fetcher, long k, long n)
      throws AuditException {
    int width = (int) Math.min(256, n - 256 * k);
    List<Bytes> hashes = tileHashes(fetcher, k, n);
    List<Bytes> bundle =
        EntryBundle.parse(fetcher.fetch(new TilePath(TilePath.ENTRIES, k, width).toString()));
    for (int j = 0; j < width; j++) {
      long position = 256 * k + j;
      if (j >= bundle.size()) {
        throw new AuditException(
            Reason.ENTRY_MISSING, position, "entry bundle " + k + " ends early", null);
      }
      checkEntry(position, bundle, j);
      if (!MerkleVerifier.leafHash(bundle.get(j)).equals(hashes.get(j))) {
        throw new AuditException(
            Reason.ENTRY_MISMATCH, position, "entry differs from the signed tree's leaf", null);
      }
    }
    if (bundle.size() > width) {
      throw new AuditException(Reason.MALFORMED_TILE, "entry bundle " + k + " is too long");
    }
  }

  /** Checks that {@code list.get(at)} decodes and is entry {@code position}. */
  private static void checkEntry(long position, List<Bytes> list, int at) throws AuditException {
    long seq = decode(position, list.get(at)).seq();
    if (seq == position) {
      return;
    }
    if (seq > position && !appearsLater(position, list, at)) {
      throw new AuditException(
          Reason.ENTRY_MISSING, position, "found entry " + seq + " in its place", null);
    }
    throw new AuditException(
        Reason.SEQUENCE_MISMATCH, position, "entry " + seq + " found out of order", null);
  }

  private static boolean appearsLater(long position, List<Bytes> list, int at) {
    for (int i = at + 1; i < list.size(); i++) {
      try {
        if (AuditEntry.decode(list.get(i)).seq() == position) {
          return true;
        }
      } catch (AuditException e) {
        // a malformed later entry is reported when replay reaches it
      }
    }
    return false;
  }

  private static AuditEntry decode(long position, Bytes encoded) throws AuditException {
    try {
      return AuditEntry.decode(encoded);
    } catch (AuditException ex) {
      throw new AuditException(ex.reason(), position, ex.getMessage(), ex);
    }
  }

  private static void checkRoot(CompactRange tree, VerifiedCheckpoint cp, long lastGood)
      throws AuditException {
    if (!MessageDigest.isEqual(tree.root(), cp.checkpoint().rootHash().toArray())) {
      throw new AuditException(
          Reason.ROOT_MISMATCH,
          lastGood,
          "root of the first "
              + cp.size()
              + " entries differs from the signed root; the entries"
              + " from "
              + lastGood
              + " on do not match",
          null);
    }
  }
}
