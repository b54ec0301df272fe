package io.dooor.common;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An immutable byte string: the way raw bytes cross public APIs. Equality is constant-time so that
 * it is safe for digests and MACs; {@link #toString()} prints hex, so never wrap secrets in it.
 */
public final class Bytes {
  private static final Bytes EMPTY = new Bytes(new byte[0]);
  private final byte[] value;

  private Bytes(byte[] value) {
    this.value = value;
  }

  /** Copies {@code value}. */
  public static Bytes of(byte[] value) {
    return value.length == 0 ? EMPTY : new Bytes(value.clone());
  }

  public static Bytes empty() {
    return EMPTY;
  }

  /** Parses lower- or upper-case hex; throws IllegalArgumentException naming the problem. */
  public static Bytes fromHex(String hex) {
    return new Bytes(HexFormat.of().parseHex(hex));
  }

  /** Parses standard base64 (RFC 4648 §4); throws IllegalArgumentException on bad input. */
  public static Bytes fromBase64(String b64) {
    return new Bytes(Base64.getDecoder().decode(b64));
  }

  public byte[] toArray() {
    return value.clone();
  }

  public int length() {
    return value.length;
  }

  public boolean isEmpty() {
    return value.length == 0;
  }

  public byte at(int index) {
    return value[index];
  }

  public Bytes slice(int from, int to) {
    return new Bytes(Arrays.copyOfRange(value, from, to));
  }

  public String hex() {
    return HexFormat.of().formatHex(value);
  }

  public String base64() {
    return Base64.getEncoder().encodeToString(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && MessageDigest.isEqual(value, other.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return hex();
  }
}
