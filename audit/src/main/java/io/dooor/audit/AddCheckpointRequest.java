package io.dooor.audit;

import io.dooor.audit.WitnessException.Reason;
import io.dooor.common.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a C2SP tlog-witness {@code add-checkpoint} request: the line {@code old <size>}, at
 * most 63 consistency proof lines (one base64 hash each), an empty line, then the signed checkpoint
 * note. Parsed strictly (canonical decimals and base64, UTF-8, newline-terminated lines).
 *
 * @param oldSize the size of the latest checkpoint the client believes the witness cosigned
 * @param proof the RFC 6962 §2.1.2 consistency proof from {@code oldSize} to the checkpoint
 * @param signedNote the checkpoint as a signed note (may carry several signatures)
 */
public record AddCheckpointRequest(long oldSize, List<Bytes> proof, String signedNote) {
  /** Most proof lines a request may carry (C2SP tlog-witness). */
  public static final int MAX_PROOF_LINES = 63;

  /** Largest request body accepted. */
  public static final int MAX_BODY = 1 << 20;

  public AddCheckpointRequest {
    if (oldSize < 0) {
      throw new IllegalArgumentException("negative old size");
    }
    proof = List.copyOf(proof);
    if (proof.size() > MAX_PROOF_LINES) {
      throw new IllegalArgumentException("more than " + MAX_PROOF_LINES + " proof lines");
    }
    proof.forEach(ProofWire::requireHash);
  }

  /** The request body. */
  public byte[] encode() {
    StringBuilder sb = new StringBuilder("old ").append(oldSize).append('\n');
    proof.forEach(h -> sb.append(h.base64()).append('\n'));
    sb.append('\n').append(signedNote);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a request body.
   *
   * @throws WitnessException MALFORMED_REQUEST naming the part that is wrong
   */
  public static AddCheckpointRequest parse(byte[] body) throws WitnessException {
    if (body.length > MAX_BODY) {
      throw malformed("body is longer than " + MAX_BODY + " bytes");
    }
    String s = utf8(body);
    int nl = s.indexOf('\n');
    if (nl < 0) {
      throw malformed("old size line is missing or does not end with a newline");
    }
    long oldSize = oldSize(s.substring(0, nl));
    List<Bytes> proof = new ArrayList<>();
    int at = nl + 1;
    while (true) {
      int end = s.indexOf('\n', at);
      if (end < 0) {
        throw malformed("the empty line before the checkpoint is missing");
      }
      if (end == at) {
        return new AddCheckpointRequest(oldSize, proof, s.substring(end + 1));
      }
      if (proof.size() == MAX_PROOF_LINES) {
        throw malformed("more than " + MAX_PROOF_LINES + " consistency proof lines");
      }
      proof.add(hash(s.substring(at, end), proof.size()));
      at = end + 1;
    }
  }

  private static long oldSize(String line) throws WitnessException {
    if (!line.startsWith("old ")) {
      throw malformed("first line is not 'old <size>'");
    }
    String n = line.substring(4);
    if (n.isEmpty()
        || n.length() > 19
        || !n.chars().allMatch(c -> c >= '0' && c <= '9')
        || (n.length() > 1 && n.charAt(0) == '0')) {
      throw malformed("old size is not a canonical decimal");
    }
    return Long.parseLong(n);
  }

  private static Bytes hash(String line, int i) throws WitnessException {
    Bytes h;
    try {
      h = Bytes.fromBase64(line);
    } catch (IllegalArgumentException e) {
      throw malformed("consistency proof line " + i + " is not base64");
    }
    if (h.length() != 32 || !h.base64().equals(line)) {
      throw malformed("consistency proof line " + i + " is not the base64 of a 32-byte hash");
    }
    return h;
  }

  private static String utf8(byte[] body) throws WitnessException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed("body is not valid UTF-8");
    }
  }

  private static WitnessException malformed(String message) {
    return new WitnessException(Reason.MALFORMED_REQUEST, message);
  }
}
