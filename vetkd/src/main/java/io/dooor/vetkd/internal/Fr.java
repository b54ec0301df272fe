package io.dooor.vetkd.internal;

import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import supranational.blst.Scalar;

/**
 * An element of Fr, the scalar field of BLS12-381 (order r). Immutable: every operation works on a
 * copy of the native value. Arithmetic is blst's constant-time code; encodings are big-endian.
 */
public final class Fr {
  /** The group order r. */
  public static final BigInteger ORDER =
      new BigInteger("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16);

  /** Encoded length. */
  public static final int BYTES = 32;

  private static final byte[] ORDER_BYTES = toFixed(ORDER);
  private static final Fr MINUS_ONE = new Fr(new Scalar(ORDER.subtract(BigInteger.ONE)));
  private final Scalar value;

  private Fr(Scalar value) {
    this.value = value;
  }

  /** Decodes a 32-byte big-endian scalar, rejecting values at or above r (spec §1). */
  public static Fr fromBigEndian(byte[] bytes) throws VetKdException {
    if (bytes.length != BYTES) {
      throw new VetKdException(
          Reason.INVALID_ENCODING, "scalar must be 32 bytes, got " + bytes.length);
    }
    if (!ConstantTime.lessThan(bytes, ORDER_BYTES)) {
      throw new VetKdException(Reason.SCALAR_OUT_OF_RANGE, "scalar is not below the group order");
    }
    return new Fr(new Scalar().from_bendian(bytes));
  }

  /** Decodes the little-endian form used by Rust ic-vetkeys (zkcrypto {@code Scalar::to_bytes}). */
  public static Fr fromLittleEndian(byte[] bytes) throws VetKdException {
    byte[] be = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      be[i] = bytes[bytes.length - 1 - i];
    }
    return fromBigEndian(be);
  }

  /** A public value reduced mod r (Lagrange coefficients, indices). Not for secrets. */
  public static Fr of(BigInteger v) {
    return new Fr(new Scalar(v.mod(ORDER)));
  }

  /** Reduces a 64-byte little-endian integer mod r (zkcrypto {@code Scalar::from_bytes_wide}). */
  public static Fr fromWideLittleEndian(byte[] wide64) {
    byte[] be = new byte[wide64.length + 1];
    for (int i = 0; i < wide64.length; i++) {
      be[be.length - 1 - i] = wide64[i];
    }
    return of(new BigInteger(be));
  }

  /** A uniformly random non-zero scalar, by rejection sampling 255-bit candidates. */
  public static Fr random(SecureRandom rng) {
    byte[] b = new byte[BYTES];
    while (true) {
      rng.nextBytes(b);
      b[0] &= 0x7f;
      if (ConstantTime.lessThan(b, ORDER_BYTES)) {
        Fr f = new Fr(new Scalar().from_bendian(b));
        if (!f.isZero()) {
          return f;
        }
      }
    }
  }

  /**
   * RFC 9380 hash_to_field into Fr, count 1, expand_message_xmd SHA-256, L = 48, big-endian mod r
   * (spec §2 hash_to_scalar).
   */
  public static Fr hashToScalar(byte[] msg, String dst) {
    return new Fr(new Scalar().hash_to(msg, dst));
  }

  /** {@code hash_to_scalar(u64be(|a|) || a || u64be(|b|) || b, dst)} (spec §2). */
  public static Fr hashToScalarTwoInputs(byte[] a, byte[] b, String dst) {
    byte[] in =
        ByteBuffer.allocate(16 + a.length + b.length)
            .putLong(a.length)
            .put(a)
            .putLong(b.length)
            .put(b)
            .array();
    return hashToScalar(in, dst);
  }

  /*
   * blst's checked scalar arithmetic (blst_sk_*_n_check) refuses zero operands and zero results,
   * so zero is handled here: a result that is zero comes back as a refusal and is mapped to ZERO.
   */

  public Fr add(Fr o) {
    if (isZero()) {
      return o;
    }
    if (o.isZero()) {
      return this;
    }
    try {
      return new Fr(value.dup().add(o.value));
    } catch (RuntimeException zeroResult) {
      return zero();
    }
  }

  public Fr sub(Fr o) {
    if (o.isZero()) {
      return this;
    }
    if (isZero()) {
      return o.mul(MINUS_ONE);
    }
    try {
      return new Fr(value.dup().sub(o.value));
    } catch (RuntimeException zeroResult) {
      return zero();
    }
  }

  public Fr mul(Fr o) {
    if (isZero() || o.isZero()) {
      return zero();
    }
    return new Fr(value.dup().mul(o.value));
  }

  /** The multiplicative inverse; the inverse of zero is zero (callers must not invert zero). */
  public Fr inverse() {
    return isZero() ? this : new Fr(value.dup().inverse());
  }

  public static Fr zero() {
    return new Fr(new Scalar(BigInteger.ZERO));
  }

  public boolean isZero() {
    byte[] b = value.to_bendian();
    int acc = 0;
    for (byte x : b) {
      acc |= x;
    }
    return acc == 0;
  }

  public byte[] toBigEndian() {
    return value.to_bendian();
  }

  /** Only for public values (coefficients, indices). */
  public BigInteger toBigInteger() {
    return new BigInteger(1, value.to_bendian());
  }

  Scalar blst() {
    return value;
  }

  /** Constant-time equality. */
  public boolean sameAs(Fr o) {
    return MessageDigest.isEqual(value.to_bendian(), o.value.to_bendian());
  }

  @Override
  public String toString() {
    return "Fr[redacted]";
  }

  private static byte[] toFixed(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[BYTES];
    int n = Math.min(raw.length, BYTES);
    System.arraycopy(raw, raw.length - n, out, BYTES - n, n);
    return out;
  }
}
