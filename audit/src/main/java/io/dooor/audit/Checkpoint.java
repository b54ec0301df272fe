package io.dooor.audit;

import io.dooor.audit.AuditException.Reason;
import io.dooor.audit.internal.NoteCodec;
import io.dooor.common.Bytes;
import java.util.List;

/**
 * A C2SP tlog-checkpoint body: origin line, decimal tree size, base64 root hash, then optional
 * extension lines, each ending in a newline.
 *
 * @param origin the log's unique name (also the signing key's name)
 * @param size number of entries in the tree
 * @param rootHash RFC 9162 root hash of those entries
 * @param extensions extra non-empty lines (none written by this log)
 */
public record Checkpoint(String origin, long size, Bytes rootHash, List<String> extensions) {
  public Checkpoint {
    if (origin.isEmpty() || !NoteCodec.isValidText(origin + "\n") || origin.contains("\n")) {
      throw new IllegalArgumentException("invalid checkpoint origin '" + origin + "'");
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative tree size " + size);
    }
    if (rootHash.length() != 32) {
      throw new IllegalArgumentException("root hash must be 32 bytes");
    }
    extensions = List.copyOf(extensions);
    for (String e : extensions) {
      if (e.isEmpty() || e.contains("\n") || !NoteCodec.isValidText(e + "\n")) {
        throw new IllegalArgumentException("invalid checkpoint extension line");
      }
    }
  }

  public static Checkpoint of(String origin, long size, Bytes rootHash) {
    return new Checkpoint(origin, size, rootHash, List.of());
  }

  /** The note text (the bytes that are signed). */
  public String body() {
    StringBuilder sb = new StringBuilder();
    sb.append(origin).append('\n').append(size).append('\n').append(rootHash.base64()).append('\n');
    extensions.forEach(e -> sb.append(e).append('\n'));
    return sb.toString();
  }

  /**
   * Parses a checkpoint body (C2SP tlog-checkpoint "Note text").
   *
   * @throws AuditException MALFORMED_CHECKPOINT naming the bad line
   */
  public static Checkpoint parse(String body) throws AuditException {
    if (!body.endsWith("\n")) {
      throw malformed("checkpoint does not end with a newline");
    }
    String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw malformed("checkpoint has " + lines.length + " lines, needs at least 3");
    }
    long size = parseSize(lines[1]);
    Bytes root;
    try {
      root = Bytes.fromBase64(lines[2]);
    } catch (IllegalArgumentException e) {
      throw malformed("root hash line is not base64");
    }
    if (root.length() != 32 || !root.base64().equals(lines[2])) {
      throw malformed("root hash line is not the canonical base64 of 32 bytes");
    }
    try {
      return new Checkpoint(lines[0], size, root, List.of(lines).subList(3, lines.length));
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  private static long parseSize(String line) throws AuditException {
    if (line.isEmpty()
        || line.length() > 20
        || !line.chars().allMatch(c -> c >= '0' && c <= '9')
        || (line.length() > 1 && line.charAt(0) == '0')) {
      throw malformed("tree size line '" + line + "' is not a canonical decimal");
    }
    try {
      return Long.parseLong(line);
    } catch (NumberFormatException e) {
      throw malformed("tree size " + line + " too large");
    }
  }

  private static AuditException malformed(String message) {
    return new AuditException(Reason.MALFORMED_CHECKPOINT, message);
  }
}
