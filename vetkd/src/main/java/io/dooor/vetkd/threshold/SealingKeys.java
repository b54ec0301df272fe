package io.dooor.vetkd.threshold;

import io.dooor.common.SecretBytes;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import java.util.Base64;
import java.util.HexFormat;

/** Parsing of textual sealing keys: 64 hex digits or base64 of 32 bytes. */
final class SealingKeys {
  private SealingKeys() {}

  static SecretBytes parse(String text, String where) throws VetKdException {
    String t = text.strip();
    byte[] key;
    try {
      key = t.length() == 64 ? HexFormat.of().parseHex(t) : Base64.getDecoder().decode(t);
    } catch (IllegalArgumentException e) {
      throw new VetKdException(
          Reason.SEALING_KEY_UNAVAILABLE, where + " is neither 64 hex digits nor base64", e);
    }
    if (key.length != 32) {
      throw new VetKdException(
          Reason.SEALING_KEY_UNAVAILABLE, where + " must hold 32 bytes, got " + key.length);
    }
    return SecretBytes.of(key);
  }
}
