package io.dooor.audit.internal;

import io.dooor.audit.AuditException;
import io.dooor.audit.AuditException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** C2SP signed-note encoding: text, a blank line, then "— name base64(keyID || sig)" lines. */
public final class NoteCodec {
  /** The signature line prefix: U+2014 EM DASH and a space. */
  public static final String SIG_PREFIX = "\u2014 ";

  /** Largest note accepted, and largest number of signature lines (as Go's note package). */
  public static final int MAX_NOTE_BYTES = 1 << 20;

  public static final int MAX_SIGNATURES = 100;

  private static final int ED25519_KEY_LENGTH = 32;

  private NoteCodec() {}

  /** One parsed signature line. */
  public record Sig(String name, int keyId, byte[] signature) {}

  /** A parsed (not yet verified) note. */
  public record Parsed(String text, List<Sig> signatures) {}

  /** C2SP: a key name is non-empty UTF-8 with no whitespace and no '+'. */
  public static boolean isValidName(String name) {
    if (name.isEmpty() || name.indexOf('+') >= 0) {
      return false;
    }
    return name.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))
        && StandardCharsets.UTF_8.newEncoder().canEncode(name);
  }

  /** Key ID: first four bytes of SHA-256(name || 0x0A || alg || key), big-endian. */
  public static int keyId(String name, byte alg, byte[] key) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] in = new byte[n.length + 2 + key.length];
    System.arraycopy(n, 0, in, 0, n.length);
    in[n.length] = '\n';
    in[n.length + 1] = alg;
    System.arraycopy(key, 0, in, n.length + 2, key.length);
    return ByteBuffer.wrap(Sha256.digest(in)).getInt();
  }

  /** The parts of an Ed25519 key string {@code <name>+<hex key ID>+<base64(alg || key)>}. */
  public record KeyText(String name, int keyId, byte[] publicKey) {}

  /**
   * Splits a key string whose type byte must be {@code alg} (C2SP signed-note "Verifier keys"); the
   * caller checks the name, the key and the key ID. {@code what} names the key in messages.
   *
   * @throws AuditException MALFORMED_KEY naming what is wrong
   */
  public static KeyText parseKey(String text, byte alg, String what) throws AuditException {
    String[] parts = text.split("\\+", 3);
    if (parts.length != 3 || !parts[1].matches("[0-9a-f]{8}")) {
      throw new AuditException(Reason.MALFORMED_KEY, what + " is not name+hash+key");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new AuditException(Reason.MALFORMED_KEY, what + " is not base64", e);
    }
    if (key.length != 1 + ED25519_KEY_LENGTH || key[0] != alg) {
      throw new AuditException(
          Reason.MALFORMED_KEY,
          what + " is not an Ed25519 key of type 0x" + String.format(Locale.ROOT, "%02x", alg));
    }
    return new KeyText(
        parts[0], Integer.parseUnsignedInt(parts[1], 16), Arrays.copyOfRange(key, 1, key.length));
  }

  /** The key string of an Ed25519 {@code publicKey} of type {@code alg}. */
  public static String formatKey(String name, int keyId, byte alg, byte[] publicKey) {
    byte[] raw = new byte[1 + publicKey.length];
    raw[0] = alg;
    System.arraycopy(publicKey, 0, raw, 1, publicKey.length);
    return name
        + "+"
        + String.format(Locale.ROOT, "%08x", keyId)
        + "+"
        + Base64.getEncoder().encodeToString(raw);
  }

  /** The signature line for {@code sig} by key {@code name}/{@code keyId}. */
  public static String signatureLine(String name, int keyId, byte[] sig) {
    byte[] blob = ByteBuffer.allocate(4 + sig.length).putInt(keyId).put(sig).array();
    return SIG_PREFIX + name + " " + Base64.getEncoder().encodeToString(blob) + "\n";
  }

  /** Parses a signed note; checks characters, the blank line and every signature line. */
  public static Parsed parse(byte[] msg) throws AuditException {
    if (msg.length > MAX_NOTE_BYTES) {
      throw malformed("note longer than " + MAX_NOTE_BYTES + " bytes");
    }
    String s = Utf8.strict(msg, Reason.MALFORMED_NOTE, "note");
    if (s.chars().anyMatch(c -> c < 0x20 && c != '\n')) {
      throw malformed("note contains a control character other than newline");
    }
    int split = s.lastIndexOf("\n\n");
    if (split < 0) {
      throw malformed("note has no blank line before its signatures");
    }
    String text = s.substring(0, split + 1);
    String sigs = s.substring(split + 2);
    if (sigs.isEmpty() || !sigs.endsWith("\n")) {
      throw malformed("note signature block is empty or does not end with a newline");
    }
    List<Sig> out = new ArrayList<>();
    for (String line : sigs.substring(0, sigs.length() - 1).split("\n", -1)) {
      if (out.size() == MAX_SIGNATURES) {
        throw malformed("more than " + MAX_SIGNATURES + " signatures");
      }
      out.add(parseLine(line));
    }
    return new Parsed(text, out);
  }

  private static Sig parseLine(String line) throws AuditException {
    if (!line.startsWith(SIG_PREFIX)) {
      throw malformed("signature line does not start with an em dash and a space");
    }
    String rest = line.substring(SIG_PREFIX.length());
    int space = rest.indexOf(' ');
    if (space < 0) {
      throw malformed("signature line has no space between name and signature");
    }
    String name = rest.substring(0, space);
    String b64 = rest.substring(space + 1);
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw malformed("signature of '" + name + "' is not base64");
    }
    if (!isValidName(name) || blob.length < 5) {
      throw malformed("signature line has an invalid name or a signature under 5 bytes");
    }
    int keyId = ByteBuffer.wrap(blob).getInt();
    return new Sig(name, keyId, Arrays.copyOfRange(blob, 4, blob.length));
  }

  /** Whether the note text is signable: non-empty UTF-8 ending in a newline, no control chars. */
  public static boolean isValidText(String text) {
    return text.endsWith("\n")
        && text.chars().noneMatch(c -> c < 0x20 && c != '\n')
        && StandardCharsets.UTF_8.newEncoder().canEncode(text);
  }

  private static AuditException malformed(String message) {
    return new AuditException(Reason.MALFORMED_NOTE, message);
  }
}
