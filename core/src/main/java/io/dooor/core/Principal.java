package io.dooor.core;

import io.dooor.common.Bytes;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * An Internet Computer principal: up to 29 bytes with a checksummed text form (IC interface spec,
 * "Principals" and "Textual representation of principals"). Callers of the control plane are
 * self-authenticating principals derived from their public key.
 */
public final class Principal {
  /** Maximum length of a principal's bytes. */
  public static final int MAX_LENGTH = 29;

  /** Maximum length of the text form: 53 base32 characters for 33 bytes, plus 10 dashes. */
  public static final int MAX_TEXT_LENGTH = 63;

  private static final byte SELF_AUTHENTICATING = 0x02;
  private static final byte ANONYMOUS = 0x04;
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

  private final byte[] bytes;
  private String text; // cached toText(); a benign race, String is immutable

  private Principal(byte[] bytes) {
    if (bytes.length > MAX_LENGTH) {
      throw new IllegalArgumentException("principal longer than 29 bytes: " + bytes.length);
    }
    this.bytes = bytes;
  }

  /** A principal from its raw bytes (copied); at most 29 bytes. */
  public static Principal of(byte[] bytes) {
    return new Principal(bytes.clone());
  }

  /** A principal from its raw bytes; at most 29 bytes. */
  public static Principal of(Bytes bytes) {
    return new Principal(bytes.toArray());
  }

  /** The anonymous principal, text {@code 2vxsx-fae}. */
  public static Principal anonymous() {
    return new Principal(new byte[] {ANONYMOUS});
  }

  /** The management canister, text {@code aaaaa-aa}. */
  public static Principal managementCanister() {
    return new Principal(new byte[0]);
  }

  /**
   * The self-authenticating principal of a DER-encoded SubjectPublicKeyInfo: SHA-224(der) || 0x02
   * (IC interface spec, "Special forms of principals").
   */
  public static Principal selfAuthenticating(byte[] spkiDer) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-224").digest(spkiDer);
      byte[] out = Arrays.copyOf(hash, hash.length + 1);
      out[hash.length] = SELF_AUTHENTICATING;
      return new Principal(out);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-224 unavailable", e);
    }
  }

  /** As {@link #selfAuthenticating(byte[])}. */
  public static Principal selfAuthenticating(Bytes spkiDer) {
    return selfAuthenticating(spkiDer.toArray());
  }

  /**
   * Parses the text form, checking length, alphabet, the CRC32 checksum and the grouping: the text
   * must be exactly what {@link #toText()} produces (lower case, a dash every five characters, zero
   * padding bits), as in the IC interface spec and {@code @dfinity/principal}'s {@code fromText}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Principal parse(String text) {
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException(
          "principal text longer than " + MAX_TEXT_LENGTH + " characters: " + text.length());
    }
    String compact = text.replace("-", "");
    byte[] decoded = base32Decode(compact);
    if (decoded.length < 4) {
      throw new IllegalArgumentException("principal text too short: '" + text + "'");
    }
    Principal p = new Principal(Arrays.copyOfRange(decoded, 4, decoded.length));
    if (ByteBuffer.wrap(decoded).getInt() != crc32(p.bytes)) {
      throw new IllegalArgumentException("principal text has a bad checksum: '" + text + "'");
    }
    if (!p.toText().equals(text)) {
      throw new IllegalArgumentException(
          "principal text is not in canonical form (grouping or padding): '"
              + text
              + "', expected '"
              + p.toText()
              + "'");
    }
    return p;
  }

  /** The raw bytes (a copy). */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** True for SHA-224(der) || 0x02 principals (29 bytes ending in 0x02). */
  public boolean isSelfAuthenticating() {
    return bytes.length == 29 && bytes[28] == SELF_AUTHENTICATING;
  }

  /** True for the anonymous principal (the single byte 0x04). */
  public boolean isAnonymous() {
    return bytes.length == 1 && bytes[0] == ANONYMOUS;
  }

  /** Text form: base32(CRC32(bytes) || bytes), lower case, no padding, dash every 5 chars. */
  public String toText() {
    String t = text;
    if (t == null) {
      t = encodeText(bytes);
      text = t;
    }
    return t;
  }

  private static int crc32(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    return (int) crc.getValue();
  }

  private static String encodeText(byte[] bytes) {
    byte[] body = ByteBuffer.allocate(4 + bytes.length).putInt(crc32(bytes)).put(bytes).array();
    String b32 = base32Encode(body);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < b32.length(); i += 5) {
      if (i > 0) {
        sb.append('-');
      }
      sb.append(b32, i, Math.min(i + 5, b32.length()));
    }
    return sb.toString();
  }

  private static String base32Encode(byte[] data) {
    StringBuilder sb = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return sb.toString();
  }

  private static byte[] base32Decode(String text) {
    ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8 + 1);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < text.length(); i++) {
      int v = ALPHABET.indexOf(text.charAt(i));
      if (v < 0) {
        throw new IllegalArgumentException(
            "principal text has invalid character '" + text.charAt(i) + "'");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Principal p && MessageDigest.isEqual(bytes, p.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toText();
  }
}
