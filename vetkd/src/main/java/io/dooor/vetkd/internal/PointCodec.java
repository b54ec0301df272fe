package io.dooor.vetkd.internal;

import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import java.security.MessageDigest;

/** Shared checks for compressed point encodings (ZCash/IETF form, spec §1). */
final class PointCodec {
  private PointCodec() {}

  /** Checks the length and the compression flag before any native code sees the bytes. */
  static void checkFrame(byte[] bytes, int length, String what) throws VetKdException {
    if (bytes.length != length) {
      throw new VetKdException(
          Reason.INVALID_ENCODING,
          what + " must be " + length + " bytes compressed, got " + bytes.length);
    }
    if ((bytes[0] & 0x80) == 0) {
      throw new VetKdException(Reason.INVALID_ENCODING, what + " lacks the compression flag");
    }
  }

  static void checkDecoded(
      byte[] input,
      byte[] reencoded,
      boolean inGroup,
      boolean isInf,
      IdentityPolicy policy,
      String what)
      throws VetKdException {
    if (!MessageDigest.isEqual(input, reencoded)) {
      throw new VetKdException(Reason.INVALID_ENCODING, what + " is not in canonical form");
    }
    if (!inGroup) {
      throw new VetKdException(
          Reason.POINT_NOT_IN_SUBGROUP, what + " is not in the prime-order subgroup");
    }
    if (isInf && policy == IdentityPolicy.REFUSE) {
      throw new VetKdException(Reason.IDENTITY_NOT_ALLOWED, what + " must not be the identity");
    }
  }

  static VetKdException notOnCurve(String what, RuntimeException e) {
    return new VetKdException(
        Reason.POINT_NOT_ON_CURVE, what + " does not decode to a curve point", e);
  }
}
